// Refresh of N unfinished jobs against the simulator with injected latency L.
//   ours    — one poll tick of a PollScheduler (fake timers) over a JobService with concurrency C,
//             timed from firing the timer until the poll is idle, store updates included;
//   pool    — the bare node:http pool of C workers (bench/pool.ts, the ladder's first rung), same
//             URLs and headers, body read but not decoded: the yardstick of the target. It runs as
//             often as ours, each pool run next to an ours run (the order alternates), so both
//             see the same machine load;
//   seed    — information only: the seed's way, one blocking request after another (await
//             client.getWriteJob per job).
// Targets (issue 13): ours ≤ 1.08 × ⌈N/C⌉·L and ours ≤ 1.03 × pool.
// Diagnostics, to locate any overhead over the pool (same simulator, same jobs):
//   workers — C plain async workers awaiting the same ZohoClient.getWriteJob: our client's cost,
//             without the bulkhead, the store or the scheduler;
//   identity — the same workers with a client asking for `Accept-Encoding: identity` (injected fetch):
//             what gzip (simulator gzipSync + bodyText's gunzipSync) costs on this loopback.
import { createClock } from '@sinonjs/fake-timers';
import * as http from 'node:http';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { JobService } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import { PollScheduler, type Timers } from '../src/jobs/pollScheduler';
import { needsPolling } from '../src/jobs/trackedJob';
import { startSimProcess } from './simProcess';
import { httpFetch } from '../src/zoho/httpFetch';
import type { FetchLike } from '../src/zoho/http';
import { benchClient, median, TOKEN, timed } from './common';
import { barePool, workers } from './pool';

/** The targets: ours / ideal and ours / pool, at most. */
export const TARGET_OVER_IDEAL = 1.08;
export const TARGET_OVER_POOL = 1.03;

/** oursRuns: runs of ours and of the pool each (paired); diagRuns: of workers and identity each */
export interface RefreshCase { n: number; seedRuns: number; oursRuns: number; diagRuns: number }

export interface RefreshRow {
  n: number; latencyMs: number; concurrency: number;
  seedMs: number; oursMs: number; idealMs: number; poolMs: number;
  /** diagnostics */
  workersMs: number; identityMs: number;
  /** process CPU time (user + system, all threads) per request, median over the runs */
  cpuPerRequestMs: { seed: number; ours: number; pool: number; workers: number; identity: number };
  /** from the simulator's arrival times (ms resolution) in the measured polls: median time from a
   *  request to the one C later (a slot's cycle), and median spread of arrivals within a wave of C */
  wavePeriodMs: number; waveSpreadMs: number;
  /** 1-minute load average before and after this case (the machine is shared) */
  load: [number, number];
  /** TCP connections the client opened for the first load (≤ C), and during the measured polls (0: keep-alive reuses them) */
  firstLoadConnections: number; oursConnections: number;
  runs: { seed: number[]; ours: number[]; pool: number[]; workers: number[]; identity: number[] };
}

const MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals', 'Products'];

/** Counts sockets the default agent (httpFetch's, as the client uses it) creates. */
function countConnections(): { count(): number; restore(): void } {
  const agent = http.globalAgent as unknown as { createConnection: (...a: unknown[]) => unknown };
  const original = agent.createConnection;
  let n = 0;
  agent.createConnection = function (this: unknown, ...a: unknown[]) { n++; return original.apply(this, a); };
  return { count: () => n, restore: () => { agent.createConnection = original; } };
}

export async function benchRefresh(cases: RefreshCase[], latencyMs: number, concurrency: number, log: (s: string) => void): Promise<RefreshRow[]> {
  const rows: RefreshRow[] = [];
  for (const c of cases) rows.push(await oneCase(c, latencyMs, concurrency, log));
  return rows;
}

async function oneCase(c: RefreshCase, latencyMs: number, concurrency: number, log: (s: string) => void): Promise<RefreshRow> {
  const { n } = c;
  const loadBefore = os.loadavg()[0];
  const sim = await startSimProcess({ token: TOKEN, latencyMs });
  const agent = new http.Agent({ keepAlive: true });
  const conns = countConnections();
  try {
    const client = benchClient(sim);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await sim.addWriteJob({ module: MODULES[i % MODULES.length], operation: 'insert', total: 100 + i }));
    const store = new JobStore();
    const service = new JobService(store, client, { concurrency }); // no log function
    for (const id of ids) store.add(id, 'write');
    await service.refreshMany(store.all()); // first load: every job is now ADDED (unfinished)
    const firstLoadConnections = conns.count();
    const pollable = store.all().filter(needsPolling).length;
    if (pollable !== n) throw new Error(`expected ${n} unfinished jobs, got ${pollable}`);

    const clock = createClock(1_000_000);
    const timers: Timers = { now: () => clock.now, setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as number) };
    const scheduler = new PollScheduler(store, service, { enabled: true, baseIntervalMs: 10_000, maxIntervalMs: 120_000 }, { timers });

    const cpu: Record<keyof RefreshRow['runs'], number[]> = { seed: [], ours: [], pool: [], workers: [], identity: [] };
    /** times fn and records the process CPU it used per request under `kind` */
    const measured = async (kind: keyof RefreshRow['runs'], requests: number, fn: () => Promise<number>): Promise<number> => {
      const c0 = process.cpuUsage();
      const ms = await fn();
      const c = process.cpuUsage(c0);
      cpu[kind].push((c.user + c.system) / 1000 / requests);
      return ms;
    };
    let oursConnections = 0;
    const periods: number[] = [];
    const spreads: number[] = [];
    const ours = async (): Promise<number> => {
      if (clock.countTimers() !== 1 || !scheduler.armed) throw new Error('scheduler has no armed poll timer');
      const sent = (await sim.requestTimes()).length;
      const polls = scheduler.polls;
      const opened = conns.count();
      const wall = Date.now();
      const t0 = performance.now();
      clock.next(); // fire the poll timer: the tick starts here
      await scheduler.idle();
      const ms = performance.now() - t0;
      oursConnections += conns.count() - opened;
      if (scheduler.polls !== polls + 1) throw new Error('no poll ran');
      const at = (await sim.requestTimes()).slice(sent);
      if (at.length !== n) throw new Error(`the poll sent ${at.length} requests for ${n} jobs`);
      for (let k = concurrency; k < at.length; k++) periods.push(at[k] - at[k - concurrency]); // a slot's cycle
      for (let w = 0; w + concurrency <= at.length; w += concurrency) spreads.push(Math.max(...at.slice(w, w + concurrency)) - at[w]);
      for (const j of store.all()) if (j.error || (j.fetchedAt ?? 0) < wall) throw new Error(`job ${j.id} was not refreshed by the poll`);
      return ms;
    };
    const seed = (list = ids) => timed(async () => { for (const id of list) await client.getWriteJob(id); });
    const pool = (list = ids) => timed(() => barePool(sim, agent, list, concurrency));
    const plain = (list = ids) => timed(() => workers(list, concurrency, (id) => client.getWriteJob(id)));
    const identityFetch = ((url, init) => httpFetch(url, { ...init, headers: { ...init.headers, 'Accept-Encoding': 'identity' } })) as FetchLike;
    const identityClient = benchClient(sim, identityFetch);
    const identity = (list = ids) => timed(() => workers(list, concurrency, async (id) => {
      const f = await identityClient.getWriteJob(id);
      if (f.job.id !== id) throw new Error('identity client got the wrong job');
    }));

    // warm-up (not measured): one poll; seed, pool and workers over the first 48 jobs
    await ours();
    oursConnections = 0;
    periods.length = 0;
    spreads.length = 0;
    await seed(ids.slice(0, 48));
    await pool(ids.slice(0, 48));
    await plain(ids.slice(0, 48));
    await identity(ids.slice(0, 48));

    const runs: RefreshRow['runs'] = { seed: [], ours: [], pool: [], workers: [], identity: [] };
    for (let i = 0; i < Math.max(c.seedRuns, c.oursRuns, c.diagRuns); i++) {
      if (i < c.seedRuns) runs.seed.push(await measured('seed', n, () => seed()));
      if (i < c.oursRuns) { // ours and the pool side by side, in turns first
        const measureOurs = async () => { runs.ours.push(await measured('ours', n, ours)); };
        const measurePool = async () => { runs.pool.push(await measured('pool', n, () => pool())); };
        if (i % 2) { await measurePool(); await measureOurs(); } else { await measureOurs(); await measurePool(); }
      }
      if (i < c.diagRuns) {
        runs.workers.push(await measured('workers', n, () => plain()));
        runs.identity.push(await measured('identity', n, () => identity()));
      }
    }
    scheduler.dispose();
    const row: RefreshRow = {
      n, latencyMs, concurrency,
      seedMs: median(runs.seed), oursMs: median(runs.ours), idealMs: Math.ceil(n / concurrency) * latencyMs, poolMs: median(runs.pool),
      workersMs: median(runs.workers), identityMs: median(runs.identity),
      cpuPerRequestMs: { seed: median(cpu.seed), ours: median(cpu.ours), pool: median(cpu.pool), workers: median(cpu.workers), identity: median(cpu.identity) },
      load: [loadBefore, os.loadavg()[0]], wavePeriodMs: median(periods), waveSpreadMs: median(spreads), firstLoadConnections, oursConnections, runs,
    };
    log(`  N=${n}: ours ${row.oursMs.toFixed(1)} / pool ${row.poolMs.toFixed(1)} ms (${c.oursRuns}× each), ideal ${row.idealMs} ms; seed ${row.seedMs.toFixed(0)} ms (${c.seedRuns}×); `
      + `workers ${row.workersMs.toFixed(1)} / identity ${row.identityMs.toFixed(1)} ms (${c.diagRuns}×)`);
    return row;
  } finally {
    conns.restore();
    agent.destroy();
    await sim.close();
  }
}
