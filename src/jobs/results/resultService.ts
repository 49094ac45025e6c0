// Downloads a finished job's result and makes sense of it: fetch the job again (links expire),
// stream the zip to disk, unzip, summarise the CSV, record it on the job. A failure or a cancel
// leaves no partial files behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DownloadProgress, DownloadRequest, DownloadResult } from '../../zoho/resultDownload';
import { ZohoError } from '../../zoho/errors';
import type { JobStore } from '../jobStore';
import type { JobService } from '../jobService';
import { keyOf, splitKey } from '../connections/jobKey';
import { statusInfo } from '../statusTable';
import { jobStatus, resultUrl, type JobResult, type TrackedJob } from '../trackedJob';
import { summariseReadResult, summariseWriteResult } from './resultSummary';
import { unzipToFolder } from './unzip';

export interface ResultDownloader {
  /** `connection`: whose token and API host to use (absent: the first connection) */
  downloadResult(req: Omit<DownloadRequest, 'apiBase'> & { connection?: string }): Promise<DownloadResult>;
}

export interface ResultOptions {
  /** the folder results go under: <root>/<jobId>/ */
  root: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress & { phase: 'download' | 'unzip' | 'summary' }) => void;
}

export class ResultService {
  constructor(private readonly store: JobStore, private readonly jobs: JobService, private readonly downloader: ResultDownloader) {}

  /** Why the job's result cannot be downloaded now, or undefined when it can. */
  unavailable(job: TrackedJob): string | undefined {
    const s = jobStatus(job);
    if (!job.data) return `Job ${job.id} has not been loaded yet.`;
    if (s !== 'completed') return `Job ${job.id} has no result to download${statusInfo(s).terminal ? '' : ' yet'}: it is ${statusInfo(s).label.toLowerCase()}.`;
    if (!resultUrl(job)) return `Zoho gave no download link for job ${job.id}.`;
    return undefined;
  }

  /** `key`: the job's store key (keyOf: its id on the first connection); results go under <root>/<key>/. */
  async download(key: string, opts: ResultOptions): Promise<JobResult> {
    await this.jobs.refresh(key); // a fresh job-details answer carries a fresh link
    const job = this.store.get(key);
    if (!job) throw new Error(`Job ${splitKey(key).id} is not tracked.`);
    const id = job.id;
    const why = this.unavailable(job);
    if (why) throw new Error(why);
    const dir = path.join(opts.root, key);
    const zip = path.join(dir, `${id}.zip`);
    const existed = fs.existsSync(dir);
    try {
      await this.fetchZip(job, zip, opts);
      opts.onProgress?.({ phase: 'unzip', receivedBytes: 0, message: 'Unzipping…' });
      const files = await unzipToFolder(zip, dir, { ctx: { kind: job.kind, jobId: id }, signal: opts.signal });
      fs.rmSync(zip, { force: true });
      const csv = files.find((f) => f.name.toLowerCase().endsWith('.csv')) ?? files[0];
      if (!csv) throw new ZohoError({ code: 'CORRUPT_RESULT', kind: job.kind, jobId: id, detail: 'the archive holds no file' });
      opts.onProgress?.({ phase: 'summary', receivedBytes: 0, message: 'Reading the result…' });
      const result: JobResult = { csvPath: csv.path, files: files.map((f) => f.path), downloadedAt: Date.now(), rows: 0 };
      if (job.kind === 'write') {
        const s = await summariseWriteResult(csv.path, { signal: opts.signal });
        Object.assign(result, { rows: s.rows, byStatus: s.byStatus, byError: s.byError.map((e) => ({ code: e.code, column: e.column, count: e.count })) });
      } else {
        const s = await summariseReadResult(csv.path, { signal: opts.signal });
        Object.assign(result, { rows: s.rows, columns: s.columns.length });
      }
      this.store.recordResult(key, result);
      return result;
    } catch (e) {
      // nothing half-done stays on disk: the folder goes if we made it, else just what we wrote
      if (!existed) fs.rmSync(dir, { recursive: true, force: true });
      else fs.rmSync(zip, { force: true });
      throw e;
    }
  }

  private async fetchZip(job: TrackedJob, zip: string, opts: ResultOptions): Promise<void> {
    const request = (url: string) => this.downloader.downloadResult({
      url, ctx: { kind: job.kind, jobId: job.id }, destZipPath: zip, signal: opts.signal, connection: job.connection,
      onProgress: (p) => opts.onProgress?.({ ...p, phase: 'download' }),
    });
    try {
      await request(resultUrl(job) as string);
    } catch (e) {
      if (!(e instanceof ZohoError) || e.code !== 'LINK_EXPIRED') throw e;
      await this.jobs.refresh(keyOf(job)); // the link expired between the refresh and the download: once more
      const url = resultUrl(this.store.get(keyOf(job)) ?? job);
      if (!url) throw e;
      await request(url);
    }
  }
}
