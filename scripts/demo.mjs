#!/usr/bin/env node
// npm run demo: builds the extension, starts the Zoho simulator with a realistic set of jobs
// (several modules and operations, some finishing during the demo, one failing, one bulk read),
// and opens VS Code with the extension already signed in to the simulator — in a throw-away
// profile, never touching your own settings or secrets.
//   - with a desktop `code` on the PATH: an Extension Development Host window;
//   - otherwise (or with --web): VS Code in the browser (code-server), printing the URL to open.
// Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['esbuild.js', '--tests']);
const hasCode = !process.argv.includes('--web') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;

if (!hasCode) {
  run('bash', ['scripts/ensure-system-deps.sh']); // code-server builds native addons (g++, libkrb5-dev, pkg-config)
  run('bash', ['scripts/install-vscode-host.sh']);
  const child = spawn(process.execPath, ['scripts/run-vscode.mjs', 'demo'], { cwd: root, stdio: 'inherit', env: { ...process.env, SIM_PORT: process.env.SIM_PORT ?? '38111' } });
  process.on('SIGINT', () => child.kill('SIGINT'));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { startSimulator, SEEDED_WRITE_JOB_IDS, SEEDED_READ_JOB_IDS } = createRequire(import.meta.url)(path.join(root, 'dist/test/sim.js'));
  const sim = await startSimulator({ port: Number(process.env.SIM_PORT ?? 38111), token: 'demo-token' });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zoho-bulk-demo-'));
  fs.mkdirSync(path.join(profile, 'data/User'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'data/User/settings.json'), JSON.stringify({ 'zohoBulkJobs.apiDomainOverride': sim.url, 'workbench.startupEditor': 'none' }, null, 2));
  console.log(`simulator: ${sim.url} (token ${sim.token}); profile: ${profile}`);
  const code = spawn('code', ['--new-window', '--wait', `--user-data-dir=${path.join(profile, 'data')}`, `--extensions-dir=${path.join(profile, 'ext')}`,
    `--extensionDevelopmentPath=${root}`, path.join(root, 'test/fixtures/workspace')], {
    stdio: 'inherit',
    env: { ...process.env, ZOHO_BULK_JOBS_DEMO_TOKEN: sim.token, ZOHO_BULK_JOBS_DEMO_JOBS: [...SEEDED_WRITE_JOB_IDS, ...SEEDED_READ_JOB_IDS].join(',') },
  });
  const stop = async () => { code.kill(); await sim.close(); fs.rmSync(profile, { recursive: true, force: true }); process.exit(0); };
  process.on('SIGINT', stop);
  code.on('exit', stop);
}
