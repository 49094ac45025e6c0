// The benchmark driver (npm run bench): builds the production bundle, runs the refresh benchmark,
// the finished-jobs figures (requests, memory in a --expose-gc child), the tree timing inside a
// real VS Code extension host, then prints a table and writes bench/results.json. Before the VS Code
// host is needed, it installs it as `npm test` does (scripts/ensure-system-deps.sh, install-vscode-host.sh).
//   npx tsx bench/run.ts [--quick] [--only refresh|connections|import]
//     --quick: fewer runs and no N=1000, for trying things out
//     --only refresh: the refresh figures alone (no build, no VS Code), written to dist/bench/results.refresh.json
//     --only connections: the refresh across 3 connections alone (issue 15), written to dist/bench/results.connections.json
//     --only import: the import of a 1,000,000-row CSV alone, written to dist/bench/results.import.json
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { DownloadFigures } from './download';
import { benchFinishedRequests, type MemoryResult } from './finished';
import { importLines, importOnly, measureImportInChild } from './importReport';
import type { HostInput } from './inHost';
import { benchRefresh, type RefreshCase } from './refresh';
import { refreshJson, refreshLines } from './refreshReport';
import { benchRefreshConnections, type ConnectionsCase } from './refreshConnections';
import { connectionsJson, connectionsLines, connectionsOnly } from './refreshConnectionsReport';
import { benchStorage, type StorageFigures } from './storage';
import { round } from './common';
import { check, ms, table, type Line } from './table';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'dist/bench');
const QUICK = process.argv.includes('--quick');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && !['refresh', 'connections', 'import'].includes(ONLY)) throw new Error(`--only takes: refresh, connections, import (got ${ONLY})`);
const LATENCY_MS = 50;
const CONCURRENCY = 4;
const FINISHED_JOBS = 10_000;
const IMPORT_ROWS = QUICK ? 200_000 : 1_000_000;
const CASES: RefreshCase[] = QUICK
  ? [{ n: 48, seedRuns: 2, oursRuns: 3, diagRuns: 2 }, { n: 200, seedRuns: 1, oursRuns: 2, diagRuns: 1 }]
  : [
    { n: 48, seedRuns: 5, oursRuns: 7, diagRuns: 5 }, // oursRuns: ours and the pool, paired
    { n: 200, seedRuns: 3, oursRuns: 5, diagRuns: 3 },
    { n: 1000, seedRuns: 1, oursRuns: 3, diagRuns: 1 }, // ~13 s per ours or pool run; the seed way ~53 s
  ];
// refresh across 3 connections (issue 15): runs of ours and of the pool each
const CONNECTION_CASES: ConnectionsCase[] = QUICK ? [{ n: 48, runs: 3 }, { n: 200, runs: 2 }] : [{ n: 48, runs: 7 }, { n: 200, runs: 5 }, { n: 1000, runs: 3 }];
const HOST = { warmup: 10, runs: 21, settleMs: 3000 };

const log = (s: string) => process.stderr.write(`${s}\n`);

interface HostResult {
  error?: string; hostNode?: string; vscode?: string; alreadyActive?: boolean; activationMs?: number;
  treeMs?: number; treeColdMs?: number; treeChildrenMs?: number; treeItemsMs?: number; treeRuns?: number[];
  restartFlushMs?: number; restartComposeMs?: number; savedFiles?: number; savedBytes?: number; jobsAfterRestart?: number;
}

function buildProduction(): { bytes?: number; gzipBytes?: number; error?: string } {
  const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return { error: `node esbuild.js --production failed: ${(r.stdout + r.stderr).split('\n').filter((l) => /ERROR|error/.test(l)).slice(0, 5).join(' / ')}` };
  const text = fs.readFileSync(path.join(ROOT, 'dist/extension.js'));
  return { bytes: text.length, gzipBytes: gzipSync(text).length };
}

function measureMemoryInChild(samplesFile: string): MemoryResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('bench', 'finished.ts'), '--memory', samplesFile], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_FINISHED_JOBS: String(FINISHED_JOBS) },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@MEMORY '));
  if (r.status !== 0 || !line) throw new Error(`memory child failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return JSON.parse(line.slice('@@MEMORY '.length)) as MemoryResult;
}

function measureDownloadInChild(rows: number): DownloadFigures | { error: string } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('bench', 'download.ts'), String(rows)], { cwd: ROOT, encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@DOWNLOAD '));
  return r.status === 0 && line ? (JSON.parse(line.slice('@@DOWNLOAD '.length)) as DownloadFigures) : { error: `download child failed (${r.status}): ${r.stderr.slice(0, 300)}` };
}

/** The VS Code host (and the system packages it needs), as `npm test` installs them; both scripts return at once when done before. */
function installHost(): string | undefined {
  for (const script of ['scripts/ensure-system-deps.sh', 'scripts/install-vscode-host.sh']) {
    const r = spawnSync('bash', [script], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) return `bash ${script} failed (${r.error?.message ?? `exit ${r.status}`}): the VS Code host figures are not measured`;
  }
  return undefined;
}

async function runInHost(input: HostInput): Promise<HostResult> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'inHost.input.json'), JSON.stringify(input));
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/inHost.ts')], outfile: path.join(OUT_DIR, 'inHost.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
    absWorkingDir: ROOT,
  });
  const child = spawn(process.execPath, ['scripts/run-vscode.mjs', 'integration'], {
    cwd: ROOT, env: { ...process.env, VSCODE_EXT_TESTS_PATH: path.join(OUT_DIR, 'inHost.js') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.split('\n').find((l) => l.startsWith('@@BENCH '));
  if (!line) return { error: `no @@BENCH line from the VS Code host (exit ${code}):\n${(stdout + stderr).slice(-2000)}` };
  const result = JSON.parse(line.slice('@@BENCH '.length)) as HostResult;
  if (code !== 0 && !result.error) result.error = `VS Code host run exited with ${code}`;
  return result;
}

/** --only refresh: the refresh figures alone, printed and written beside the build (bench/results.json keeps the last full run). */
async function refreshOnly(started: number): Promise<void> {
  const refresh = await benchRefresh(CASES, LATENCY_MS, CONCURRENCY, log);
  const lines = refreshLines(refresh);
  const out = path.join(OUT_DIR, 'results.refresh.json');
  const durationS = Math.round((Date.now() - started) / 1000);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, refresh: refreshJson(refresh), quick: QUICK, durationS }, null, 1)}\n`);
  console.log(`\nZoho Bulk Jobs benchmark, refresh only — node ${process.version}, ${os.cpus().length} CPUs, took ${durationS} s`);
  console.log(table(lines));
  const misses = lines.filter((l) => l.verdict === 'MISS').length;
  console.log(`\n${misses ? `${misses} target(s) missed` : 'all targets met'}; figures are medians. Written: ${path.relative(ROOT, out)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`Zoho Bulk Jobs benchmark${QUICK ? ' (quick)' : ''}${ONLY ? ` (only ${ONLY})` : ''}: node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (ONLY === 'refresh') return refreshOnly(started);
  if (ONLY === 'connections') return connectionsOnly({ cases: CONNECTION_CASES, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, outDir: OUT_DIR, quick: QUICK, started, log });
  if (ONLY === 'import') return importOnly({ rows: IMPORT_ROWS, outDir: OUT_DIR, quick: QUICK, started, log });

  log('the VS Code host, as npm test installs it (scripts/ensure-system-deps.sh, scripts/install-vscode-host.sh)…');
  const installError = installHost();
  if (installError) log(installError);

  log('building the production bundle (node esbuild.js --production)…');
  const bundle = buildProduction();
  if (bundle.error) log(`${bundle.error}\n(the VS Code host will load whatever dist/extension.js is there)`);

  log(`refresh against the simulator, L = ${LATENCY_MS} ms, C = ${CONCURRENCY}…`);
  const refresh = await benchRefresh(CASES, LATENCY_MS, CONCURRENCY, log);
  log(`refresh across 3 connections, C = ${CONCURRENCY} each…`);
  const refreshConnections = await benchRefreshConnections(CONNECTION_CASES, LATENCY_MS, CONCURRENCY, log);

  log(`${FINISHED_JOBS} finished jobs: requests, memory…`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const samplesFile = path.join(OUT_DIR, 'samples.json');
  const finished = await benchFinishedRequests(FINISHED_JOBS, samplesFile);
  const memory = measureMemoryInChild(samplesFile);

  log('download + unzip of a ~50 MB bulk read export (simulator in another process)…');
  const download = measureDownloadInChild(QUICK ? 30_000 : 115_000);

  log(`import of a ${IMPORT_ROWS.toLocaleString('en-US')}-row CSV: split + zip + upload through runImport (simulator in another process)…`);
  const imported = measureImportInChild(IMPORT_ROWS, log);

  log(`saving with ${FINISHED_JOBS} tracked jobs (one file per job, a temporary folder)…`);
  const samplesForStorage = JSON.parse(fs.readFileSync(samplesFile, 'utf8')) as HostInput['samples'];
  const storage: StorageFigures | { error: string } = await benchStorage(samplesForStorage, FINISHED_JOBS, log)
    .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));

  log('tree and activation inside VS Code (code-server, scripts/run-vscode.mjs integration)…');
  const samples = JSON.parse(fs.readFileSync(samplesFile, 'utf8')) as HostInput['samples'];
  const host: HostResult = installError ? { error: installError } : await runInHost({ jobs: FINISHED_JOBS, ...HOST, samples });
  if (host.error) log(`VS Code host: ${host.error}`);

  // ---- table ----
  const lines: Line[] = [...refreshLines(refresh), ...connectionsLines(refreshConnections)];
  const ok = host.error === undefined;
  lines.push(
    { figure: `#${FINISHED_JOBS} finished jobs (COMPLETED, realistic bodies)`, value: '', target: '', verdict: '' },
    { figure: '  requests sent by Refresh All (at the sim)', value: String(finished.requests), target: '= 0', verdict: check(finished.requests === 0) },
    { figure: '  sanity: hand refresh of one finished job', value: String(finished.oneRefreshRequests), target: '= 1', verdict: check(finished.oneRefreshRequests === 1) },
    { figure: '  memory per tracked job (heapUsed Δ / jobs)', value: `${Math.round(memory.bytesPerJob)} B`, target: '(report)', verdict: '' },
    { figure: '  tree root: children + items, in VS Code', value: ms(host.treeMs, 1), target: '< 50 ms', verdict: ok ? check((host.treeMs ?? Infinity) < 50) : 'MISS' },
    { figure: '  diag, tree: getChildren() | getTreeItem() ×10,000', value: `${ms(host.treeChildrenMs, 1)} | ${ms(host.treeItemsMs, 1)}`, target: '', verdict: '' },
    { figure: '  tree root, first read after load (+sort)', value: ms(host.treeColdMs, 1), target: '(report)', verdict: '' },
    { figure: `  activation, ext.activate()${host.alreadyActive ? ' (host had done it)' : ', empty state'}`, value: host.alreadyActive ? 'n/a' : ms(host.activationMs), target: '(report)', verdict: '' },
    { figure: '  restart with them saved: write 10,000 new files | compose (load them)', value: `${ms(host.restartFlushMs)} | ${ms(host.restartComposeMs)}`, target: '(report)', verdict: '' },
    { figure: '#result download: bulk read export → zip on disk → CSV → summary (ResultService)', value: '', target: '', verdict: '' },
    ...('error' in download ? [{ figure: '  failed', value: download.error, target: '', verdict: 'MISS' }] as Line[] : [
      { figure: `  ${download.rows.toLocaleString('en-US')} rows, CSV size`, value: `${(download.csvBytes / 1048576).toFixed(1)} MB`, target: '', verdict: '' },
      { figure: '  throughput (CSV MB / wall s)', value: `${download.mbPerSec} MB/s`, target: '(report)', verdict: '' },
      { figure: '  peak RSS growth over baseline', value: `${download.peakRssGrowthMb} MB`, target: '< 64 MB', verdict: check(download.peakRssGrowthMb < 64) },
    ] as Line[]),
    ...importLines(imported, IMPORT_ROWS),
    ...storageLines(storage),
    { figure: '#bundle', value: '', target: '', verdict: '' },
    { figure: '  dist/extension.js, production', value: bundle.bytes === undefined ? 'build failed' : `${(bundle.bytes / 1024).toFixed(1)} KB`, target: '< 200 KB', verdict: check(bundle.bytes !== undefined && bundle.bytes < 200 * 1024) },
  );

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => round(x, 2)) },
    latencyMs: LATENCY_MS,
    concurrency: CONCURRENCY,
    refresh: refreshJson(refresh),
    refreshConnections: connectionsJson(refreshConnections),
    finished: {
      jobs: finished.jobs,
      requests: finished.requests,
      serviceRequests: finished.serviceRequests,
      oneRefreshRequests: finished.oneRefreshRequests,
      treeMs: host.treeMs === undefined ? null : round(host.treeMs, 2),
      bytesPerJob: Math.round(memory.bytesPerJob),
      memoryRuns: memory.runs.map((x) => Math.round(x)),
      avgBodyChars: Math.round(memory.avgBodyChars),
      sortMs: round(finished.sortMs, 2),
      refreshAllMs: round(finished.refreshAllMs, 2),
      host: {
        ...(host.error ? { error: host.error.slice(0, 500) } : {}),
        node: host.hostNode, vscode: host.vscode, alreadyActive: host.alreadyActive,
        activationMs: host.activationMs === undefined ? null : round(host.activationMs),
        treeColdMs: host.treeColdMs === undefined ? null : round(host.treeColdMs, 2),
        treeChildrenMs: host.treeChildrenMs === undefined ? null : round(host.treeChildrenMs, 2),
        treeItemsMs: host.treeItemsMs === undefined ? null : round(host.treeItemsMs, 2),
        treeRuns: (host.treeRuns ?? []).map((x) => round(x)),
        restartFlushMs: host.restartFlushMs === undefined ? null : round(host.restartFlushMs),
        restartComposeMs: host.restartComposeMs === undefined ? null : round(host.restartComposeMs),
        savedFiles: host.savedFiles ?? null,
        savedBytes: host.savedBytes ?? null,
      },
    },
    download,
    import: imported,
    storage,
    bundleBytes: bundle.bytes ?? null,
    bundleGzipBytes: bundle.gzipBytes ?? null,
    ...(bundle.error ? { bundleError: bundle.error } : {}),
    quick: QUICK,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);

  console.log(`\nZoho Bulk Jobs benchmark — ${results.date}, node ${process.version} (VS Code host: node ${host.hostNode ?? '?'}, VS Code ${host.vscode ?? '?'}), ${os.cpus().length} CPUs, took ${results.durationS} s`);
  console.log(table(lines));
  const misses = lines.filter((l) => l.verdict === 'MISS').length;
  console.log(`\n${misses ? `${misses} target(s) missed` : 'all targets met'}; figures are medians; diag columns: see bench/README.md. Written: bench/results.json`);
}

function storageLines(s: StorageFigures | { error: string }): Line[] {
  const head: Line = { figure: `#saved jobs: ${FINISHED_JOBS.toLocaleString('en-US')} tracked, one file per job (bench/storage.ts)`, value: '', target: '', verdict: '' };
  if ('error' in s) return [head, { figure: '  failed', value: s.error.slice(0, 80), target: '', verdict: 'MISS' }];
  return [head,
    { figure: `  save after one change (files written: ${s.filesPerChange})`, value: ms(s.saveOneChangeMs, 2), target: '< 50 ms', verdict: check(s.saveOneChangeMs < 50 && s.filesPerChange === 1) },
    { figure: '  add | remove a job, awaited as the commands do', value: `${ms(s.addJobMs, 1)} | ${ms(s.removeJobMs, 1)}`, target: '(report)', verdict: '' },
    { figure: '  restart: jobs lost', value: String(s.lost), target: '= 0', verdict: check(s.lost === 0) },
    { figure: '  startup load of every file', value: ms(s.loadMs), target: '(report)', verdict: '' },
    { figure: '  one-time migration from the globalState list', value: ms(s.migrationMs), target: '(report)', verdict: '' },
    { figure: '  Remove Connection: every job at once, files gone', value: ms(s.removeAllMs), target: '(report)', verdict: '' },
  ];
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
