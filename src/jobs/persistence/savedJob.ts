// One saved job, as both storage formats hold it: ids, kinds, Zoho's own response bodies, the
// last error and the last downloaded result. Never a token. Reading checks every field and says
// what is wrong instead of throwing.
import { parseLosslessJson } from '../../zoho/json';
import { parseJob } from '../../zoho/parse';
import type { JobFetch, JobKind } from '../../zoho/types';
import { readExportInfo, type ExportInfo } from '../export/exportQuery';
import { createdMs } from '../jobStore';
import { storedConnection } from '../connections/jobKey';
import { CONNECTION_ID } from '../connections/connectionInfo';
import type { ImportGroup, JobError, JobResult, TrackedJob } from '../trackedJob';

/**
 * A job's saved fields. `connection`: the connection it belongs to (connections/jobKey.ts); absent
 * for the first connection, so files written before connections existed read as its jobs.
 */
export interface SavedJob {
  id: string;
  kind: JobKind;
  addedAt: number;
  connection?: string;
  body?: string;
  fetchedAt?: number;
  error?: JobError;
  result?: JobResult;
  /** a bulk read this extension created: its query and paging (absent in older files) */
  export?: ExportInfo;
  /** the import this job is one part of (absent in files written before imports existed) */
  importGroup?: ImportGroup;
}

/** Rebuilds a fetched job from a saved body, exactly as the client built it from Zoho's. */
export function decodeSavedBody(kind: JobKind, body: string): JobFetch {
  const raw = parseLosslessJson(body);
  return { job: parseJob(kind, raw), rawJson: body, raw };
}

/** What is saved of a job. */
export function encodeJob(j: TrackedJob): SavedJob {
  const e: SavedJob = { id: j.id, kind: j.kind, addedAt: j.addedAt };
  if (j.connection !== undefined) e.connection = j.connection;
  if (j.rawJson !== undefined) { e.body = j.rawJson; e.fetchedAt = j.fetchedAt; }
  if (j.error) e.error = j.error;
  if (j.result) e.result = j.result;
  if (j.export) e.export = j.export;
  if (j.importGroup) e.importGroup = j.importGroup;
  return e;
}

/** A saved job read back, or the reason it cannot be. */
export function decodeJob(entry: unknown): TrackedJob | string {
  if (!isRecord(entry)) return 'not an object';
  const { id, kind, addedAt, body, fetchedAt, error, result } = entry;
  if (typeof id !== 'string' || !/^\d{1,25}$/.test(id)) return 'no valid id';
  if (kind !== 'write' && kind !== 'read') return `job ${id} has no valid kind`;
  const importGroup = readImportGroup(entry.importGroup);
  const connection = entry.connection;
  if (connection !== undefined && !(typeof connection === 'string' && CONNECTION_ID.test(connection))) return `job ${id} names no valid connection`;
  const c = storedConnection(connection);
  const job: TrackedJob = { id, kind, addedAt: typeof addedAt === 'number' ? addedAt : 0, ...(c !== undefined ? { connection: c } : {}), ...(importGroup ? { importGroup } : {}) };
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
  const ex = readExportInfo(entry.export);
  if (ex) job.export = ex;
  return job;
}

/** A saved import group, or undefined when absent or not well-formed (the job then shows on its own). */
function readImportGroup(v: unknown): ImportGroup | undefined {
  if (!isRecord(v)) return undefined;
  const { id, file, module, operation, part, parts } = v;
  const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (typeof id !== 'string' || typeof file !== 'string' || typeof module !== 'string' || typeof operation !== 'string') return undefined;
  if (!count(part) || !count(parts) || part >= parts) return undefined;
  return { id, file, module, operation, part, parts };
}

function readResult(v: unknown): JobResult | undefined {
  if (!isRecord(v) || typeof v.csvPath !== 'string' || !Array.isArray(v.files) || typeof v.rows !== 'number') return undefined;
  return v as unknown as JobResult;
}

/** What a saved job holds that can change; `fetchedAt` alone is not worth a write. */
export interface SavedKey { kind: JobKind; body?: string; error?: string; result?: JobResult; export?: ExportInfo }

export function savedKey(j: TrackedJob): SavedKey {
  return { kind: j.kind, body: j.rawJson, error: j.error ? `${j.error.code}\u0000${j.error.httpStatus ?? ''}\u0000${j.error.message}` : undefined, result: j.result, export: j.export };
}

export function sameKey(a: SavedKey, b: SavedKey): boolean {
  return a.kind === b.kind && a.body === b.body && a.error === b.error && a.result === b.result && a.export === b.export;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
