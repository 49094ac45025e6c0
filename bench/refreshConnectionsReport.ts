// The refresh-across-connections figures (bench/refreshConnections.ts) as table lines (pass/MISS) and as
// bench/results.json rows (`refreshConnections`); `--only connections` runs them alone.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { round } from './common';
import { benchRefreshConnections, TARGET_CONNECTIONS_OVER_IDEAL, type ConnectionsCase, type ConnectionsRow } from './refreshConnections';
import { check, ms, table, type Line } from './table';

const ROOT = path.resolve(__dirname, '..');

export function connectionsLines(rows: readonly ConnectionsRow[]): Line[] {
  const lines: Line[] = [];
  for (const r of rows) {
    const over = r.oursMs / r.idealMs;
    lines.push(
      { figure: `#refresh across ${r.connections} connections N=${r.n} (${r.jobsPerConnection.join('+')}), L=${r.latencyMs} ms, C=${r.concurrency} each, ${r.simulators === 1 ? 'one simulator' : `${r.simulators} simulators`} (medians of ${r.runs.ours.length} runs; load ${r.load.map((x) => x.toFixed(1)).join('→')})`, value: '', target: '', verdict: '' },
      { figure: `  ours: one poll tick, JobService C=${r.concurrency} per connection`, value: ms(r.oursMs, 1), target: '', verdict: '' },
      { figure: `  ideal ⌈(N/${r.connections})/C⌉·L`, value: ms(r.idealMs), target: '', verdict: '' },
      { figure: '  ours / ideal', value: over.toFixed(3), target: `≤ ${TARGET_CONNECTIONS_OVER_IDEAL}`, verdict: check(over <= TARGET_CONNECTIONS_OVER_IDEAL) },
      { figure: '  peak requests in flight per connection', value: r.peakInFlight.join(' | '), target: `= ${r.concurrency} each`, verdict: check(r.peakInFlight.every((p) => p === r.concurrency)) },
      { figure: `  info: ${r.connections} bare pools of C, same run | pool / ideal`, value: `${ms(r.poolMs, 1)} | ${(r.poolMs / r.idealMs).toFixed(3)}`, target: '', verdict: '' },
      { figure: '  info: ours / pool; CPU ms per request ours|pool', value: `${(r.oursMs / r.poolMs).toFixed(3)}; ${r.cpuPerRequestMs.ours.toFixed(2)}|${r.cpuPerRequestMs.pool.toFixed(2)}`, target: '', verdict: '' },
    );
  }
  return lines;
}

export function connectionsJson(rows: readonly ConnectionsRow[]): unknown[] {
  return rows.map((r) => ({
    n: r.n, connections: r.connections, simulators: r.simulators, jobsPerConnection: r.jobsPerConnection, latencyMs: r.latencyMs, concurrency: r.concurrency,
    oursMs: round(r.oursMs), idealMs: r.idealMs, oursOverIdeal: round(r.oursMs / r.idealMs, 3),
    target: { oursOverIdeal: TARGET_CONNECTIONS_OVER_IDEAL }, pass: { oursOverIdeal: r.oursMs / r.idealMs <= TARGET_CONNECTIONS_OVER_IDEAL },
    peakInFlight: r.peakInFlight,
    poolMs: round(r.poolMs), poolOverIdeal: round(r.poolMs / r.idealMs, 3), oursOverPool: round(r.oursMs / r.poolMs, 3), // information
    cpuPerRequestMs: { ours: round(r.cpuPerRequestMs.ours, 3), pool: round(r.cpuPerRequestMs.pool, 3) },
    load: r.load.map((x) => round(x, 2)),
    runs: { ours: r.runs.ours.map((x) => round(x)), pool: r.runs.pool.map((x) => round(x)) },
  }));
}

/** --only connections: these figures alone, printed and written to dist/bench/results.connections.json. */
export async function connectionsOnly(opts: { cases: ConnectionsCase[]; latencyMs: number; concurrency: number; outDir: string; quick: boolean; started: number; log: (s: string) => void }): Promise<void> {
  opts.log(`refresh across 3 connections against one simulator, L = ${opts.latencyMs} ms, C = ${opts.concurrency} per connection…`);
  const rows = await benchRefreshConnections(opts.cases, opts.latencyMs, opts.concurrency, opts.log);
  const lines = connectionsLines(rows);
  const out = path.join(opts.outDir, 'results.connections.json');
  const durationS = Math.round((Date.now() - opts.started) / 1000);
  fs.mkdirSync(opts.outDir, { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, latencyMs: opts.latencyMs, concurrency: opts.concurrency, refreshConnections: connectionsJson(rows), quick: opts.quick, durationS }, null, 1)}\n`);
  console.log(`\nZoho Bulk Jobs benchmark, refresh across connections only — node ${process.version}, ${os.cpus().length} CPUs, took ${durationS} s`);
  console.log(table(lines));
  const misses = lines.filter((l) => l.verdict === 'MISS').length;
  console.log(`\n${misses ? `${misses} target(s) missed` : 'all targets met'}; figures are medians. Written: ${path.relative(ROOT, out)}`);
}
