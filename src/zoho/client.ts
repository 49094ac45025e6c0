// The bulk-job client: builds job-details paths, validates ids, parses answers. HTTP lives in http.ts.
import { createReadJob, createWriteJob, type CreatedJob, type ReadJobRequest, type WriteJobRequest } from './createJobs';
import { ZohoError } from './errors';
import { HttpOptions, ZohoHttp } from './http';
import { getFields, getModules, type CrmField, type CrmModule } from './metadata';
import { getOrg, type CrmOrg } from './org';
import { ZohoSender } from './sender';
import { uploadFile, type UploadRequest, type UploadResult } from './upload';
import { parseLosslessJson } from './json';
import { parseReadJob, parseWriteJob } from './parse';
import { downloadResult, type DownloadDeps, type DownloadRequest, type DownloadResult } from './resultDownload';
import type { BulkJob, BulkReadJob, BulkWriteJob, JobFetch, JobKind } from './types';

export const SUPPORTED_VERSIONS: readonly string[] = Object.freeze(['v2', 'v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']);
export const DEFAULT_VERSION = 'v8';
const JOB_ID = /^\d{1,25}$/;

export interface ZohoClientOptions extends HttpOptions {
  /** Bulk API version: v2, v2.1, v3 … v8 (default v8). */
  version?: string;
}

/** A job's last good answer: its body exactly as received, and what it parsed to. */
export interface KnownJob<J extends BulkJob = BulkJob> {
  rawJson: string;
  job: J;
}

/** The same bytes as the known answer: its job again; `raw` is parsed only if someone asks for it. */
function unchangedFetch<J extends BulkJob>(known: KnownJob<J>, reset: { accessTokenReset?: string }): JobFetch<J> {
  let raw: unknown;
  return {
    job: known.job,
    rawJson: known.rawJson,
    get raw() {
      return (raw ??= parseLosslessJson(known.rawJson));
    },
    ...reset,
  };
}

export function isValidJobId(id: unknown): id is string {
  return typeof id === 'string' && JOB_ID.test(id);
}

export class ZohoClient {
  readonly version: string;
  private readonly http: ZohoHttp;
  private readonly sender: ZohoSender;
  private readonly log: ZohoClientOptions['log'];

  constructor(private readonly options: ZohoClientOptions) {
    const version = options.version ?? DEFAULT_VERSION;
    if (!SUPPORTED_VERSIONS.includes(version)) {
      throw new Error(`Unsupported Zoho bulk API version "${String(version).slice(0, 20)}"; use one of ${SUPPORTED_VERSIONS.join(', ')}.`);
    }
    this.version = version;
    this.log = options.log;
    this.http = new ZohoHttp(options);
    const { apiBase, tokens, userAgent, timeoutMs, retry, log } = options;
    this.sender = new ZohoSender({ apiBase, tokens, userAgent, timeoutMs, retry, log });
  }

  /** GET /crm/v8/org: id, zgid (for uploads), name, edition. Cache it per sign-in. */
  getOrg(signal?: AbortSignal): Promise<CrmOrg> {
    return getOrg(this.http, signal);
  }

  /** GET /crm/v8/settings/modules, with which ones bulk write / bulk read take. */
  getModules(signal?: AbortSignal): Promise<CrmModule[]> {
    return getModules(this.http, signal);
  }

  /** GET /crm/v8/settings/fields?module=…: api name, label, type, mandatory, unique, read-only. */
  getFields(module: string, signal?: AbortSignal): Promise<CrmField[]> {
    return getFields(this.http, module, signal);
  }

  /** Uploads one zip to the data centre's upload host; never sent twice once it may have arrived. */
  uploadFile(req: UploadRequest): Promise<UploadResult> {
    return uploadFile(this.sender, req);
  }

  /** POST /crm/bulk/{v}/write; never sent twice once it may have arrived. */
  createWriteJob(req: WriteJobRequest): Promise<CreatedJob> {
    return createWriteJob(this.sender, this.version, req);
  }

  /** POST /crm/bulk/{v}/read; never sent twice once it may have arrived. */
  createReadJob(req: ReadJobRequest): Promise<CreatedJob> {
    return createReadJob(this.sender, this.version, req);
  }

  getWriteJob(id: string, signal?: AbortSignal, known?: KnownJob<BulkWriteJob>): Promise<JobFetch<BulkWriteJob>> {
    return this.fetchJob('write', id, parseWriteJob, signal, known);
  }

  getReadJob(id: string, signal?: AbortSignal, known?: KnownJob<BulkReadJob>): Promise<JobFetch<BulkReadJob>> {
    return this.fetchJob('read', id, parseReadJob, signal, known);
  }

  /** `known`: the last good answer for this job; if Zoho sends the same bytes, its job is reused unparsed. */
  getJob(kind: JobKind, id: string, signal?: AbortSignal, known?: KnownJob): Promise<JobFetch<BulkJob>> {
    const same = known && known.job.kind === kind ? known : undefined;
    return kind === 'write'
      ? this.getWriteJob(id, signal, same as KnownJob<BulkWriteJob> | undefined)
      : this.getReadJob(id, signal, same as KnownJob<BulkReadJob> | undefined);
  }

  /** Streams a job's result zip to disk through the same host check, token and retries. */
  downloadResult(req: Omit<DownloadRequest, 'apiBase'>, deps: Omit<DownloadDeps, 'http'> = {}): Promise<DownloadResult> {
    const base = this.options.apiBase;
    return downloadResult({ log: this.log, ...deps, http: this.http }, { ...req, apiBase: typeof base === 'function' ? base() : base });
  }

  private async fetchJob<J extends BulkJob>(
    kind: JobKind,
    id: string,
    parse: (body: unknown, ctx: { kind: JobKind; jobId?: string }) => J,
    signal?: AbortSignal,
    knownJob?: KnownJob<J>,
  ): Promise<JobFetch<J>> {
    const trimmed = typeof id === 'string' ? id.trim() : '';
    if (!isValidJobId(trimmed)) {
      const shown = typeof id === 'string' ? JSON.stringify(id.length > 30 ? `${id.slice(0, 30)}…` : id) : 'That';
      throw new ZohoError({ code: 'INVALID_JOB_ID', kind, detail: shown });
    }
    const ctx = { kind, jobId: trimmed };
    const known = knownJob && knownJob.job.id === trimmed ? knownJob : undefined;
    const res = await this.http.getJson(`/crm/bulk/${this.version}/${kind}/${trimmed}`, ctx, signal, known?.rawJson);
    const reset = res.accessTokenReset ? { accessTokenReset: res.accessTokenReset } : {};
    if (res.unchanged && known) return unchangedFetch(known, reset);
    const job = parse(res.body, ctx);
    if (job.id !== trimmed) this.log?.('warn', `Zoho answered for ${kind} job ${trimmed} with job id ${job.id}`);
    return { job, rawJson: res.rawJson, raw: res.body, ...reset };
  }
}
