// Saves and restores the tracked jobs through one typed, versioned record in a key-value
// store (VS Code's globalState in the extension). Only ids, kinds and Zoho's own response
// bodies are written: never a token. A corrupt entry is dropped with a warning.
import { parseLosslessJson } from '../zoho/json';
import { parseJob } from '../zoho/parse';
import type { JobFetch, JobKind } from '../zoho/types';
import type { JobStore } from './jobStore';
import { createdMs } from './jobStore';
import type { JobError, JobResult, TrackedJob } from './trackedJob';

export const STATE_KEY = 'zohoBulkJobs.jobs';
export const STATE_VERSION = 1;

export interface StateStorage {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface PersistedJobV1 {
  id: string;
  kind: JobKind;
  addedAt: number;
  body?: string;
  fetchedAt?: number;
  error?: JobError;
  result?: JobResult;
}

interface PersistedStateV1 { version: 1; jobs: PersistedJobV1[] }

/** Rebuilds a fetched job from a saved body, exactly as the client built it from Zoho's. */
export function decodeSavedBody(kind: JobKind, body: string): JobFetch {
  const raw = parseLosslessJson(body);
  return { job: parseJob(kind, raw), rawJson: body, raw };
}
type Warn = (message: string) => void;

/** Reads the persisted jobs; anything unreadable is skipped and reported through `warn`. */
export function readJobs(storage: StateStorage, warn: Warn): TrackedJob[] {
  const state = storage.get(STATE_KEY);
  if (state === undefined) return [];
  if (!isRecord(state) || !Array.isArray(state.jobs)) {
    warn('Saved Zoho Bulk Jobs state is unreadable; starting with an empty list.');
    return [];
  }
  if (state.version !== STATE_VERSION) {
    warn(`Saved Zoho Bulk Jobs state has version ${String(state.version)}, expected ${STATE_VERSION}; reading what can be read.`);
  }
  const jobs: TrackedJob[] = [];
  const seen = new Set<string>();
  state.jobs.forEach((entry: unknown, i: number) => {
    const job = readEntry(entry);
    if (typeof job === 'string') warn(`Dropped saved job #${i + 1}: ${job}`);
    else if (seen.has(job.id)) warn(`Dropped a duplicate saved job ${job.id}.`);
    else { seen.add(job.id); jobs.push(job); }
  });
  return jobs;
}

function readEntry(entry: unknown): TrackedJob | string {
  if (!isRecord(entry)) return 'not an object';
  const { id, kind, addedAt, body, fetchedAt, error, result } = entry;
  if (typeof id !== 'string' || !/^\d{1,25}$/.test(id)) return 'no valid id';
  if (kind !== 'write' && kind !== 'read') return `job ${id} has no valid kind`;
  const job: TrackedJob = { id, kind, addedAt: typeof addedAt === 'number' ? addedAt : 0 };
  if (typeof body === 'string') {
    try {
      const f = decodeSavedBody(kind, body);
      if (f.job.id !== id) return `job ${id} holds the body of job ${f.job.id}`;
      Object.assign(job, { data: f.job, rawJson: f.rawJson, createdMs: createdMs(f.job.createdTime) });
      if (typeof fetchedAt === 'number') job.fetchedAt = fetchedAt;
    } catch (e) {
      return `job ${id}'s saved response is unreadable (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    job.error = {
      code: error.code, message: error.message, at: typeof error.at === 'number' ? error.at : 0,
      ...(typeof error.httpStatus === 'number' ? { httpStatus: error.httpStatus } : {}),
    };
  }
  const r = readResult(result);
  if (r) job.result = r;
  return job;
}

function readResult(v: unknown): JobResult | undefined {
  if (!isRecord(v) || typeof v.csvPath !== 'string' || !Array.isArray(v.files) || typeof v.rows !== 'number') return undefined;
  return v as unknown as JobResult;
}

export function serialiseJobs(jobs: Iterable<TrackedJob>): PersistedStateV1 {
  const out: PersistedJobV1[] = [];
  for (const j of jobs) {
    const e: PersistedJobV1 = { id: j.id, kind: j.kind, addedAt: j.addedAt };
    if (j.rawJson !== undefined) { e.body = j.rawJson; e.fetchedAt = j.fetchedAt; }
    if (j.error) e.error = j.error;
    if (j.result) e.result = j.result;
    out.push(e);
  }
  return { version: 1, jobs: out };
}

/** What a saved entry holds that can change; `fetchedAt` alone is not worth a write. */
function savedKey(j: TrackedJob): SavedKey {
  return { kind: j.kind, body: j.rawJson, error: j.error ? `${j.error.code}\u0000${j.error.httpStatus ?? ''}\u0000${j.error.message}` : undefined, result: j.result };
}
interface SavedKey { kind: JobKind; body?: string; error?: string; result?: JobResult }

/**
 * Writes the store back whenever what it saves changes, coalescing bursts (a poll of many jobs)
 * into one write after `delayMs`. A poll that only confirms a job (same body, same error) writes
 * nothing: the whole record is rewritten on each write, which for thousands of tracked jobs is
 * megabytes; those `fetchedAt`s are written by the next write, or by dispose() (deactivate).
 * `flush()` writes now.
 */
export class JobPersistence {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: { dispose(): void }[];
  private pending: PromiseLike<void> = Promise.resolve();
  /** per job, what the last write held */
  private saved = new Map<string, SavedKey>();
  /** jobs were refreshed since the last write without changing: their `fetchedAt`s wait for dispose() */
  private onlyTimesChanged = false;

  constructor(private readonly store: JobStore, private readonly storage: StateStorage, private readonly delayMs = 300) {
    for (const j of store.all()) this.saved.set(j.id, savedKey(j)); // as loaded
    this.subs = [
      store.onDidChangeList(() => this.schedule()),
      store.onDidChangeJob(({ job }) => {
        if (this.differsFromSaved(job)) this.schedule();
        else this.onlyTimesChanged = true;
      }),
    ];
  }

  flush(): PromiseLike<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const jobs = this.store.all();
    this.saved = new Map(jobs.map((j) => [j.id, savedKey(j)]));
    this.onlyTimesChanged = false;
    this.pending = this.storage.update(STATE_KEY, serialiseJobs(jobs));
    return this.pending;
  }

  private differsFromSaved(job: TrackedJob): boolean {
    const was = this.saved.get(job.id);
    if (!was) return true;
    const now = savedKey(job);
    return now.kind !== was.kind || now.body !== was.body || now.error !== was.error || now.result !== was.result;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    if (this.timer || this.onlyTimesChanged) void this.flush();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.flush(); }, this.delayMs);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
