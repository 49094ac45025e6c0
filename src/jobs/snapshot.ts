// The scripting API's view of a job (activate() returns { getJobs(): JobSnapshot[] }).
import { parseLosslessJson } from '../zoho/json';
import type { JobKind } from '../zoho/types';
import { jobStatus, type TrackedJob } from './trackedJob';

export type SnapshotStatus = 'added' | 'queued' | 'in-progress' | 'completed' | 'failed' | 'unknown';

export interface JobSnapshot {
  id: string;
  /** the name of the connection the job belongs to */
  connection: string;
  kind: JobKind;
  status: SnapshotStatus;
  /** the last successful body (big ids as exact strings) */
  raw?: unknown;
  error?: { code: string; httpStatus?: number; message: string };
}

/** `connection`: the name of the job's connection. */
export function toSnapshot(job: TrackedJob, connection: string): JobSnapshot {
  const s = jobStatus(job);
  const snap: JobSnapshot = { id: job.id, connection, kind: job.kind, status: s === 'skipped' ? 'unknown' : s };
  // parsed on demand: keeping a second parsed copy per job would double the memory of 10,000 jobs
  if (job.rawJson !== undefined) snap.raw = parseLosslessJson(job.rawJson);
  if (job.error) {
    snap.error = { code: job.error.code, message: job.error.message };
    if (job.error.httpStatus !== undefined) snap.error.httpStatus = job.error.httpStatus;
  }
  return snap;
}
