// The job manager: adds, removes and refreshes jobs through the Zoho client, with at most
// `concurrency` requests in flight per connection (Zoho counts concurrency per org) and one
// in-flight request per job (a second refresh of the same job shares the first). Jobs are named
// by their store key (connections/jobKey.ts: the bare id on the first connection). Results land in the JobStore; nothing here throws for a
// failed fetch: the error is recorded on the job.
import { bulkhead, type BulkheadPolicy } from 'cockatiel';
import { describeError, ZohoError } from '../zoho/errors';
import type { KnownJob } from '../zoho/client';
import type { JobFetch, JobKind } from '../zoho/types';
import type { JobStore } from './jobStore';
import { connectionOf, jobKey, keyOf } from './connections/jobKey';
import { isFinished, type ImportGroup, type TrackedJob } from './trackedJob';

export interface JobFetcher {
  /**
   * `known`: the job's last good answer; an identical body is not parsed again (see ZohoClient.getJob).
   * `connection`: whose API host and token to use (absent: the first connection).
   */
  getJob(kind: JobKind, id: string, signal?: AbortSignal, known?: KnownJob, connection?: string): Promise<JobFetch>;
}

export interface RefreshOutcome {
  /** the job's store key (its id on the first connection) */
  id: string;
  /** the response differed from the last good one (or the job was loaded for the first time) */
  changed: boolean;
  error?: { code: string; httpStatus?: number; message: string; retryAfterMs?: number };
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface JobServiceOptions {
  concurrency?: number;
  log?: Log;
  now?: () => number;
  /** writes a job's present state (or its removal) to disk now; resolves when it is there (JobPersistence.saveNow) */
  saveNow?: (id: string) => PromiseLike<void>;
}

export class JobService {
  private readonly inflight = new Map<string, Promise<RefreshOutcome>>();
  /** one bulkhead per connection */
  private readonly limiters = new Map<string, BulkheadPolicy>();
  private concurrency: number;
  private readonly log: Log;
  private readonly now: () => number;
  private readonly saveNow: (id: string) => PromiseLike<void>;
  /** requests sent since creation (for the benchmark and tests) */
  requestCount = 0;

  constructor(private readonly store: JobStore, private readonly fetcher: JobFetcher, opts: JobServiceOptions = {}) {
    this.concurrency = clampConcurrency(opts.concurrency);
    this.log = opts.log ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.saveNow = opts.saveNow ?? (() => Promise.resolve());
  }

  setConcurrency(n: number): void {
    this.concurrency = clampConcurrency(n);
    this.limiters.clear();
  }

  private limiter(connection: string): BulkheadPolicy {
    let l = this.limiters.get(connection);
    if (!l) this.limiters.set(connection, l = bulkhead(this.concurrency, Number.POSITIVE_INFINITY));
    return l;
  }

  get inflightCount(): number { return this.inflight.size; }

  /**
   * Tracks a job and fetches it once. Without a kind, it is looked up as a bulk write job
   * and, if Zoho has no such write job, as a bulk read job. Resolves once the job is saved
   * (before the fetch, and again with the fetched answer): an abrupt exit right after loses nothing.
   */
  async add(id: string, kind?: JobKind, importGroup?: ImportGroup, connection?: string): Promise<{ job: TrackedJob; added: boolean; outcome?: RefreshOutcome }> {
    const { job, added } = this.store.add(id, kind ?? 'write', importGroup, connection);
    if (!added) return { job, added };
    const key = jobKey(connection, id);
    await this.saveNow(key);
    const outcome = await this.refresh(key, { detectKind: kind === undefined });
    if (this.store.has(key)) await this.saveNow(key);
    return { job, added, outcome };
  }

  /** Stops tracking a job (`key`: see keyOf); resolves once its saved copy is gone. */
  async remove(key: string): Promise<boolean> {
    return (await this.removeMany([key])) > 0;
  }

  /** Stops tracking several jobs at once (one list change); resolves with how many were tracked once every saved copy is gone. */
  async removeMany(keys: Iterable<string>): Promise<number> {
    const removed = this.store.removeMany(keys);
    await Promise.all(removed.map((k) => this.saveNow(k)));
    return removed.length;
  }

  /** Refreshes one job (`key`: see keyOf), finished or not; concurrent calls for the same job share one request. */
  refresh(key: string, opts: { detectKind?: boolean } = {}): Promise<RefreshOutcome> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.fetchInto(key, opts.detectKind === true).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** Refreshes every job that can still change; finished jobs are skipped (they never change). */
  refreshAll(onProgress?: (done: number, total: number) => void): Promise<RefreshOutcome[]> {
    return this.refreshMany(this.store.all().filter((j) => !isFinished(j) || j.error !== undefined), onProgress);
  }

  refreshMany(jobs: readonly TrackedJob[], onProgress?: (done: number, total: number) => void): Promise<RefreshOutcome[]> {
    let done = 0;
    return Promise.all(jobs.map((j) => this.refresh(keyOf(j)).then((o) => { onProgress?.(++done, jobs.length); return o; })));
  }

  private async fetchInto(key: string, detectKind: boolean): Promise<RefreshOutcome> {
    const first = this.store.get(key);
    if (!first) return { id: key, changed: false };
    const { id, connection } = first;
    let before: string | undefined;
    try {
      // a slot is held for the request only: the answer is stored after the next request has its turn
      const fetched = await this.limiter(connectionOf(first)).execute(() => {
        const job = this.store.get(key);
        if (!job) return Promise.resolve(undefined); // removed while waiting for a slot: nothing is sent
        before = job.rawJson;
        const known = job.data && job.rawJson !== undefined ? { job: job.data, rawJson: job.rawJson } : undefined;
        return this.fetchKind(job.kind, id, detectKind, known, connection);
      });
      if (!fetched) return { id: key, changed: false };
      this.store.recordSuccess(key, fetched, this.now());
      const changed = fetched.rawJson !== before;
      this.log('debug', `job ${key}: ${fetched.job.status.raw}${changed ? ' (changed)' : ''}`);
      return { id: key, changed };
    } catch (e) {
      const error = toJobError(e);
      this.log('warn', `job ${key}: ${error.message}`);
      this.store.recordError(key, error, this.now());
      return { id: key, changed: false, error };
    }
  }

  private async fetchKind(kind: JobKind, id: string, detectKind: boolean, known: KnownJob | undefined, connection: string | undefined): Promise<JobFetch> {
    this.requestCount++;
    try {
      return await this.fetcher.getJob(kind, id, undefined, known, connection);
    } catch (e) {
      if (!detectKind || kind !== 'write' || toJobError(e).code !== 'RESOURCE_NOT_FOUND') throw e;
      this.requestCount++;
      try {
        return await this.fetcher.getJob('read', id, undefined, undefined, connection);
      } catch (readError) {
        if (toJobError(readError).code !== 'RESOURCE_NOT_FOUND') throw readError;
        // neither a write nor a read job: say so without naming one kind
        throw new ZohoError({ code: 'RESOURCE_NOT_FOUND', httpStatus: toJobError(e).httpStatus, jobId: id });
      }
    }
  }
}

function clampConcurrency(n: number | undefined): number {
  return Number.isInteger(n) && (n as number) >= 1 ? Math.min(n as number, 25) : 4;
}

export function toJobError(e: unknown): { code: string; httpStatus?: number; message: string; retryAfterMs?: number } {
  if (e instanceof ZohoError) {
    return {
      code: e.code, message: describeError(e),
      ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
      ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    };
  }
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; httpStatus?: unknown; message?: unknown; retryAfterMs?: unknown };
    const message = typeof o.message === 'string' && o.message ? o.message : 'The request failed for an unknown reason.';
    return {
      code: typeof o.code === 'string' ? o.code : 'UNEXPECTED_ERROR',
      message,
      ...(typeof o.httpStatus === 'number' ? { httpStatus: o.httpStatus } : {}),
      ...(typeof o.retryAfterMs === 'number' ? { retryAfterMs: o.retryAfterMs } : {}),
    };
  }
  return { code: 'UNEXPECTED_ERROR', message: String(e) };
}
