// Refresh of N unfinished jobs against the simulator with injected latency L.
//   seed    — the seed's way: one blocking request after another (await client.getWriteJob per job);
//   ours    — one poll tick of a PollScheduler (fake timers) over a JobService with concurrency C,
//             timed from firing the timer until the poll is idle, store updates included.
// Diagnostics, to locate any overhead over the ideal ⌈N/C⌉·L (same simulator, same jobs):
//   floor   — C bare node:http keep-alive workers, same URLs and headers, body read but not decoded:
//             what the simulator, its latency timer and loopback HTTP cost by themselves;
//   workers — C plain async workers awaiting the same ZohoClient.getWriteJob: our client's cost,
//             without the bulkhead, the store or the scheduler;
//   identity — the same workers with a client asking for `Accept-Encoding: identity` (injected fetch):
//             what gzip (simulator gzipSync + node-fetch's zlib stream) costs on this loopback.
// Runs are interleaved (seed, ours, floor, workers, seed, …) so noise hits all of them alike.
import { createClock } from '@sinonjs/fake-timers';
import * as http from 'node:http';
import * as os from 'node:os';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { JobService } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import { PollScheduler, type Timers } from '../src/jobs/pollScheduler';
import { needsPolling } from '../src/jobs/trackedJob';
import { startSimProcess, type SimProcess } from './simProcess';
import nodeFetch from 'node-fetch';
import type { FetchLike } from '../src/zoho/http';
import { benchClient, deadline, median, TOKEN, timed } from './common';

export interface RefreshCase { n: number; seedRuns: number; oursRuns: number; diagRuns: number }

export interface RefreshRow {
  n: number; latencyMs: number; concurrency: number;
  seedMs: number; oursMs: number; idealMs: number;
  /** diagnostics */
  floorMs: number; workersMs: number; identityMs: number;
  /** process CPU time (user + system, all threads) per request, median over the runs */
  cpuPerRequestMs: { seed: number; ours: number; floor: number; workers: number; identity: number };
  /** from the simulator's arrival times (ms resolution) in the measured polls: median time from a
   *  request to the one C later (a slot's cycle), and median spread of arrivals within a wave of C */
  wavePeriodMs: number; waveSpreadMs: number;
  /** 1-minute load average before and after this case (the machine is shared) */
  load: [number, number];
  /** TCP connections the client opened for the first load (≤ C), and during the measured polls (0: keep-alive reuses them) */
  firstLoadConnections: number; oursConnections: number;
  runs: { seed: number[]; ours: number[]; floor: number[]; workers: number[]; identity: number[] };
}

const MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals', 'Products'];

/** Counts sockets the default agent (node-fetch's, as the client uses it) creates. */
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

    const cpu: Record<keyof RefreshRow['runs'], number[]> = { seed: [], ours: [], floor: [], workers: [], identity: [] };
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
    const floor = (list = ids) => timed(() => workers(list, concurrency, (id) => rawGet(sim, agent, id)));
    const plain = (list = ids) => timed(() => workers(list, concurrency, (id) => client.getWriteJob(id)));
    const identityFetch = ((url, init) => nodeFetch(url, { ...init, headers: { ...init.headers, 'Accept-Encoding': 'identity' } })) as FetchLike;
    const identityClient = benchClient(sim, identityFetch);
    const identity = (list = ids) => timed(() => workers(list, concurrency, async (id) => {
      const f = await identityClient.getWriteJob(id);
      if (f.job.id !== id) throw new Error('identity client got the wrong job');
    }));

    // warm-up (not measured): one poll; seed, floor and workers over the first 48 jobs
    await ours();
    oursConnections = 0;
    periods.length = 0;
    spreads.length = 0;
    await seed(ids.slice(0, 48));
    await floor(ids.slice(0, 48));
    await plain(ids.slice(0, 48));
    await identity(ids.slice(0, 48));

    const runs: RefreshRow['runs'] = { seed: [], ours: [], floor: [], workers: [], identity: [] };
    for (let i = 0; i < Math.max(c.seedRuns, c.oursRuns, c.diagRuns); i++) {
      if (i < c.seedRuns) runs.seed.push(await measured('seed', n, () => seed()));
      if (i < c.oursRuns) runs.ours.push(await measured('ours', n, ours));
      if (i < c.diagRuns) {
        runs.floor.push(await measured('floor', n, () => floor()));
        runs.workers.push(await measured('workers', n, () => plain()));
        runs.identity.push(await measured('identity', n, () => identity()));
      }
    }
    scheduler.dispose();
    const row: RefreshRow = {
      n, latencyMs, concurrency,
      seedMs: median(runs.seed), oursMs: median(runs.ours), idealMs: Math.ceil(n / concurrency) * latencyMs,
      floorMs: median(runs.floor), workersMs: median(runs.workers), identityMs: median(runs.identity),
      cpuPerRequestMs: { seed: median(cpu.seed), ours: median(cpu.ours), floor: median(cpu.floor), workers: median(cpu.workers), identity: median(cpu.identity) },
      load: [loadBefore, os.loadavg()[0]], wavePeriodMs: median(periods), waveSpreadMs: median(spreads), firstLoadConnections, oursConnections, runs,
    };
    log(`  N=${n}: seed ${row.seedMs.toFixed(0)} ms (${c.seedRuns}×), ours ${row.oursMs.toFixed(1)} ms (${c.oursRuns}×), `
      + `floor ${row.floorMs.toFixed(1)} / workers ${row.workersMs.toFixed(1)} / identity ${row.identityMs.toFixed(1)} ms (${c.diagRuns}×), ideal ${row.idealMs} ms`);
    return row;
  } finally {
    conns.restore();
    agent.destroy();
    await sim.close();
  }
}

/** c async workers taking the next id until none is left. */
export async function workers(ids: readonly string[], c: number, fn: (id: string) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < ids.length) await fn(ids[next++]); };
  await Promise.all(Array.from({ length: c }, worker));
}

export interface RawGetOptions {
  /** gunzip the body (as bodyText.ts does), instead of only reading it */
  gunzip?: boolean;
  /** a 600 s timer and an AbortController per request, as the client's timeout needs */
  timeout?: boolean;
}

/** A job's details URL at the simulator and the headers our client sends with it. */
export function jobRequest(sim: SimProcess, id: string): { url: string; headers: Record<string, string> } {
  return { url: `${sim.url}/crm/bulk/v8/write/${id}`, headers: { Authorization: `Zoho-oauthtoken ${sim.token}`, Accept: 'application/json', 'Accept-Encoding': 'gzip' } };
}

/** GET one job as the client would (same headers), reading the body; by default not decoding it. */
export function rawGet(sim: SimProcess, agent: http.Agent, id: string, opts: RawGetOptions = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const limit = opts.timeout ? deadline() : undefined;
    const { url, headers } = jobRequest(sim, id);
    const req = http.get(url, {
      agent, headers, ...(limit ? { signal: limit.signal } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => { if (opts.gunzip) chunks.push(c); });
      res.on('end', () => {
        limit?.clear();
        if (opts.gunzip && gunzipSync(Buffer.concat(chunks)).length === 0) reject(new Error('empty body'));
        else if (res.statusCode === 200) resolve();
        else reject(new Error(`HTTP ${res.statusCode}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
