#!/usr/bin/env bash
# `npm test`: every test, from a fresh machine. Lint and types, unit tests (plain Node against
# the simulator), then a real VS Code (code-server 1.139 on Node 24, installed into
# .vscode-host/ from npm): the in-host suite, the same suite through @vscode/test-electron's
# runTests() and its shim, and the UI tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }
step "system packages";        bash scripts/ensure-system-deps.sh
step "lint";                   npm run --silent lint
step "typecheck";              npm run --silent typecheck
step "unit tests";             npm run --silent test:unit
step "VS Code host";           bash scripts/install-vscode-host.sh
step "build";                  node esbuild.js --tests
step "in-host tests";          node scripts/run-vscode.mjs integration
step "in-host tests via @vscode/test-electron runTests()"
ZBJ_TEST_SKIP=soak VSCODE_EXECUTABLE_PATH="$PWD/scripts/code-shim.mjs" node dist/test/runTest.js
step "UI tests";               node scripts/run-vscode.mjs e2e
step ".vsix: contents, size, installs and activates"; bash scripts/test-vsix.sh
