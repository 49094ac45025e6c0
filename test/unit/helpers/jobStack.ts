// A real stack for jobs-layer tests: simulator over loopback, the real ZohoClient, a JobStore
// and a JobService. Nothing of ours is mocked.
import { JobService } from '../../../src/jobs/jobService';
import { JobStore } from '../../../src/jobs/jobStore';
import { ZohoClient } from '../../../src/zoho/client';
import { staticTokenProvider } from '../../../src/zoho/tokenProvider';
import { startSimulator, type SimOptions, type Simulator } from '../../sim/server';

export interface JobStack { sim: Simulator; client: ZohoClient; store: JobStore; service: JobService; close(): Promise<void> }

export async function jobStack(opts: SimOptions & { concurrency?: number; retries?: number } = {}): Promise<JobStack> {
  const sim = await startSimulator({ port: 0, token: 'unit-token', seed: false, ...opts });
  const client = new ZohoClient({
    apiBase: sim.url, tokens: staticTokenProvider(sim.token), userAgent: 'zoho-bulk-jobs-tests/0',
    timeoutMs: 2000, retry: { maxAttempts: opts.retries ?? 1, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const store = new JobStore();
  const service = new JobService(store, client, { concurrency: opts.concurrency ?? 4 });
  return { sim, client, store, service, close: () => sim.close() };
}

/** Waits until `probe` is true, polling real time (for HTTP to finish). */
export async function until(probe: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
