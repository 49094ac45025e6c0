#!/usr/bin/env bash
# The packaged extension: npm run package → the .vsix holds exactly the files it should
# (checked with `vsce ls`), is under 200 KB, installs into the code-server host and activates there.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/package.mjs > /tmp/zbj-package.log || { cat /tmp/zbj-package.log; exit 1; }
tail -1 /tmp/zbj-package.log
vsix=$(ls -t zoho-bulk-jobs-*.vsix | head -1)
expected=$'CHANGELOG.md\nLICENSE\nREADME.md\ndist/extension.js\nmedia/zoho-bulk.svg\npackage.json'
actual=$(node node_modules/@vscode/vsce/vsce ls --no-dependencies 2>/dev/null | sort)
if [ "$actual" != "$expected" ]; then
  echo "vsce ls lists unexpected files:"; diff <(echo "$expected") <(echo "$actual") || true; exit 1
fi
echo "vsce ls: $(echo "$actual" | tr '\n' ' ')"
size=$(stat -c %s "$vsix")
[ "$size" -lt 204800 ] || { echo "$vsix is $size bytes (limit 200 KB)"; exit 1; }
if unzip -l "$vsix" | grep -E '\.map$|node_modules/|/src/|/test/' ; then echo "the .vsix holds files it should not"; exit 1; fi
node esbuild.js --tests > /dev/null
VSCODE_INSTALL_VSIX="$vsix" VSCODE_EXT_DEV_PATHS="[\"$PWD/test/fixtures/probe-extension\"]" ZBJ_REPO_ROOT="$PWD" VSCODE_EXT_TESTS_PATH="$PWD/dist/test/vsix/index.js" \
  node scripts/run-vscode.mjs integration
