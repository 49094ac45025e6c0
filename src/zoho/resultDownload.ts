// Downloads a bulk job's result zip to disk: the link is checked against the chosen data centre
// before anything is sent, the body is streamed to `<dest>.part` (never held in memory) and
// renamed when complete. Timeouts are idle timeouts; 429s are waited out (Zoho allows 10 result
// downloads a minute) with a countdown in onProgress; an expired link is LINK_EXPIRED; a
// cancelled or failed download leaves no file behind. Network faults are retried by ZohoHttp.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { resolveDownloadUrl } from './downloadUrl';
import { ErrorContext, HeadersLike, ZohoError, errorFromResponse } from './errors';
import { FileSink, SaveError } from './fileSink';
import type { FetchLike, LogFn, RequestOptions, ResponseReader, ZohoHttp } from './http';
import { httpFetch } from './httpFetch';

export interface DownloadProgress {
  /** bytes written so far in the current attempt (starts again at 0 when a broken download is retried) */
  receivedBytes: number;
  /** from Content-Length, when Zoho sends one */
  totalBytes?: number;
  /** something worth showing: "Zoho allows 10 downloads per minute; waiting 42 s…" */
  message?: string;
}

export interface DownloadDeps {
  /** the shared client: host check, token, retries of network faults and 5xx */
  http: Pick<ZohoHttp, 'request'>;
  /** longest silence (no header, no data) before an attempt is given up (default 60 s) */
  idleTimeoutMs?: number;
  /** wait after a 429 without Retry-After (default 60 s: Zoho resumes downloads a minute later) */
  rateLimitWaitMs?: number;
  /** a Retry-After longer than this is not waited out; the 429 error is thrown (default 5 min) */
  maxRateLimitWaitMs?: number;
  /** 429s waited out per download before giving up (default 5) */
  maxRateLimitWaits?: number;
  /** the wait between 429s; must settle early when the signal aborts (tests inject a short one) */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** the fetch for the download itself (default httpFetch on node:http/https, whose body notices cut connections) */
  fetch?: FetchLike;
  log?: LogFn;
}

export interface DownloadRequest {
  /** result.download_url as Zoho sent it: absolute, or a path on the API domain */
  url: string;
  /** the API domain the job was fetched from (https://www.zohoapis.eu, or the loopback simulator) */
  apiBase: string;
  ctx: ErrorContext;
  /** where the zip ends up; `<destZipPath>.part` while downloading */
  destZipPath: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export interface DownloadResult {
  bytes: number;
  /** = destZipPath */
  path: string;
}

const DEFAULTS = { idleTimeoutMs: 60_000, rateLimitWaitMs: 60_000, maxRateLimitWaitMs: 5 * 60_000, maxRateLimitWaits: 5 };
const PROGRESS_EVERY_MS = 100;
/** A body this small that is not a zip is read as an error answer. */
const SNIFF_LIMIT = 64 * 1024;
const ACCEPT = 'application/zip, application/x-download, application/octet-stream;q=0.9, */*;q=0.5';

const positive = (v: number | undefined, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);

/**
 * 403 (or 404/410) saying "Link not valid" (`{"x-info":"Link not valid","info":"Forbidden"}`, the
 * upper-case gateway shape, a `code` shape with x-info, or plain text) → LINK_EXPIRED.
 */
export function linkExpiredError(status: number, _headers: HeadersLike, bodyText: string, ctx: ErrorContext): ZohoError | undefined {
  if (status !== 403 && status !== 404 && status !== 410) return undefined;
  return saysLinkNotValid(bodyText) ? linkExpired(status, ctx) : undefined;
}

const saysLinkNotValid = (text: string): boolean => /link\s*(?:is\s*)?(?:not\s*valid|invalid|expired)|expired\s*link/i.test(text.slice(0, SNIFF_LIMIT));
const linkExpired = (status: number, ctx: ErrorContext): ZohoError =>
  new ZohoError({ code: 'LINK_EXPIRED', httpStatus: status, kind: ctx.kind, jobId: ctx.jobId, details: { 'x-info': 'Link not valid' } });

/** A 2xx body that is an error document: "Link not valid" → LINK_EXPIRED, else Zoho's code or INVALID_RESPONSE. */
function errorIn2xx(status: number, headers: HeadersLike, text: string, ctx: ErrorContext): ZohoError {
  return saysLinkNotValid(text) ? linkExpired(status, ctx) : errorFromResponse(status, headers, text, ctx);
}

export const isRateLimited = (e: unknown): e is ZohoError => e instanceof ZohoError && (e.httpStatus === 429 || e.code === 'TOO_MANY_REQUESTS');

const aborted = (ctx: ErrorContext): ZohoError => new ZohoError({ code: 'ABORTED', kind: ctx.kind, jobId: ctx.jobId });

/** A file-system failure while saving a result, in plain words (SAVE_FAILED); ZohoErrors pass through. */
export function saveFailedError(e: unknown, ctx: ErrorContext, file: string): ZohoError {
  if (e instanceof ZohoError) return e;
  const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOTDIR: 'a parent is not a folder',
    EISDIR: 'a folder is in the way',
  };
  const why = (code && words[code]) ?? (code ? `error ${code}` : 'a file-system error');
  return new ZohoError({ code: 'SAVE_FAILED', kind: ctx.kind, jobId: ctx.jobId, detail: `${path.basename(file)}: ${why}`, cause: e });
}

async function removeQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true }).catch(() => undefined);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/** Downloads `req.url` to `req.destZipPath`. Throws ZohoError (UNTRUSTED_HOST, LINK_EXPIRED, ABORTED, TIMEOUT, …). */
export async function downloadResult(deps: DownloadDeps, req: DownloadRequest): Promise<DownloadResult> {
  const { ctx, signal, onProgress } = req;
  if (signal?.aborted) throw aborted(ctx);
  const check = resolveDownloadUrl(req.url, req.apiBase);
  if (!check.ok) throw new ZohoError({ code: 'UNTRUSTED_HOST', kind: ctx.kind, jobId: ctx.jobId, detail: check.reason });
  const target = check.url.href;

  const dest = path.resolve(req.destZipPath);
  const part = `${dest}.part`;
  const idleTimeoutMs = positive(deps.idleTimeoutMs, DEFAULTS.idleTimeoutMs);
  const sleep = deps.sleep ?? defaultSleep;
  const report = (p: DownloadProgress): void => {
    try {
      onProgress?.(p);
    } catch (e) {
      deps.log?.('warn', `download progress callback failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  let createdDir: string | undefined;
  try {
    createdDir = await fs.promises.mkdir(path.dirname(dest), { recursive: true });
  } catch (e) {
    throw saveFailedError(e, ctx, dest);
  }

  // Readers still running (a cancelled attempt unwinding): the partial file is removed only after they settle.
  const running = new Set<Promise<unknown>>();
  let attempts = 0;

  const readInto: ResponseReader<number> = (res, alive) => {
    const job = streamToPart(res, alive);
    running.add(job);
    void job.then(
      () => running.delete(job),
      () => running.delete(job),
    );
    return job;
  };

  const streamToPart = async (res: Parameters<ResponseReader<number>>[0], alive: () => void): Promise<number> => {
    if (signal?.aborted) throw aborted(ctx); // nothing is created once cancelled
    attempts++;
    const contentType = res.headers.get('content-type') ?? '';
    if (/json|html|text\/plain/i.test(contentType)) {
      // Zoho documents a 200 carrying an API_Exception on this endpoint
      throw errorIn2xx(res.status, res.headers, await res.text(), ctx);
    }
    const body = res.body;
    if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
      throw new ZohoError({ code: 'INVALID_RESPONSE', kind: ctx.kind, jobId: ctx.jobId, detail: 'the download could not be streamed' });
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    const encoded = (res.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
    const totalBytes = !encoded && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
    let receivedBytes = 0;
    let lastReport = 0;
    let lastReported = -1;
    report({ receivedBytes, totalBytes, message: attempts > 1 ? 'The connection broke; downloading again from the start…' : undefined });
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        receivedBytes += chunk.length;
        alive();
        const now = Date.now();
        if (now - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = now;
          lastReported = receivedBytes;
          report({ receivedBytes, totalBytes });
        }
        cb(null, chunk);
      },
    });
    let sink: FileSink;
    try {
      sink = await FileSink.open(part);
    } catch (e) {
      throw saveFailedError(e instanceof SaveError ? e.reason : e, ctx, part);
    }
    try {
      await pipeline(body, meter, sink);
    } catch (e) {
      if (e instanceof SaveError) throw saveFailedError(e.reason, ctx, part);
      throw e;
    } finally {
      await sink.closeFile();
    }
    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      throw new ZohoError({
        code: 'NETWORK_ERROR',
        kind: ctx.kind,
        jobId: ctx.jobId,
        detail: `the download was cut off after ${receivedBytes} of ${totalBytes} bytes`,
      });
    }
    if (receivedBytes !== lastReported) report({ receivedBytes, totalBytes });
    if (receivedBytes <= SNIFF_LIMIT) await rejectErrorBody(part, res.status, res.headers, ctx);
    return receivedBytes;
  };

  const options: RequestOptions = {
    signal,
    timeoutMs: idleTimeoutMs,
    idleTimeout: true,
    retryRateLimited: false,
    accept: ACCEPT,
    fetch: deps.fetch ?? httpFetch,
    streamBody: true,
    classifyError: linkExpiredError,
  };

  try {
    let waits = 0;
    let bytes: number;
    for (;;) {
      try {
        bytes = await deps.http.request(target, ctx, readInto, options);
        break;
      } catch (e) {
        if (!isRateLimited(e)) throw e;
        const waitMs = e.retryAfterMs ?? positive(deps.rateLimitWaitMs, DEFAULTS.rateLimitWaitMs);
        if (waits >= (deps.maxRateLimitWaits ?? DEFAULTS.maxRateLimitWaits) || waitMs > positive(deps.maxRateLimitWaitMs, DEFAULTS.maxRateLimitWaitMs)) throw e;
        waits++;
        deps.log?.('info', `Result download of ${ctx.kind} job ${ctx.jobId ?? ''} rate-limited by Zoho; waiting ${Math.ceil(waitMs / 1000)} s`);
        await countdown(waitMs);
      }
    }
    if (signal?.aborted) throw aborted(ctx);
    try {
      await fs.promises.rename(part, dest);
    } catch (e) {
      throw saveFailedError(e, ctx, dest);
    }
    return { bytes, path: dest };
  } catch (e) {
    await Promise.allSettled([...running]);
    await removeQuietly(part);
    // folders this call created, innermost first, as long as they are empty
    for (let d = path.dirname(dest); createdDir !== undefined && d.startsWith(createdDir); d = path.dirname(d)) {
      if ((await fs.promises.rmdir(d).then(() => true, () => false)) === false || d === createdDir) break;
    }
    if (signal?.aborted) throw e instanceof ZohoError && e.code === 'ABORTED' ? e : aborted(ctx);
    throw e;
  }

  async function countdown(ms: number): Promise<void> {
    const what = ctx.kind === 'read' ? 'Zoho allows 10 downloads per minute' : 'Zoho is limiting result downloads';
    let left = ms;
    while (left > 0) {
      report({ receivedBytes: 0, message: `${what}; waiting ${Math.ceil(left / 1000)} s…` });
      const step = Math.min(left, 1000);
      try {
        await sleep(step, signal);
      } catch (e) {
        if (signal?.aborted) throw aborted(ctx);
        throw e;
      }
      if (signal?.aborted) throw aborted(ctx);
      left -= step;
    }
  }
}

/** A small body that is JSON or HTML rather than a zip is Zoho's error answer in a 200. */
async function rejectErrorBody(file: string, status: number, headers: HeadersLike, ctx: ErrorContext): Promise<void> {
  const buf = await fs.promises.readFile(file);
  if (buf.length >= 2 && buf[0] === 0x50 && buf[1] === 0x4b) return; // "PK": a zip
  const text = buf.toString('utf8').trim();
  if (!text.startsWith('{') && !text.startsWith('<')) return; // not a zip either: unzip will say CORRUPT_RESULT
  throw errorIn2xx(status, headers, text, ctx);
}
