// Creating exports and their next pages, and tracking them like any read job: added to the store
// with what they were created with, saved, then refreshed. A create is never sent twice for one
// page: the previous job records that its next page is on its way before the request, and the
// new job's id after it (reference §2.1: `page` is 1-based, 200,000 records a page; past that
// Zoho hands out `next_page_token`, which the next request sends as `page_token`).
import { parseLosslessJson } from '../../zoho/json';
import { jobKey } from '../connections/jobKey';
import type { JobStore } from '../jobStore';
import type { TrackedJob } from '../trackedJob';
import type { ExportApi } from './exportPort';
import type { Criteria, ExportInfo, ReadQuery } from './exportQuery';

export interface ExportJobsDeps {
  store: JobStore;
  api: Pick<ExportApi, 'createReadJob'>;
  /** fetches a job once (JobService.refresh) */
  refresh(id: string): Promise<unknown>;
  /** writes a job to disk now (JobPersistence.saveNow) */
  saveNow(id: string): PromiseLike<void>;
  now?: () => number;
}

/** A finished bulk read whose result says Zoho has more records than this page. */
export function hasMorePages(job: TrackedJob): boolean {
  const d = job.data;
  return d?.kind === 'read' && d.status.status === 'completed' && d.result?.moreRecords === true;
}

/** The query a job was created with: ours when we created it, else read from Zoho's answer. */
export function queryOf(job: TrackedJob): ReadQuery | undefined {
  if (job.export) return job.export.query;
  const d = job.data;
  if (d?.kind !== 'read' || !d.module) return undefined;
  const q: ReadQuery = { module: d.module };
  if (d.fields?.length) q.fields = d.fields;
  const raw = rawQuery(job);
  if (raw && typeof raw.criteria === 'object' && raw.criteria !== null) q.criteria = raw.criteria as Criteria;
  if (raw && typeof raw.page === 'number' && Number.isInteger(raw.page) && raw.page >= 1) q.page = raw.page;
  return q;
}

function rawQuery(job: TrackedJob): Record<string, unknown> | undefined {
  if (job.rawJson === undefined) return undefined;
  try {
    const body = parseLosslessJson(job.rawJson) as { data?: { query?: unknown }[] };
    const q = Array.isArray(body?.data) ? body.data[0]?.query : undefined;
    return typeof q === 'object' && q !== null ? (q as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The query for the page after this finished job: its next_page_token when Zoho gave one, else page + 1. */
export function nextPageQuery(job: TrackedJob): ReadQuery | undefined {
  if (!hasMorePages(job) || job.data?.kind !== 'read') return undefined;
  const base = queryOf(job);
  if (!base) return undefined;
  const { page, pageToken: _previousToken, ...rest } = base;
  const token = job.data.result?.nextPageToken;
  if (token) return { ...rest, pageToken: token };
  return { ...rest, page: (job.data.result?.page ?? page ?? 1) + 1 };
}

/** Zoho answered (so nothing was created) or the request never left: safe to try again. */
function surelyNotCreated(e: unknown): boolean {
  const o = e as { httpStatus?: unknown; code?: unknown } | undefined;
  if (typeof o?.httpStatus === 'number' && o.httpStatus >= 400 && o.httpStatus < 500) return true;
  return o?.code === 'NO_TOKEN' || o?.code === 'UNTRUSTED_HOST' || o?.code === 'ABORTED';
}

export class ExportJobs {
  private readonly creating = new Map<string, Promise<string>>();
  private readonly now: () => number;

  constructor(private readonly deps: ExportJobsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Creates a bulk read job on a connection (absent: the first) and tracks it; resolves to its id once it is saved and fetched once. */
  async create(query: ReadQuery, opts: { allPages?: boolean; signal?: AbortSignal; connection?: string } = {}): Promise<string> {
    const id = await this.deps.api.createReadJob(query, opts.signal, opts.connection);
    await this.track(id, { query, ...(opts.allPages ? { allPages: true } : {}) }, opts.connection);
    return id;
  }

  /**
   * The job of the page after the job `id` (its store key, see keyOf): created once, on the same
   * connection, and the same id on every later call. Throws
   * when the job has no next page, or when an earlier attempt may have reached Zoho unanswered.
   */
  createNextPage(id: string): Promise<string> {
    const running = this.creating.get(id);
    if (running) return running;
    const p = this.sendNextPage(id).finally(() => this.creating.delete(id));
    this.creating.set(id, p);
    return p;
  }

  private async sendNextPage(id: string): Promise<string> {
    const { store } = this.deps;
    const job = store.get(id);
    if (!job) throw new Error(`Job ${id} is not tracked.`);
    const next = job.export?.next;
    if (next?.jobId) return next.jobId;
    if (next) {
      throw new Error(`The next page of job ${id} was being created when VS Code stopped or the connection failed, so Zoho may already have it. Look for it in Zoho CRM and add it with "Add Job ID"; it is not created again automatically.`);
    }
    const query = nextPageQuery(job);
    if (!query) throw new Error(`Job ${id} has no next page: ${job.data?.kind !== 'read' ? 'it is not a bulk read job' : hasMorePages(job) ? 'its query is unknown' : 'Zoho reports no more records (or it has not finished yet)'}.`);
    const info: ExportInfo = job.export ?? { query: queryOf(job) as ReadQuery };
    store.recordExport(id, { ...info, next: { at: this.now() } });
    await this.deps.saveNow(id);
    let newId: string;
    try {
      newId = await this.deps.api.createReadJob(query, undefined, job.connection);
    } catch (e) {
      // only a create Zoho surely did not receive (or refused) may be asked again
      const now = store.get(id);
      if (surelyNotCreated(e) && now?.export) {
        const { next: _pending, ...rest } = now.export;
        store.recordExport(id, rest);
        await this.deps.saveNow(id);
      }
      throw e;
    }
    const current = store.get(id)?.export ?? info;
    store.recordExport(id, { ...current, next: { jobId: newId, at: this.now() } });
    await Promise.all([this.deps.saveNow(id), this.track(newId, { query, ...(info.allPages ? { allPages: true } : {}) }, job.connection)]);
    return newId;
  }

  private async track(id: string, info: ExportInfo, connection: string | undefined): Promise<void> {
    const { store } = this.deps;
    const key = jobKey(connection, id);
    store.add(id, 'read', undefined, connection);
    store.recordExport(key, info);
    await this.deps.saveNow(key);
    await this.deps.refresh(key);
    if (store.has(key)) await this.deps.saveNow(key);
  }
}
