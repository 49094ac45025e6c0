// Where our client's time goes beside a bare pool: a ladder from the bare node:http pool (bench/pool.ts,
// the refresh target's yardstick) up to our client, one rung at a time, every rung against the same
// simulator (own process, latency L) and the same jobs, runs interleaved. Not part of `npm run bench`
// (it answers a question, it sets no target).
//   npm run bench:ladder -- [--n 200] [--runs 5] [--latency 50]
// Each rung's ratio is the seed way's median over the rung's median (the former ≥ C target's ratio),
// and the rung's median over the bare pool's (as for the target ours ≤ 1.03 × pool).
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { httpFetch } from '../src/zoho/httpFetch';
import { benchClient, deadline, median, round, timed, TOKEN } from './common';
import { barePool, jobRequest, rawGet, workers } from './pool';
import { startSimProcess, type SimProcess } from './simProcess';

const CONCURRENCY = 4;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
  return v;
}

/** Holds the CPU for `ms`, as extra client work per answer would. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
}

/** httpFetch as the client calls it (no decompression by the fetch, bytes gunzipped here). */
async function fetchJob(sim: SimProcess, id: string, timeout: boolean): Promise<void> {
  const limit = timeout ? deadline() : undefined;
  try {
    const { url, headers } = jobRequest(sim, id);
    const res = await httpFetch(url, {
      method: 'GET', headers, redirect: 'manual', compress: false, signal: limit?.signal ?? new AbortController().signal,
    });
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    if (res.status !== 200 || !text.includes(id)) throw new Error(`unexpected answer for ${id}: HTTP ${res.status}`);
  } finally {
    limit?.clear();
  }
}

async function main(): Promise<void> {
  const n = flag('n', 200);
  const runs = flag('runs', 5);
  const latencyMs = flag('latency', 50);
  if (n % CONCURRENCY) throw new Error(`--n must be a multiple of ${CONCURRENCY}`);
  const sim = await startSimProcess({ token: TOKEN, latencyMs });
  const agent = new http.Agent({ keepAlive: true });
  try {
    const client = benchClient(sim);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 100 + i }));
    const pool = (fn: (id: string) => Promise<unknown>) => () => workers(ids, CONCURRENCY, fn);
    const rungs: [string, () => Promise<unknown>][] = [
      ['seed way: our client, one request after another', async () => { for (const id of ids) await client.getWriteJob(id); }],
      ['pool: bare node:http, body read, not decoded', () => barePool(sim, agent, ids, CONCURRENCY)],
      ['  + gunzip of the body', pool((id) => rawGet(sim, agent, id, { gunzip: true }))],
      ['  + a timer and AbortController per request', pool((id) => rawGet(sim, agent, id, { gunzip: true, timeout: true }))],
      ['  (+ gunzip, + 0.5 ms busy CPU per answer)', pool(async (id) => { await rawGet(sim, agent, id, { gunzip: true }); busy(0.5); })],
      ['pool: httpFetch, gunzip', pool((id) => fetchJob(sim, id, false))],
      ['  + a timer and AbortController per request', pool((id) => fetchJob(sim, id, true))],
      ['pool: our ZohoClient.getWriteJob', pool((id) => client.getWriteJob(id))],
    ];
    for (const [, run] of rungs) await run(); // warm-up
    const wall = rungs.map((): number[] => []);
    const cpu = rungs.map((): number[] => []);
    for (let r = 0; r < runs; r++) {
      for (const [i, [, run]] of rungs.entries()) {
        const c0 = process.cpuUsage();
        wall[i].push(await timed(run));
        const c = process.cpuUsage(c0);
        cpu[i].push((c.user + c.system) / 1000 / n);
      }
    }
    const seed = median(wall[0]);
    const bare = median(wall[1]); // the bare pool, the target's yardstick
    const width = Math.max(...rungs.map(([name]) => name.length));
    console.log(`N = ${n}, L = ${latencyMs} ms, C = ${CONCURRENCY}, medians of ${runs} interleaved runs; ideal pool ${Math.ceil(n / CONCURRENCY) * latencyMs} ms`);
    console.log(`${'rung'.padEnd(width)}  ${'ms'.padStart(8)}  ${'seed/x'.padStart(6)}  ${'x/pool'.padStart(6)}  ${'ms over L per wave'.padStart(18)}  CPU ms/request`);
    for (const [i, [name]] of rungs.entries()) {
      const ms = median(wall[i]);
      const cycles = i === 0 ? n : Math.ceil(n / CONCURRENCY);
      console.log(`${name.padEnd(width)}  ${ms.toFixed(1).padStart(8)}  ${(seed / ms).toFixed(3).padStart(6)}  ${(ms / bare).toFixed(3).padStart(6)}  ${(ms / cycles - latencyMs).toFixed(2).padStart(18)}  ${round(median(cpu[i]), 3)}`);
    }
  } finally {
    agent.destroy();
    await sim.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
