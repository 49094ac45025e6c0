// Small shared helpers: the client as the benchmark builds it, and statistics.
import { performance } from 'node:perf_hooks';
import { ZohoClient } from '../src/zoho/client';
import type { FetchLike } from '../src/zoho/http';
import { staticTokenProvider } from '../src/zoho/tokenProvider';

export const TOKEN = 'bench-token';

/** The client's per-attempt timeout here: far above any request, so it never fires. */
export const TIMEOUT_MS = 600_000;

/** What the client's timeout costs per request: a timer and an AbortController (bare pools that model it). */
export function deadline(): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * The real ZohoClient against the simulator, with nothing that could distort a timing: one
 * attempt (no retries; no faults are injected anyway), a per-attempt timeout far above any
 * request here, and no log function (the client's debug line is then never formatted).
 */
export function benchClient(sim: { url: string; token: string }, fetch?: FetchLike): ZohoClient {
  return new ZohoClient({
    apiBase: sim.url, tokens: staticTokenProvider(sim.token), userAgent: 'zoho-bulk-jobs-bench/0',
    timeoutMs: TIMEOUT_MS, retry: { maxAttempts: 1 }, ...(fetch ? { fetch } : {}),
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Peak RSS over a baseline taken now (after a gc when --expose-gc is on), sampled every
 * `everyMs` plus whenever `sample()` is called; `stop()` ends the sampling and gives the figures.
 */
export function rssWatch(everyMs = 5): { sample(): void; stop(): { baselineMb: number; peakGrowthMb: number } } {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = (): void => { peak = Math.max(peak, process.memoryUsage.rss()); };
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return { baselineMb: round(baseline / 1048576), peakGrowthMb: round((peak - baseline) / 1048576) };
    },
  };
}
