// The refresh figures as table lines (pass/MISS per target) and as bench/results.json rows.
import { round } from './common';
import { TARGET_OVER_IDEAL, TARGET_OVER_POOL, type RefreshRow } from './refresh';
import { check, ms, type Line } from './table';

export function refreshLines(refresh: readonly RefreshRow[]): Line[] {
  const lines: Line[] = [];
  for (const r of refresh) {
    const waves = Math.ceil(r.n / r.concurrency);
    const perWave = (x: number) => ((x - r.idealMs) / waves).toFixed(2);
    const cpu = r.cpuPerRequestMs;
    lines.push(
      { figure: `#refresh N=${r.n}, L=${r.latencyMs} ms, C=${r.concurrency} (medians of runs: ours ${r.runs.ours.length}, pool ${r.runs.pool.length}, seed ${r.runs.seed.length}, diag ${r.runs.workers.length}; load ${r.load.map((x) => x.toFixed(1)).join('→')})`, value: '', target: '', verdict: '' },
      { figure: '  ours: one poll tick, JobService C=4', value: ms(r.oursMs, 1), target: '', verdict: '' },
      { figure: '  pool: bare node:http, C workers, same run', value: ms(r.poolMs, 1), target: '', verdict: '' },
      { figure: '  ideal ⌈N/C⌉·L', value: ms(r.idealMs), target: '', verdict: '' },
      { figure: '  ours / ideal', value: (r.oursMs / r.idealMs).toFixed(3), target: `≤ ${TARGET_OVER_IDEAL}`, verdict: check(r.oursMs / r.idealMs <= TARGET_OVER_IDEAL) },
      { figure: '  ours / pool', value: (r.oursMs / r.poolMs).toFixed(3), target: `≤ ${TARGET_OVER_POOL}`, verdict: check(r.oursMs / r.poolMs <= TARGET_OVER_POOL) },
      { figure: '  info: pool / ideal', value: (r.poolMs / r.idealMs).toFixed(3), target: '', verdict: '' },
      { figure: '  info: seed way, one request after another', value: `${ms(r.seedMs)} = ${(r.seedMs / r.oursMs).toFixed(2)} × ours`, target: '', verdict: '' },
      { figure: '  diag, ms over ideal per wave: pool|workers|identity|ours', value: [r.poolMs, r.workersMs, r.identityMs, r.oursMs].map(perWave).join(' | '), target: '', verdict: '' },
      { figure: '  diag, CPU ms per request:     pool|workers|identity|ours', value: [cpu.pool, cpu.workers, cpu.identity, cpu.ours].map((x) => x.toFixed(2)).join(' | '), target: '', verdict: '' },
    );
  }
  return lines;
}

export function refreshJson(refresh: readonly RefreshRow[]): unknown[] {
  return refresh.map((r) => ({
    n: r.n, latencyMs: r.latencyMs, concurrency: r.concurrency,
    oursMs: round(r.oursMs), poolMs: round(r.poolMs), idealMs: r.idealMs,
    oursOverIdeal: round(r.oursMs / r.idealMs, 3), oursOverPool: round(r.oursMs / r.poolMs, 3),
    targets: { oursOverIdeal: TARGET_OVER_IDEAL, oursOverPool: TARGET_OVER_POOL },
    pass: { oursOverIdeal: r.oursMs / r.idealMs <= TARGET_OVER_IDEAL, oursOverPool: r.oursMs / r.poolMs <= TARGET_OVER_POOL },
    poolOverIdeal: round(r.poolMs / r.idealMs, 3),
    seedMs: round(r.seedMs), seedOverOurs: round(r.seedMs / r.oursMs, 2), // information, no target
    diagnostics: {
      workersMs: round(r.workersMs), identityMs: round(r.identityMs),
      cpuPerRequestMs: Object.fromEntries(Object.entries(r.cpuPerRequestMs).map(([k, v]) => [k, round(v, 3)])),
      wavePeriodMs: r.wavePeriodMs, waveSpreadMs: r.waveSpreadMs, load: r.load.map((x) => round(x, 2)),
      firstLoadConnections: r.firstLoadConnections, pollConnections: r.oursConnections,
    },
    runs: Object.fromEntries(Object.entries(r.runs).map(([k, v]) => [k, v.map((x) => round(x))])),
  }));
}
