// Download + unzip + summary of a ~50 MB bulk read export through the real ResultService, against
// the simulator running in ANOTHER process (so only our side's memory is measured): MB/s and the
// peak RSS growth over the baseline (target < 64 MB for any size). Run as a child by run.ts:
//   node --expose-gc --import tsx bench/download.ts [rows]   → prints one line "@@DOWNLOAD {json}"
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobService } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import { ResultService } from '../src/jobs/results/resultService';
import { ZohoClient } from '../src/zoho/client';
import { staticTokenProvider } from '../src/zoho/tokenProvider';

export interface DownloadFigures { rows: number; csvBytes: number; seconds: number; mbPerSec: number; baselineRssMb: number; peakRssGrowthMb: number }

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 105_000); // ≈ 50 MB of CSV with the simulator's default columns
  const sim = spawn(process.execPath, ['--import', 'tsx', 'test/sim/cli.ts', '--port', '0', '--token', 'bench', '--no-seed'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    sim.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /listening on (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]); });
    sim.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
  });
  const control = (p: string, body: unknown) => fetch(`${url}/__sim/${p}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id?: string }>);
  const { id } = await control('jobs', { kind: 'read', module: 'Contacts', count: rows });
  await control('status', { id, status: 'COMPLETED' });

  const client = new ZohoClient({ apiBase: url, tokens: staticTokenProvider('bench'), userAgent: 'zoho-bulk-jobs-bench/0', retry: { maxAttempts: 1 } });
  const store = new JobStore();
  const jobs = new JobService(store, client);
  const results = new ResultService(store, jobs, { downloadResult: (req) => client.downloadResult(req) });
  await jobs.add(id as string, 'read');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-bench-dl-'));

  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const t0 = performance.now();
  const r = await results.download(id as string, { root });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const csvBytes = fs.statSync(r.csvPath).size;
  fs.rmSync(root, { recursive: true, force: true });
  sim.kill();
  const mb = 1024 * 1024;
  const figures: DownloadFigures = {
    rows: r.rows, csvBytes, seconds: Math.round(seconds * 100) / 100, mbPerSec: Math.round((csvBytes / mb / seconds) * 10) / 10,
    baselineRssMb: Math.round(baseline / mb), peakRssGrowthMb: Math.round(((peak - baseline) / mb) * 10) / 10,
  };
  console.log(`@@DOWNLOAD ${JSON.stringify(figures)}`);
}

if (require.main === module) main().catch((e: unknown) => { console.error(e); process.exit(1); });
