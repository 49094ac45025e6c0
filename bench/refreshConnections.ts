// Refresh of N unfinished jobs split across 3 connections (issue 15), against one simulator in another
// process with latency L. Jobs go to the connections round robin ('default', 'c2', 'c3'); each connection
// has its own ZohoClient with its own token (the first the simulator's static token, the others issued by
// its OAuth server), and JobService keeps one bulkhead of C per connection, so 3·C requests can be in flight.
//   ours — one poll tick of a PollScheduler (fake timers) over that JobService, timed from firing the
//          timer until the poll is idle, store updates included (as bench/refresh.ts does for one connection);
//   pool — information: three bare node:http pools of C workers (bench/pool.ts), one per connection with its
//          token, side by side, each run next to an ours run (the order alternates).
// BENCH_SIM_PER_CONNECTION=1 (a diagnostic): one simulator process per connection, each with its own static token.
// Ideal = ⌈(N/3)/C⌉·L (the busiest connection's waves). Target (issue 15): ours ≤ 1.08 × ideal.
// Checked on every measured poll: N requests reached the simulator, each connection's with its own token and
// as many as it has jobs, every job refreshed; and never more than C of a connection's requests in flight
// (the table also checks that each connection reached C).
import { createClock } from '@sinonjs/fake-timers';
import * as http from 'node:http';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { JobService, type JobFetcher } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import { FIRST_CONNECTION } from '../src/jobs/connections/jobKey';
import { PollScheduler, type Timers } from '../src/jobs/pollScheduler';
import { needsPolling } from '../src/jobs/trackedJob';
import { benchClient, median, TOKEN } from './common';
import { barePool } from './pool';
import { startSimProcess, type SimProcess } from './simProcess';

export const TARGET_CONNECTIONS_OVER_IDEAL = 1.08;
export const CONNECTIONS = [FIRST_CONNECTION, 'c2', 'c3'] as const;

/** runs: of ours and of the pool each (paired) */
export interface ConnectionsCase { n: number; runs: number }

export interface ConnectionsRow {
  n: number; connections: number; latencyMs: number; concurrency: number;
  /** simulator processes: 1, or one per connection (BENCH_SIM_PER_CONNECTION=1) */
  simulators: number;
  /** jobs per connection (round robin) */
  jobsPerConnection: number[];
  oursMs: number; idealMs: number; poolMs: number;
  /** most requests of each connection in flight at once, over the measured polls (each must be C) */
  peakInFlight: number[];
  /** process CPU time (user + system) per request, median over the runs */
  cpuPerRequestMs: { ours: number; pool: number };
  /** 1-minute load average before and after this case */
  load: [number, number];
  runs: { ours: number[]; pool: number[] };
}

export async function benchRefreshConnections(cases: ConnectionsCase[], latencyMs: number, concurrency: number, log: (s: string) => void): Promise<ConnectionsRow[]> {
  const rows: ConnectionsRow[] = [];
  for (const c of cases) rows.push(await oneCase(c, latencyMs, concurrency, log));
  return rows;
}

/** An access token from the simulator's OAuth server (a grant code exchanged), for one more connection. */
async function issuedToken(sim: SimProcess): Promise<string> {
  const grant = await (await fetch(`${sim.url}/__sim/oauth/grant-code`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }))
    .json() as { code: string; clientId: string; clientSecret: string };
  const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: grant.clientId, client_secret: grant.clientSecret, code: grant.code });
  const answer = await (await fetch(`${sim.url}/oauth/v2/token`, { method: 'POST', body: form })).json() as { access_token?: string; error?: string };
  if (!answer.access_token) throw new Error(`the simulator issued no access token (${answer.error ?? 'no error'})`);
  return answer.access_token;
}

/** API requests (control calls and OAuth excluded) at the simulator so far, with the token each carried. */
async function apiRequests(sim: SimProcess): Promise<{ token: string }[]> {
  const all = (await (await fetch(`${sim.url}/__sim/requests`)).json() as { requests: { path: string; authorization?: string }[] }).requests;
  return all.filter((r) => r.path.startsWith('/crm/')).map((r) => ({ token: /^Zoho-oauthtoken\s+(\S+)/i.exec(r.authorization ?? '')?.[1] ?? '' }));
}

async function oneCase(c: ConnectionsCase, latencyMs: number, concurrency: number, log: (s: string) => void): Promise<ConnectionsRow> {
  const { n } = c;
  const k = CONNECTIONS.length;
  const loadBefore = os.loadavg()[0];
  const perConnection = process.env.BENCH_SIM_PER_CONNECTION === '1';
  const servers: SimProcess[] = [];
  const agent = new http.Agent({ keepAlive: true });
  try {
    for (let i = 0; i < (perConnection ? k : 1); i++) servers.push(await startSimProcess({ token: `${TOKEN}-${i + 1}`, latencyMs }));
    const simOf = CONNECTIONS.map((_, i) => servers[perConnection ? i : 0]);
    const tokens: string[] = [];
    for (let i = 0; i < k; i++) tokens.push(perConnection || i === 0 ? simOf[i].token : await issuedToken(simOf[i]));
    const clients = tokens.map((token, i) => benchClient({ url: simOf[i].url, token }));
    const inFlight = CONNECTIONS.map(() => 0);
    const peak = CONNECTIONS.map(() => 0);
    const indexOf = (connection: string | undefined): number => {
      const i = CONNECTIONS.indexOf((connection ?? FIRST_CONNECTION) as typeof CONNECTIONS[number]);
      if (i < 0) throw new Error(`no client for connection ${connection}`);
      return i;
    };
    // routes by the connection argument, as the extension's fetcher does; counts what is in flight per connection
    const fetcher: JobFetcher = {
      getJob: async (kind, id, signal, known, connection) => {
        const i = indexOf(connection);
        peak[i] = Math.max(peak[i], ++inFlight[i]);
        try { return await clients[i].getJob(kind, id, signal, known); } finally { inFlight[i]--; }
      },
    };

    const ids: string[][] = CONNECTIONS.map(() => []);
    const store = new JobStore();
    for (let j = 0; j < n; j++) {
      const id = await simOf[j % k].addWriteJob({ module: 'Leads', operation: 'insert', total: 100 + j });
      ids[j % k].push(id);
      store.add(id, 'write', undefined, CONNECTIONS[j % k]);
    }
    const service = new JobService(store, fetcher, { concurrency });
    await service.refreshMany(store.all()); // first load: every job is now ADDED (unfinished)
    if (store.all().filter(needsPolling).length !== n) throw new Error(`expected ${n} unfinished jobs`);

    const clock = createClock(1_000_000);
    const timers: Timers = { now: () => clock.now, setTimeout: (fn, t) => clock.setTimeout(fn, t), clearTimeout: (h) => clock.clearTimeout(h as number) };
    const scheduler = new PollScheduler(store, service, { enabled: true, baseIntervalMs: 10_000, maxIntervalMs: 120_000 }, { timers });

    const cpu: { ours: number[]; pool: number[] } = { ours: [], pool: [] };
    const measured = async (kind: 'ours' | 'pool', fn: () => Promise<void>): Promise<number> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      const took = performance.now() - t0;
      const used = process.cpuUsage(c0);
      cpu[kind].push((used.user + used.system) / 1000 / n);
      return took;
    };
    const ours = async (): Promise<void> => {
      if (clock.countTimers() !== 1 || !scheduler.armed) throw new Error('scheduler has no armed poll timer');
      const polls = scheduler.polls;
      clock.next(); // fire the poll timer: the tick starts here
      await scheduler.idle();
      if (scheduler.polls !== polls + 1) throw new Error('no poll ran');
    };
    /** what every measured poll must have done: each connection's jobs requested with its token, all stored */
    const sentSoFar = () => Promise.all(servers.map(apiRequests));
    const checkPoll = async (before: { token: string }[][], wall: number): Promise<void> => {
      const sent = (await sentSoFar()).map((l, s) => l.slice(before[s].length));
      const total = sent.reduce((a, l) => a + l.length, 0);
      if (total !== n) throw new Error(`the poll sent ${total} requests for ${n} jobs`);
      tokens.forEach((t, i) => {
        const got = sent[servers.indexOf(simOf[i])].filter((r) => r.token === t).length;
        if (got !== ids[i].length) throw new Error(`connection ${CONNECTIONS[i]}: ${got} requests with its token for ${ids[i].length} jobs`);
      });
      for (const j of store.all()) if (j.error || (j.fetchedAt ?? 0) < wall) throw new Error(`job ${j.id} was not refreshed by the poll`);
    };
    const pool = () => Promise.all(tokens.map((token, i) => barePool({ ...simOf[i], token }, agent, ids[i], concurrency))).then(() => undefined);

    // warm-up (not measured): one poll and one pool run
    await ours();
    await pool();
    peak.fill(0);

    const runs: ConnectionsRow['runs'] = { ours: [], pool: [] };
    for (let i = 0; i < c.runs; i++) {
      const measureOurs = async () => {
        const before = await sentSoFar();
        const wall = Date.now();
        runs.ours.push(await measured('ours', ours));
        await checkPoll(before, wall);
      };
      const measurePool = async () => { runs.pool.push(await measured('pool', pool)); };
      if (i % 2) { await measurePool(); await measureOurs(); } else { await measureOurs(); await measurePool(); }
    }
    scheduler.dispose();
    if (peak.some((p) => p > concurrency)) throw new Error(`more than C = ${concurrency} requests of one connection in flight: ${peak.join(' | ')}`);
    const row: ConnectionsRow = {
      n, connections: k, latencyMs, concurrency, simulators: servers.length, jobsPerConnection: ids.map((l) => l.length),
      oursMs: median(runs.ours), idealMs: Math.ceil(n / k / concurrency) * latencyMs, poolMs: median(runs.pool),
      peakInFlight: [...peak], cpuPerRequestMs: { ours: median(cpu.ours), pool: median(cpu.pool) },
      load: [loadBefore, os.loadavg()[0]], runs,
    };
    log(`  N=${n} over ${k} connections: ours ${row.oursMs.toFixed(1)} / pool ${row.poolMs.toFixed(1)} ms (${c.runs}× each), ideal ${row.idealMs} ms; peak in flight ${row.peakInFlight.join('|')}`);
    return row;
  } finally {
    agent.destroy();
    await Promise.all(servers.map((s) => s.close()));
  }
}
