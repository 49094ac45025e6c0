// 10,000 tracked jobs, all finished (COMPLETED, realistic bodies rebuilt from saved state):
//  - requests Refresh All sends (must be 0: finished jobs are skipped), counted at the simulator;
//  - sanity: refreshing one finished job by hand still sends exactly 1;
//  - memory per tracked job: run as a child `node --expose-gc --import tsx bench/finished.ts --memory <samples.json>`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeJob, JobFiles } from '../src/jobs/jobPersistence';
import { JobService } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import { isFinished } from '../src/jobs/trackedJob';
import { startSimulator } from '../test/sim/server';
import { fetchSampleBodies, trackedFromSaved, variantBodies, type SavedBody } from './bodies';
import { benchClient, median, TOKEN } from './common';

export interface FinishedRequests {
  jobs: number;
  /** requests the simulator received during service.refreshAll() */
  requests: number;
  /** the service's own counter over the same call */
  serviceRequests: number;
  refreshAllMs: number;
  /** requests for one hand refresh of a finished job (must be 1) */
  oneRefreshRequests: number;
  /** median time to sort 10,000 jobs (store.sorted() right after a load; the tree's root reads it) */
  sortMs: number;
}

/** Fetches the sample bodies (written to samplesFile for the memory child and the host) and counts requests. */
export async function benchFinishedRequests(n: number, samplesFile: string): Promise<FinishedRequests> {
  const sim = await startSimulator({ port: 0, token: TOKEN, seed: false });
  try {
    const client = benchClient(sim);
    const samples = await fetchSampleBodies(sim, client);
    fs.writeFileSync(samplesFile, JSON.stringify(samples));
    const jobs = trackedFromSaved(variantBodies(samples, n));
    if (!jobs.every(isFinished)) throw new Error('not every job is finished');
    const store = new JobStore();
    store.load(jobs);
    const service = new JobService(store, client, { concurrency: 4 });

    let sent = sim.requests.length;
    let counted = service.requestCount;
    const t0 = performance.now();
    const outcomes = await service.refreshAll();
    const refreshAllMs = performance.now() - t0;
    const requests = sim.requests.length - sent;
    const serviceRequests = service.requestCount - counted;
    if (outcomes.length !== 0) throw new Error(`refreshAll refreshed ${outcomes.length} jobs`);

    sent = sim.requests.length;
    counted = service.requestCount;
    const one = await service.refresh(samples[0].id);
    const oneRefreshRequests = sim.requests.length - sent;
    if (one.error || service.requestCount - counted !== oneRefreshRequests) throw new Error(`hand refresh failed: ${JSON.stringify(one)}`);
    if (!isFinished(store.get(samples[0].id)!)) throw new Error('the refreshed job is no longer finished');

    const sorts: number[] = [];
    for (let i = 0; i < 7; i++) {
      store.load(jobs); // invalidates the sorted cache
      const s0 = performance.now();
      store.sorted();
      sorts.push(performance.now() - s0);
    }
    store.dispose();
    return { jobs: n, requests, serviceRequests, refreshAllMs, oneRefreshRequests, sortMs: median(sorts.slice(1)) };
  } finally {
    await sim.close();
  }
}

export interface MemoryResult { jobs: number; bytesPerJob: number; runs: number[]; avgBodyChars: number }

/** heapUsed growth per job when n saved job files are loaded as on activation (JobFiles.loadSync) into a JobStore. */
export async function measureMemory(samples: readonly SavedBody[], n: number): Promise<MemoryResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const saved = variantBodies(samples, n);
  const avgBodyChars = saved.reduce((a, s) => a + s.body.length, 0) / n;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-bench-memory-'));
  try {
    // the files as the extension writes them, before any measurement
    const writer = new JobFiles(dir);
    await Promise.all(trackedFromSaved(saved).map((j) => writer.write(encodeJob(j))));
    const collect = () => { for (let i = 0; i < 3; i++) gc(); };
    const heap = () => process.memoryUsage().heapUsed;
    // one function call per run, so that no stack slot keeps the previous run's store alive
    const once = (): number => {
      collect();
      const before = heap();
      const store = new JobStore();
      store.load(new JobFiles(dir).loadSync((m) => { throw new Error(m); }).jobs);
      collect();
      const after = heap();
      if (store.size !== n) throw new Error(`loaded ${store.size} jobs`);
      return (after - before) / n;
    };
    const runs = [once(), once(), once()];
    return { jobs: n, bytesPerJob: median(runs), runs, avgBodyChars };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv.includes('--memory')) {
  const file = process.argv[process.argv.indexOf('--memory') + 1];
  const n = Number(process.env.BENCH_FINISHED_JOBS ?? 10_000);
  const samples = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedBody[];
  measureMemory(samples, n)
    .then((m) => console.log(`@@MEMORY ${JSON.stringify(m)}`))
    .catch((e: unknown) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
}
