// The bare node:http pool: C keep-alive workers sending the same GETs our client sends, reading
// each body without decoding it. No client, no retry policy, no timeout, no store: what the
// simulator, its latency timer and loopback HTTP cost by themselves. It is the ladder's first rung
// (bench/ladder.ts) and the yardstick of the refresh target (bench/refresh.ts: ours within 1.03 ×
// this pool, measured in the same run).
import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { deadline } from './common';
import type { SimProcess } from './simProcess';

/** c async workers taking the next id until none is left. */
export async function workers(ids: readonly string[], c: number, fn: (id: string) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < ids.length) await fn(ids[next++]); };
  await Promise.all(Array.from({ length: c }, worker));
}

/** The pool itself: c workers, one bare GET per job on `agent` (keep-alive), body read, not decoded. */
export function barePool(sim: SimProcess, agent: http.Agent, ids: readonly string[], c: number): Promise<void> {
  return workers(ids, c, (id) => rawGet(sim, agent, id));
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
