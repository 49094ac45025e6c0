// The job store: every tracked job by id, with per-job change events so the tree can
// refresh only the node that changed (and the list event when jobs come and go).
import type { JobFetch, JobKind, JobStatus } from '../zoho/types';
import { Emitter } from './emitter';
import type { ExportInfo } from './export/exportQuery';
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
  get(id: string): TrackedJob | undefined { return this.jobs.get(id); }
  has(id: string): boolean { return this.jobs.has(id); }
  all(): TrackedJob[] { return [...this.jobs.values()]; }

  /** Unfinished first, then newest; cached until something changes. */
  sorted(): readonly TrackedJob[] {
    if (!this.sortedCache) this.sortedCache = this.all().sort(compareJobs);
    return this.sortedCache;
  }

  /** Adds a job (or returns the one already tracked under that id). */
  add(id: string, kind: JobKind, importGroup?: ImportGroup): { job: TrackedJob; added: boolean } {
    const existing = this.jobs.get(id);
    if (existing) return { job: existing, added: false };
    const job: TrackedJob = { id, kind, addedAt: this.now(), ...(importGroup ? { importGroup } : {}) };
    this.jobs.set(id, job);
    this.sortedCache = undefined;
    this.changeList.fire();
    return { job, added: true };
  }

  remove(id: string): boolean {
    const removed = this.jobs.delete(id);
    if (removed) {
      this.sortedCache = undefined;
      this.changeList.fire();
    }
    return removed;
  }

  /** Replaces everything (loading persisted state); fires one list event. */
  load(jobs: Iterable<TrackedJob>): void {
    this.jobs.clear();
    for (const j of jobs) this.jobs.set(j.id, j);
    this.sortedCache = undefined;
    this.changeList.fire();
  }

  recordSuccess(id: string, fetch: JobFetch, at = this.now()): void {
    const job = this.jobs.get(id);
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

  recordError(id: string, error: Omit<JobError, 'at'>, at = this.now()): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.error = { ...error, at };
    this.changed(job, jobStatus(job), job.data !== undefined);
  }

  recordResult(id: string, result: JobResult): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.result = result;
    this.changed(job, jobStatus(job), job.data !== undefined);
  }

  /** Sets what is kept about an export this extension created (its query, paging); a new object each time. */
  recordExport(id: string, info: ExportInfo): void {
    const job = this.jobs.get(id);
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
