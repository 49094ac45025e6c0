// The one fetch the client uses, on node:http / node:https and their default global agents (so
// keep-alive works as Node's default and VS Code's proxy support, which patches those modules,
// applies). Small on purpose: what http.ts (GETs read whole by bodyText.ts), oauth.ts (form POSTs)
// and resultDownload.ts (streamed GETs) need, and nothing more:
//   - redirects are returned, never followed;
//   - the body is decoded only when `compress: true` is asked for (gzip / deflate); otherwise the
//     caller's headers go out as given and the bytes come back as sent;
//   - text() / arrayBuffer() read the body whole, failing with `type: 'max-size'` past `size`
//     bytes (bodyText.ts maps it); `body` is the response stream itself, which errors ("aborted",
//     ECONNRESET) the moment the connection goes away, also on a Content-Length body cut short;
//   - the signal aborts at any point (connect, headers, body) with an AbortError;
//   - transport errors are Node's own (code ECONNRESET, ECONNREFUSED, ENOTFOUND…), which
//     errorFromTransport understands.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { HeadersLike } from './errors';

export interface HttpFetchInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  redirect: 'manual';
  signal: AbortSignal;
  /** true: decode a gzip / deflate Content-Encoding (streamed readers); default false */
  compress?: boolean;
  /** the largest body text() / arrayBuffer() read (decoded bytes when `compress`); 0 or absent: no limit */
  size?: number;
}

export interface HttpFetchResponse {
  status: number;
  headers: HeadersLike;
  body: Readable;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type HttpFetch = (url: string, init: HttpFetchInit) => Promise<HttpFetchResponse>;

/** What a body over the `size` limit fails with (node-fetch's `type`, which bodyText.ts knows). */
export class BodyTooLargeError extends Error {
  readonly type = 'max-size';
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

export const httpFetch: HttpFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal.aborted) {
      reject(abortError());
      return;
    }
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!lib) {
      reject(new Error(`unsupported protocol ${target.protocol}`));
      return;
    }
    const headers = { ...init.headers };
    if (init.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) {
      headers['Content-Length'] = String(Buffer.byteLength(init.body));
    }
    let response: http.IncomingMessage | undefined;
    let body: Readable | undefined;
    const req = lib.request(target, { method: init.method, headers });
    const onAbort = (): void => {
      const err = abortError();
      body?.destroy(err);
      response?.destroy(err);
      req.destroy(err);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal.removeEventListener('abort', onAbort);
    req.on('error', (e) => {
      done();
      reject(e); // no-op once the response has arrived: the body stream reports it then
    });
    req.once('response', (res) => {
      response = res;
      const encoding = init.compress === true ? String(res.headers['content-encoding'] ?? '').trim().toLowerCase() : '';
      if (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate') {
        const decoder = encoding === 'deflate' ? zlib.createInflate() : zlib.createGunzip();
        res.on('error', (e) => decoder.destroy(e));
        body = res.pipe(decoder);
      } else {
        body = res;
      }
      const stream = body;
      // always listened to, so an error before the reader attaches cannot crash the process; the
      // stream keeps it (errored) for pipeline() / text() to report
      stream.once('close', done);
      stream.on('error', done);
      const limit = init.size !== undefined && init.size > 0 ? init.size : Infinity;
      let consumed = false;
      const whole = (): Promise<Buffer> => {
        if (consumed) return Promise.reject(new TypeError('body already used'));
        consumed = true;
        return readAll(stream, res, limit);
      };
      resolve({
        status: res.statusCode ?? 0,
        headers: {
          get(name: string): string | null {
            const v = res.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
          },
        },
        body: stream,
        text: async () => (await whole()).toString('utf8'),
        arrayBuffer: async () => {
          const b = await whole();
          return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
        },
      });
    });
    req.end(init.body);
  });

/** The whole body, at most `limit` bytes (a larger one fails as soon as it is known, the connection dropped). */
function readAll(stream: Readable, res: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): void => {
      const e = new BodyTooLargeError(limit);
      reject(e);
      stream.destroy(e);
    };
    if (stream.errored) return reject(stream.errored); // cut or aborted before anyone read it
    if (stream.destroyed) return reject(prematureClose());
    if (stream === res && Number(res.headers['content-length']) > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    let ended = false;
    stream.on('data', (c: Buffer) => {
      total += c.length;
      if (total > limit) tooLarge();
      else chunks.push(c);
    });
    stream.once('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    });
    stream.once('error', reject);
    stream.once('close', () => {
      if (!ended) reject(prematureClose());
    });
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
