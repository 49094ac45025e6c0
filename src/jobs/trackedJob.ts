// One job the user tracks: its last good response and, when the last refresh failed, why.
import type { BulkJob, JobKind, JobStatus } from '../zoho/types';
import type { ExportInfo } from './export/exportQuery';
import { statusInfo } from './statusTable';

export interface JobError {
  code: string;
  httpStatus?: number;
  /** plain words for users, the code included */
  message: string;
  at: number;
}

/** A downloaded result: the CSV on disk and what it says. */
export interface JobResult {
  /** the CSV opened for the user (the first one when Zoho sent several) */
  csvPath: string;
  files: string[];
  downloadedAt: number;
  rows: number;
  /** bulk write: rows per STATUS and the most frequent ERRORS, e.g. DUPLICATE_DATA (Email) ×2 */
  byStatus?: Record<string, number>;
  byError?: { code: string; column: string; count: number }[];
  /** bulk read: the CSV's columns */
  columns?: number;
}

/** The import a job is one part of: a CSV sent as one bulk write job per part. */
export interface ImportGroup {
  /** the same for every part of one import */
  id: string;
  /** the CSV's file name, without its folder */
  file: string;
  module: string;
  operation: string;
  /** 0-based */
  part: number;
  /** the parts the import was planned in */
  parts: number;
}

export interface TrackedJob {
  /** Zoho's job id; the store key is `keyOf(job)` (the id, or `<connection>~<id>` on another connection) */
  readonly id: string;
  /** the connection the job was added or created on; absent for the first connection */
  readonly connection?: string;
  kind: JobKind;
  readonly addedAt: number;
  /** the last good response, typed */
  data?: BulkJob;
  /** the last good response body exactly as received (big ids unrounded); parsed again on demand */
  rawJson?: string;
  /** when `data` was fetched (ms since epoch) */
  fetchedAt?: number;
  /** set when the last refresh failed; cleared by the next good one */
  error?: JobError;
  /** created_time in ms, for sorting (derived from data) */
  createdMs?: number;
  /** the last downloaded result */
  result?: JobResult;
  /** set for bulk read jobs this extension created: their query, and the paging that follows them */
  export?: ExportInfo;
  /** set for the jobs an import created */
  readonly importGroup?: ImportGroup;
}

/** Where Zoho says the result can be downloaded, once the job has finished. */
export function resultUrl(job: TrackedJob): string | undefined {
  const d = job.data;
  if (!d || d.status.status !== 'completed') return undefined;
  return d.kind === 'write' ? d.downloadUrl : d.result?.downloadUrl;
}

export function jobStatus(job: TrackedJob): JobStatus {
  return job.data?.status.status ?? 'unknown';
}

export function isFinished(job: TrackedJob): boolean {
  return job.data !== undefined && statusInfo(jobStatus(job)).terminal;
}

/** Jobs the scheduler should poll: unfinished, or never loaded successfully but not refused outright. */
export function needsPolling(job: TrackedJob): boolean {
  return job.data !== undefined && statusInfo(jobStatus(job)).polled;
}

/** Unfinished first, then newest (created time, else the time it was added). */
export function compareJobs(a: TrackedJob, b: TrackedJob): number {
  const r = statusInfo(jobStatus(a)).rank - statusInfo(jobStatus(b)).rank;
  if (r !== 0) return r;
  return (b.createdMs ?? b.addedAt) - (a.createdMs ?? a.addedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Module(s) and operation, e.g. "Leads · insert", or "Contacts · export" for a bulk read. */
export function jobTitle(job: TrackedJob): string {
  const d = job.data;
  if (!d) return `Job ${job.id}`; // its kind is not known for sure until Zoho has answered
  if (d.kind === 'read') return `${d.module ?? 'Bulk read'} · export`;
  const modules = [...new Set(d.resources.map((r) => r.module).filter(Boolean))];
  const name = modules.length === 0 ? 'Bulk write' : modules.length <= 2 ? modules.join(', ') : `${modules[0]} +${modules.length - 1}`;
  return d.operation ? `${name} · ${d.operation}` : name;
}

export interface JobCounts { added: number; updated: number; skipped: number; total: number }

/** Added / updated / skipped / total summed over a write job's resources. */
export function writeCounts(job: TrackedJob): JobCounts | undefined {
  const d = job.data;
  if (!d || d.kind !== 'write') return undefined;
  const c: JobCounts = { added: 0, updated: 0, skipped: 0, total: 0 };
  let any = false;
  for (const r of d.resources) {
    if (!r.file) continue;
    any = true;
    c.added += r.file.addedCount ?? 0;
    c.updated += r.file.updatedCount ?? 0;
    c.skipped += r.file.skippedCount ?? 0;
    c.total += r.file.totalCount ?? 0;
  }
  return any ? c : undefined;
}
