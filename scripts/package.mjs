#!/usr/bin/env node
// npm run package: a production build, then `vsce package` → zoho-bulk-jobs-<version>.vsix holding only
// dist/extension.js, media/, package.json, README, CHANGELOG and LICENSE (see .vscodeignore); no
// source maps, no dependencies (everything is bundled). Prints the file list and the size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
fs.rmSync(path.join(root, 'dist/extension.js.map'), { force: true }); // a stale dev map must not ship
run(['esbuild.js', '--production']);
run([vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out]);
console.log(`${path.basename(out)}: ${(fs.statSync(out).size / 1024).toFixed(1)} KB`);
