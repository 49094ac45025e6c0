// Reads a whole (small) response body as text and decodes its Content-Encoding here, in one
// synchronous zlib call, instead of through a per-response gunzip stream. Job details are
// a few KB: the stream's setup and thread-pool round trips cost more CPU than the bytes themselves,
// and that CPU is what limits a poll of hundreds of jobs. The decoded size is capped, so a
// compressed "bomb" from a hostile or broken server fails cleanly instead of filling memory.
//
// The request is made with `compress: false`. A fetch that decodes anyway (Node's global fetch)
// hands over plain bytes while Content-Encoding still says gzip: gzip and deflate are recognised by
// their headers, so such a body is simply taken as it is.
import * as zlib from 'node:zlib';
import { ErrorContext, ZohoError } from './errors';
import type { FetchResponseLike } from './httpTypes';

/** Largest body read whole, before and after decoding (job details are a few KB). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A response without `arrayBuffer` (a test double) is read as text. */
export async function readBodyText(res: Pick<FetchResponseLike, 'headers' | 'text' | 'arrayBuffer'>, ctx: ErrorContext, limit = MAX_BODY_BYTES): Promise<string> {
  if (typeof res.arrayBuffer !== 'function') return res.text();
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    // the fetch (httpFetch; node-fetch alike) stops buffering at the request's `size` (MAX_BODY_BYTES)
    if ((e as { type?: unknown }).type === 'max-size') throw tooLargeError(ctx, limit);
    throw e;
  }
  return decodeBody(bytes, res.headers.get('content-encoding'), ctx, limit);
}

/** The body as UTF-8 text, gzip / deflate / br undone (at most `limit` bytes either side). */
export function decodeBody(bytes: Buffer, contentEncoding: string | null, ctx: ErrorContext, limit = MAX_BODY_BYTES): string {
  const invalid = (detail: string) => new ZohoError({ code: 'INVALID_RESPONSE', kind: ctx.kind, jobId: ctx.jobId, detail });
  let bomb: ZohoError | undefined;
  const tooLarge = () => (bomb = tooLargeError(ctx, limit));
  if (bytes.length > limit) throw tooLarge();
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  const decode = (fn: (b: Buffer, o: zlib.ZlibOptions) => Buffer): Buffer => {
    try {
      return fn(bytes, { maxOutputLength: limit });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooLarge();
      throw invalid(code === 'Z_BUF_ERROR' ? 'the answer was cut off' : 'the compressed answer could not be read');
    }
  };
  if ((coding === 'gzip' || coding === 'x-gzip') && isGzip(bytes)) return decode(zlib.gunzipSync).toString('utf8');
  if (coding === 'deflate' && isZlib(bytes)) return decode(zlib.inflateSync).toString('utf8');
  if ((coding === 'deflate' || coding === 'br') && bytes.length > 0) {
    // no header to recognise (raw deflate, brotli; we never ask for either): decoded if it decodes,
    // else taken as already decoded
    try {
      return decode(coding === 'br' ? zlib.brotliDecompressSync : zlib.inflateRawSync).toString('utf8');
    } catch (e) {
      if (e === bomb) throw e;
    }
  }
  return bytes.toString('utf8');
}

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** RFC 1950 header: method 8, and the check bits. */
function isZlib(b: Buffer): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && ((b[0] << 8) | b[1]) % 31 === 0;
}

function tooLargeError(ctx: ErrorContext, limit: number): ZohoError {
  return new ZohoError({ code: 'INVALID_RESPONSE', kind: ctx.kind, jobId: ctx.jobId, detail: `the answer is larger than ${sizeWords(limit)}` });
}

function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
