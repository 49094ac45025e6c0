// The whole import of a generated 1,000,000-row CSV (≈ 140 MB) through the REAL path: planImport,
// then runImport (split → zip → upload → create job → track) with the real ZohoClient bound by
// clientGateway, against the simulator in ANOTHER process over loopback (so its unzipping and
// row checks are not counted in our CPU or memory). Measured: parts and jobs, MB/s (CSV bytes /
// wall time of runImport), the peak RSS growth of this process over its baseline (target
// < 64 MB, as for downloads), where the time went, and the simulator's own peak RSS. Then
// checked: every part reached the simulator as a job whose row count is the part's (the job
// details' total_count, read through the client), or the run fails. The split + zip alone
// (no upload) is measured after it on the same file (bench/import.ts), for comparison and for the
// row count of each part. The generated file is ≈ 136 MB (rows ≈ 142 bytes). Run as a child by run.ts:
//   node --expose-gc --import tsx bench/importUpload.ts [rows]   → prints one line "@@IMPORT_UPLOAD {json}"
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientGateway } from '../src/jobs/import/clientGateway';
import type { ImportGateway } from '../src/jobs/import/importGateway';
import { planImport } from '../src/jobs/import/importPlan';
import { runImport } from '../src/jobs/import/importRun';
import { JobService } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import type { ZohoClient } from '../src/zoho/client';
import { benchClient, round, rssWatch, TOKEN } from './common';
import { measureSplit } from './import';
import { startSimProcess, type SimProcess } from './simProcess';

export interface ImportUploadFigures {
  rows: number;
  csvBytes: number;
  parts: number;
  jobs: number;
  zipBytes: number;
  /** the check pass and split + zip alone, no upload (bench/import.ts), run after the import */
  checkMbPerSec: number;
  splitMbPerSec: number;
  /** runImport: split + zip + upload + create + track, wall time */
  seconds: number;
  mbPerSec: number;
  /** the same, less the time spent waiting for the simulator's job creation and the tracking GET (diag) */
  mbPerSecWithoutCreateWaits: number;
  /** this process, over planImport (its check pass) and runImport, from a baseline taken after writing the file */
  baselineRssMb: number;
  peakRssGrowthMb: number;
  /** seconds inside the gateway's upload and create calls and the tracking (one GET each); the rest is reading, splitting and zipping */
  uploadSeconds: number;
  createSeconds: number;
  trackSeconds: number;
  /** the simulator process: RSS before the import, and its peak (VmHWM) by the end; null off Linux */
  simRssBeforeMb: number | null;
  simPeakRssMb: number | null;
  /** rows per job as the simulator counted them (total_count of each completed job), in part order */
  rowsAtSim: number[];
}

const MB = 1024 * 1024;

/** Writes the CSV from another process: writing it here would leave a larger heap behind and lift the RSS baseline. */
function generateInChild(file: string, rows: number): number {
  const code = `require('./bench/import').generateCsv(${JSON.stringify(file)}, ${rows}).catch((e) => { console.error(e); process.exit(1); })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating the CSV failed (${r.status ?? r.error?.message}): ${r.stderr.slice(0, 500)}`);
  return fs.statSync(file).size;
}

/** VmRSS / VmHWM of a process, in MB (Linux /proc); null elsewhere. */
function procMemMb(pid: number, key: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The gateway, with the time spent in its upload and create calls added up. */
interface Spent { upload: number; create: number; track: number; uploads: number; creates: number }

function timedGateway(inner: ImportGateway, spent: Spent): ImportGateway {
  return {
    ...inner,
    upload: async (zipPath, zgid, signal) => {
      const t0 = performance.now();
      try { return await inner.upload(zipPath, zgid, signal); } finally { spent.upload += performance.now() - t0; spent.uploads++; }
    },
    createWriteJob: async (body, signal) => {
      const t0 = performance.now();
      try { return await inner.createWriteJob(body, signal); } finally { spent.create += performance.now() - t0; spent.creates++; }
    },
  };
}

export async function benchImportUpload(rows = 1_000_000, log: (s: string) => void = () => undefined): Promise<ImportUploadFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-bench-import-'));
  const simStarting = startSimProcess({ token: TOKEN, latencyMs: 0 }); // starts while the file is written
  simStarting.catch(() => undefined); // awaited below; a failure is reported there
  try {
    const file = path.join(dir, 'leads.csv');
    log(`generating ${rows.toLocaleString('en-US')} rows…`);
    const csvBytes = generateInChild(file, rows);
    const sim = await simStarting;
    // the whole import first, so its RSS baseline is not raised by an earlier pass over the file
    const run = await importThrough(sim, file, dir, csvBytes, log);
    log('split + zip alone (no upload), for comparison…');
    const split = await measureSplit(file, dir, rows, csvBytes);
    const rowsAtSim = await checkAtSim(sim, run, split.partRows, rows);
    const waits = run.spent.create + run.spent.track;
    return {
      rows, csvBytes, parts: split.figures.parts, jobs: run.jobIds.length, zipBytes: split.figures.zipBytes,
      checkMbPerSec: split.figures.checkMbPerSec, splitMbPerSec: split.figures.splitMbPerSec,
      seconds: round(run.seconds, 2), mbPerSec: round(csvBytes / MB / run.seconds),
      mbPerSecWithoutCreateWaits: round(csvBytes / MB / (run.seconds - waits / 1000)),
      baselineRssMb: run.rss.baselineMb, peakRssGrowthMb: run.rss.peakGrowthMb,
      uploadSeconds: round(run.spent.upload / 1000, 2), createSeconds: round(run.spent.create / 1000, 2), trackSeconds: round(run.spent.track / 1000, 2),
      simRssBeforeMb: run.simRssBeforeMb, simPeakRssMb: procMemMb(sim.pid, 'VmHWM'), rowsAtSim,
    };
  } finally {
    await simStarting.then((s) => s.close(), () => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Run {
  client: ZohoClient;
  store: JobStore;
  jobIds: string[];
  cancelled: boolean;
  seconds: number;
  rss: { baselineMb: number; peakGrowthMb: number };
  spent: Spent;
  simRssBeforeMb: number | null;
}

/**
 * planImport (its check pass over the file, metadata from the simulator), then runImport, timed;
 * the RSS is watched over both, from a baseline taken before the check.
 */
async function importThrough(sim: SimProcess, file: string, dir: string, csvBytes: number, log: (s: string) => void): Promise<Run> {
  const client = benchClient(sim);
  const spent: Spent = { upload: 0, create: 0, track: 0, uploads: 0, creates: 0 };
  const gateway = timedGateway(clientGateway(() => client), spent);
  const store = new JobStore();
  const service = new JobService(store, client);
  const simRssBeforeMb = procMemMb(sim.pid, 'VmRSS');
  log(`${(csvBytes / MB).toFixed(1)} MB of CSV; planImport (check, metadata), then runImport into Leads (simulator pid ${sim.pid})…`);
  const watch = rssWatch();
  const plan = await planImport(gateway, file, { module: 'Leads', operation: 'insert' });
  watch.sample();
  const t0 = performance.now();
  const out = await runImport(plan, {
    gateway,
    track: async (id, group) => {
      const t = performance.now();
      await service.add(id, 'write', group);
      spent.track += performance.now() - t;
    },
    split: { tempDir: dir },
    onProgress: () => watch.sample(),
  });
  const seconds = (performance.now() - t0) / 1000;
  return { client, store, jobIds: out.jobIds, cancelled: out.cancelled, seconds, rss: watch.stop(), spent, simRssBeforeMb };
}

/** Every part reached the simulator as one job holding the part's rows (total_count once COMPLETED), or it throws. */
async function checkAtSim(sim: SimProcess, run: Run, partRows: readonly number[], rows: number): Promise<number[]> {
  const fail = (m: string): never => { throw new Error(`import check failed: ${m}`); };
  const n = partRows.length;
  if (run.cancelled) fail('the run says it was cancelled');
  if (run.jobIds.length !== n) fail(`${run.jobIds.length} jobs created for ${n} parts`);
  if (run.spent.uploads !== n || run.spent.creates !== n) fail(`${run.spent.uploads} uploads and ${run.spent.creates} creates for ${n} parts`);
  if (run.store.all().length !== n) fail(`${run.store.all().length} jobs tracked, not ${n}`);
  const atSim: number[] = [];
  for (const id of run.jobIds) {
    await sim.setStatus(id, 'COMPLETED');
    const f = await run.client.getWriteJob(id);
    atSim.push(f.job.resources[0]?.file?.totalCount ?? -1);
  }
  const wrong = atSim.map((x, i) => [i + 1, x, partRows[i]]).filter(([, x, e]) => x !== e);
  if (wrong.length > 0) fail(`the simulator counted other rows than were sent ([part, at sim, sent]): ${JSON.stringify(wrong.slice(0, 5))}`);
  const total = atSim.reduce((a, b) => a + b, 0);
  if (total !== rows) fail(`the simulator holds ${total} rows, not ${rows}`);
  return atSim;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const f = await benchImportUpload(rows, (s) => process.stderr.write(`  ${s}\n`));
  console.log(`@@IMPORT_UPLOAD ${JSON.stringify(f)}`);
}

if (require.main === module) main().catch((e: unknown) => { console.error(e); process.exit(1); });
