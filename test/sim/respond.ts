// Writes a simulated response with Zoho's captured header lists: same names, order and letter
// case as the capture, with Date, Content-Length, X-ACCESSTOKEN-RESET and the compression
// headers recomputed. Responses whose capture had `Content-Encoding: gzip` (job details 200 and
// RESOURCE_NOT_FOUND) are gzipped when the client accepts gzip, and always sent chunked.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { CAPTURED } from './capture';

export type HeaderList = [string, string][];

/** Captured header lists, by the kind of response they came with. */
export const HEADERS = {
  /** job details 200: chunked, gzip, X-ACCESSTOKEN-RESET, HSTS */
  jobDetails: CAPTURED.success.headers,
  /** RESOURCE_NOT_FOUND: like the 200, without HSTS */
  resourceNotFound: CAPTURED.resourceNotFound.headers,
  /** INVALID_URL_PATTERN / INVALID_REQUEST_METHOD: Content-Length, X-Frame-Options deny */
  gateway: CAPTURED.invalidUrlPattern.headers,
  /** 401 AUTHENTICATION_FAILURE */
  auth: CAPTURED.authenticationFailure.headers,
  /** a front-end HTML error page (not captured; Zoho's ZGS front end) */
  html: [
    ['Server', 'ZGS'],
    ['Date', ''],
    ['Content-Type', 'text/html'],
    ['Content-Length', ''],
    ['Connection', 'keep-alive'],
  ] as HeaderList,
} as const;

export interface SimResponse {
  status: number;
  body: string | Buffer;
  /** the header template (one of HEADERS) */
  headers: readonly (readonly [string, string])[];
  /** appended after the template, e.g. Retry-After */
  extraHeaders?: HeaderList;
}

export interface WriteContext {
  /** value for X-ACCESSTOKEN-RESET */
  tokenReset: string;
}

export function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (!header) return false;
  return String(header)
    .split(',')
    .map((part) => part.trim().split(';'))
    .some(([coding, ...params]) => {
      if (coding.trim().toLowerCase() !== 'gzip' && coding.trim() !== '*') return false;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return q === undefined || Number(q.slice(2)) > 0;
    });
}

// A poll of hundreds of unchanged jobs asks for the same bodies again and again: their gzip is
// remembered (a pure function of the text, bounded), so the simulator's own CPU stays out of the way
// of the client it serves.
const GZIP_MEMO_MAX = 4096;
const gzipMemo = new Map<string, Buffer>();
function gzipOf(body: string | Buffer, plain: Buffer): Buffer {
  if (typeof body !== 'string') return gzipSync(plain);
  let gz = gzipMemo.get(body);
  if (!gz) {
    if (gzipMemo.size >= GZIP_MEMO_MAX) gzipMemo.delete(gzipMemo.keys().next().value as string);
    gz = gzipSync(plain);
    gzipMemo.set(body, gz);
  }
  return gz;
}

/** The headers and wire bytes a response would be sent with (exported for tests and the truncated fault). */
export function render(r: SimResponse, gzipOk: boolean, ctx: WriteContext): { headers: HeaderList; payload: Buffer; chunked: boolean } {
  const plain = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  const compressible = r.headers.some(([k]) => k.toLowerCase() === 'content-encoding');
  const gzip = compressible && gzipOk;
  const payload = gzip ? gzipOf(r.body, plain) : plain;
  let chunked = false;
  const headers: HeaderList = [];
  for (const [name, value] of r.headers) {
    switch (name.toLowerCase()) {
      case 'date':
        headers.push([name, new Date().toUTCString()]);
        break;
      case 'content-length':
        headers.push([name, String(payload.length)]);
        break;
      case 'transfer-encoding':
        chunked = true;
        headers.push([name, value]);
        break;
      case 'content-encoding':
        if (gzip) headers.push([name, value]);
        break;
      case 'x-accesstoken-reset':
        headers.push([name, ctx.tokenReset]);
        break;
      default:
        headers.push([name, value]);
    }
  }
  headers.push(...(r.extraHeaders ?? []));
  return { headers, payload, chunked };
}

export function send(req: IncomingMessage, res: ServerResponse, r: SimResponse, ctx: WriteContext): void {
  const { headers, payload, chunked } = render(r, acceptsGzip(req), ctx);
  res.statusCode = r.status;
  for (const [name, value] of headers) res.setHeader(name, value);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (chunked && payload.length > 1) {
    // two chunks, so a client really has to reassemble a chunked body; corked, so that both leave in
    // one write (as a small answer from Zoho's front end would), not as two packets and two wake-ups
    const mid = Math.ceil(payload.length / 2);
    res.cork();
    res.write(payload.subarray(0, mid));
    res.end(payload.subarray(mid));
    process.nextTick(() => res.uncork());
  } else {
    res.end(payload);
  }
}
