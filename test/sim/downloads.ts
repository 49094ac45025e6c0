// Result downloads (reference §1.5, §2.3): real zips.
//
//   GET /{v}/crm/{org}/bulk-write/{id}/{id}.zip   a COMPLETED write job's result.download_url
//       → zip with `<Module>-<file>.csv` (see resultCsv.ts), Content-Length, application/octet-stream
//   GET /crm/bulk/{v}/read/{id}/result            a COMPLETED read job's result.download_url
//       → zip with `{id}.csv`, generated and deflated while it is sent (chunked, backpressure):
//         a 200,000-row export is never held in memory
//
// Like Zoho: downloads need the token; at most `downloadsPerMinute` (default 10) are served per
// window (default 60 s), then 429 TOO_MANY_REQUESTS with Retry-After; `expireLinks(id)` makes a
// job's link answer 403 "Link not valid". The `truncated` fault closes the connection halfway.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Zip, ZipDeflate, type DeflateOptions } from 'fflate';
import { readPage } from './bodies';
import { importedResultCsv } from './importResult';
import * as errors from './errors';
import type { JobStore, ReadJob, WriteJob } from './jobStore';
import { HEADERS, type HeaderList, type SimResponse } from './respond';
import { readExportColumns, readExportHeader, readExportRow, writeResultCsv, writeResultEntryName } from './resultCsv';

export type LinkExpiry = 'json' | 'text';
type DeflateLevel = NonNullable<DeflateOptions['level']>;

/** The Forbidden body Zoho's OAS lists for an invalid download link (API_Exception: info / x-info). */
export const LINK_NOT_VALID_BODY = JSON.stringify({ info: 'Forbidden', 'x-info': 'Link not valid', http_status: '403' });

export interface DownloadLimits {
  /** downloads served per window; default 10 (Zoho's documented limit); Infinity = no limit */
  perWindow?: number;
  /** default 60 000 ms */
  windowMs?: number;
  /** pace download bodies to about this many bytes per second (default: as fast as possible) */
  bytesPerSecond?: number;
  /** deflate level of generated zips (default 1) */
  level?: number;
}

/** Throttle and expired links, per simulator. */
export class DownloadState {
  private served: number[] = [];
  private readonly expired = new Map<string, LinkExpiry>();
  readonly perWindow: number;
  readonly windowMs: number;
  readonly bytesPerSecond?: number;
  readonly level: DeflateLevel;

  constructor(limits: DownloadLimits = {}) {
    this.perWindow = limits.perWindow ?? 10;
    this.windowMs = limits.windowMs ?? 60_000;
    this.bytesPerSecond = limits.bytesPerSecond;
    this.level = Math.max(0, Math.min(9, Math.round(limits.level ?? 1))) as DeflateLevel;
  }

  expire(jobId: string, style: LinkExpiry = 'json'): void {
    this.expired.set(jobId, style);
  }

  expiry(jobId: string): LinkExpiry | undefined {
    return this.expired.get(jobId);
  }

  /** Counts a download; returns the seconds to wait instead when the window is full. */
  take(now = Date.now()): { ok: true } | { ok: false; retryAfterS: number } {
    this.served = this.served.filter((t) => now - t < this.windowMs);
    if (this.served.length >= this.perWindow) {
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((this.served[0] + this.windowMs - now) / 1000)) };
    }
    this.served.push(now);
    return { ok: true };
  }

  clear(): void {
    this.served = [];
    this.expired.clear();
  }
}

type Body = { kind: 'buffer'; data: Buffer } | { kind: 'read-export'; job: ReadJob; rows: number; first?: number };

/** A route answer that is a file download (sent by sendDownload, not respond.send). */
export interface DownloadResponse extends SimResponse {
  download: Body;
}

export function isDownload(r: SimResponse): r is DownloadResponse {
  return (r as Partial<DownloadResponse>).download !== undefined;
}

const DOWNLOAD_HEADERS: readonly (readonly [string, string])[] = [
  ['Server', 'ZGS'],
  ['Date', ''],
  ['Content-Type', 'application/octet-stream'],
  ['Connection', 'keep-alive'],
  ['Cache-Control', 'private'],
];

function linkNotValid(style: LinkExpiry): SimResponse {
  return style === 'text'
    ? { status: 403, body: 'Link not valid', headers: HEADERS.html.map(([k, v]) => [k, k === 'Content-Type' ? 'text/plain' : v] as [string, string]) }
    : { status: 403, body: LINK_NOT_VALID_BODY, headers: HEADERS.gateway };
}

function throttled(retryAfterS: number): SimResponse {
  return { ...errors.statusFault(429, retryAfterS) };
}

function gate(state: DownloadState, jobId: string): SimResponse | undefined {
  const expiry = state.expiry(jobId);
  if (expiry) return linkNotValid(expiry);
  const t = state.take();
  return t.ok ? undefined : throttled(t.retryAfterS);
}

/** GET /{v}/crm/{org}/bulk-write/{id}/{file}.zip */
export function writeResultDownload(store: JobStore, state: DownloadState, jobId: string, file: string): SimResponse {
  const job = store.get(jobId);
  if (!job || job.kind !== 'write' || file !== jobId) return errors.resourceNotFound(400);
  if (store.state(job).phase !== 'completed') return errors.resourceNotFound(400);
  const denied = gate(state, jobId);
  if (denied) return denied;
  const csv = job.imported ? importedResultCsv(job.imported) : writeResultCsv(job as WriteJob);
  const data = zipInMemory(writeResultEntryName(job), csv, state.level);
  return {
    status: 200,
    body: '',
    headers: DOWNLOAD_HEADERS,
    extraHeaders: [['Content-Disposition', `attachment; filename="${jobId}.zip"`]],
    download: { kind: 'buffer', data },
  } as DownloadResponse;
}

/** GET /crm/bulk/{v}/read/{id}/result */
export function readResultDownload(store: JobStore, state: DownloadState, jobId: string): SimResponse {
  const job = store.get(jobId);
  if (!job || job.kind !== 'read') return errors.resourceNotFound(404);
  if (store.state(job).phase !== 'completed') return errors.resourceNotFound(404);
  const denied = gate(state, jobId);
  if (denied) return denied;
  return {
    status: 200,
    body: '',
    headers: DOWNLOAD_HEADERS.map(([k, v]) => [k, k === 'Content-Type' ? 'application/x-download' : v] as [string, string]),
    extraHeaders: [['Content-Disposition', `attachment; filename="${jobId}.zip"`]],
    download: { kind: 'read-export', job, rows: readPage(job).count, first: readPage(job).first },
  } as DownloadResponse;
}

function zipInMemory(name: string, text: string, level: DeflateLevel): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  const entry = new ZipDeflate(name, { level });
  zip.add(entry);
  entry.push(Buffer.from(text, 'utf8'), true);
  zip.end();
  return Buffer.concat(chunks);
}

/** Pulls zip bytes for a read export, generating ~64 KB of CSV at a time. null = finished. */
function exportProducer(job: ReadJob, rows: number, level: DeflateLevel, first = 0): { next(): Buffer | null; rowsDone(): number } {
  const columns = readExportColumns(job);
  const queue: Uint8Array[] = [];
  let finished = false;
  let row = 0;
  let headerSent = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err;
    if (chunk.length) queue.push(chunk);
    if (final) finished = true;
  });
  const entry = new ZipDeflate(`${job.id}.csv`, { level });
  zip.add(entry);
  zip.end();
  return {
    rowsDone: () => row,
    next(): Buffer | null {
      while (queue.length === 0 && !finished) {
        let text = headerSent ? '' : readExportHeader(columns);
        headerSent = true;
        while (text.length < 64 * 1024 && row < rows) text += readExportRow(columns, first + row++);
        entry.push(Buffer.from(text, 'utf8'), row >= rows);
      }
      if (queue.length === 0) return null;
      const out = Buffer.concat(queue);
      queue.length = 0;
      return out;
    },
  };
}

export interface SendOptions {
  /** close the connection after about half the body (the `truncated` fault) */
  truncate?: boolean;
}

/** Writes a download with backpressure (and pacing, when configured); stops when the client goes away. */
export function sendDownload(req: IncomingMessage, res: ServerResponse, r: DownloadResponse, state: DownloadState, opts: SendOptions = {}): void {
  const headers: HeaderList = [];
  for (const [k, v] of r.headers) headers.push([k, k.toLowerCase() === 'date' ? new Date().toUTCString() : v]);
  headers.push(...(r.extraHeaders ?? []));
  let next: () => Buffer | null;
  let cutAt: (sent: number) => boolean;
  if (r.download.kind === 'buffer') {
    const data = r.download.data;
    headers.push(['Content-Length', String(data.length)]);
    let offset = 0;
    // at least four pieces, so that a truncated download of a small file really stops halfway
    const pieceSize = Math.max(1, Math.min(16 * 1024, Math.ceil(data.length / 4)));
    next = () => {
      if (offset >= data.length) return null;
      const piece = data.subarray(offset, offset + pieceSize);
      offset += piece.length;
      return piece;
    };
    cutAt = (sent) => sent >= Math.floor(data.length / 2);
  } else {
    const { job, rows, first } = r.download;
    const producer = exportProducer(job, rows, state.level, first);
    next = () => producer.next();
    cutAt = () => producer.rowsDone() >= rows / 2;
  }
  res.statusCode = r.status;
  for (const [k, v] of headers) res.setHeader(k, v);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.flushHeaders();
  let sent = 0;
  const started = Date.now();
  const step = (): void => {
    for (;;) {
      if (res.destroyed || res.writableEnded) return;
      if (opts.truncate && cutAt(sent)) {
        // the connection closes early: whatever was written goes out, then FIN, no end of body
        res.socket?.end();
        return;
      }
      let chunk: Buffer | null;
      try {
        chunk = next();
      } catch (e) {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (chunk === null) {
        res.end();
        return;
      }
      sent += chunk.length;
      const drained = res.write(chunk);
      const rate = state.bytesPerSecond;
      const waitMs = rate ? Math.max(0, (sent / rate) * 1000 - (Date.now() - started)) : 0;
      if (!drained) {
        res.once('drain', () => (waitMs > 0 ? setTimeout(step, waitMs) : step()));
        return;
      }
      if (waitMs > 0) setTimeout(step, waitMs);
      else setImmediate(step); // one chunk per turn: loopback sockets rarely push back, and clients share the process in tests
      return;
    }
  };
  step();
}
