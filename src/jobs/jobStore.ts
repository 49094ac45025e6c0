// The job store: every tracked job by key (its id, or `<connection>~<id>` on another connection), with per-job change events so the tree can
// refresh only the node that changed (and the list event when jobs come and go).
import type { JobFetch, JobKind, JobStatus } from '../zoho/types';
import { Emitter } from './emitter';
import type { ExportInfo } from './export/exportQuery';
import { jobKey, keyOf, storedConnection } from './connections/jobKey';
import { compareJobs, jobStatus, type ImportGroup, type JobError, type JobResult, type TrackedJob } from './trackedJob';

export interface JobChange {
  job: TrackedJob;
  /** status before this change ('unknown' when never loaded) */
  previous: JobStatus;
  /** whether the job had been loaded successfully before this change */
  wasLoaded: boolean;
}

export class JobStore {
  private readonly jobs = new Map<string, TrackedJob>();
  private sortedCache: TrackedJob[] | undefined;
  private readonly changeJob = new Emitter<JobChange>();
  private readonly changeList = new Emitter<void>();
  /** a job's data or error changed */
  readonly onDidChangeJob = this.changeJob.event;
  /** jobs were added or removed (or the store was reloaded) */
  readonly onDidChangeList = this.changeList.event;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number { return this.jobs.size; }
  /** `key`: see keyOf (the bare id on the first connection). */
  get(key: string): TrackedJob | undefined { return this.jobs.get(key); }
  has(key: string): boolean { return this.jobs.has(key); }
  all(): TrackedJob[] { return [...this.jobs.values()]; }

  /** Unfinished first, then newest; cached until something changes. */
  sorted(): readonly TrackedJob[] {
    if (!this.sortedCache) this.sortedCache = this.all().sort(compareJobs);
    return this.sortedCache;
  }

  /** Jobs of one connection (its id; FIRST_CONNECTION or undefined for the first). */
  ofConnection(connection: string | undefined): TrackedJob[] {
    const c = storedConnection(connection);
    return this.all().filter((j) => j.connection === c);
  }

  /** Adds a job (or returns the one already tracked under that id on that connection). */
  add(id: string, kind: JobKind, importGroup?: ImportGroup, connection?: string): { job: TrackedJob; added: boolean } {
    const key = jobKey(connection, id);
    const existing = this.jobs.get(key);
    if (existing) return { job: existing, added: false };
    const c = storedConnection(connection);
    const job: TrackedJob = { id, kind, addedAt: this.now(), ...(c !== undefined ? { connection: c } : {}), ...(importGroup ? { importGroup } : {}) };
    this.jobs.set(key, job);
    this.sortedCache = undefined;
    this.changeList.fire();
    return { job, added: true };
  }

  /** `key`: see keyOf (the bare id on the first connection). */
  remove(key: string): boolean { return this.removeMany([key]).length > 0; }

  /** Removes several jobs with one list event (a connection's 10,000 jobs must not mean 10,000 events); returns the keys that were tracked. */
  removeMany(keys: Iterable<string>): string[] {
    const removed = [...keys].filter((k) => this.jobs.delete(k)); // a key given twice is deleted once
    if (removed.length > 0) {
      this.sortedCache = undefined;
      this.changeList.fire();
    }
    return removed;
  }

  /** Replaces everything (loading persisted state); fires one list event. */
  load(jobs: Iterable<TrackedJob>): void {
    this.jobs.clear();
    for (const j of jobs) this.jobs.set(keyOf(j), j);
    this.sortedCache = undefined;
    this.changeList.fire();
  }

  recordSuccess(key: string, fetch: JobFetch, at = this.now()): void {
    const job = this.jobs.get(key);
    if (!job) return; // removed while the request was in flight
    const previous = jobStatus(job);
    const wasLoaded = job.data !== undefined;
    job.kind = fetch.job.kind;
    job.data = fetch.job;
    job.rawJson = fetch.rawJson;
    job.fetchedAt = at;
    job.error = undefined;
    job.createdMs = createdMs(fetch.job.createdTime);
    this.changed(job, previous, wasLoaded);
  }

  recordError(key: string, error: Omit<JobError, 'at'>, at = this.now()): void {
    const job = this.jobs.get(key);
    if (!job) return;
    job.error = { ...error, at };
    this.changed(job, jobStatus(job), job.data !== undefined);
  }

  recordResult(key: string, result: JobResult): void {
    const job = this.jobs.get(key);
    if (!job) return;
    job.result = result;
    this.changed(job, jobStatus(job), job.data !== undefined);
  }

  /** Sets what is kept about an export this extension created (its query, paging); a new object each time. */
  recordExport(key: string, info: ExportInfo): void {
    const job = this.jobs.get(key);
    if (!job) return;
    job.export = info;
    this.changed(job, jobStatus(job), job.data !== undefined);
  }

  dispose(): void {
    this.changeJob.dispose();
    this.changeList.dispose();
  }

  private changed(job: TrackedJob, previous: JobStatus, wasLoaded: boolean): void {
    if (previous !== jobStatus(job) || !wasLoaded) this.sortedCache = undefined;
    this.changeJob.fire({ job, previous, wasLoaded });
  }
}

export function createdMs(createdTime: string | undefined): number | undefined {
  if (!createdTime) return undefined;
  const ms = Date.parse(createdTime);
  return Number.isFinite(ms) ? ms : undefined;
}
