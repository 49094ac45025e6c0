// A minimal FetchLike on node:http / node:https whose `body` is the response stream itself, for
// result downloads. node-fetch 2 pipes the response into a PassThrough and only notices a
// connection that closes early on chunked bodies: a Content-Length body cut short simply never
// ends. Here the body errors ("aborted", ECONNRESET) the moment the connection goes away.
// GET only; redirects are returned, not followed; gzip is decoded when asked for.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { FetchInitLike, FetchLike, FetchResponseLike } from './http';

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

export const streamFetch: FetchLike = (url: string, init: FetchInitLike): Promise<FetchResponseLike> =>
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
    if (init.compress === false) delete headers['Accept-Encoding'];
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
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      if (init.compress !== false && (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate')) {
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
      let consumed = false;
      resolve({
        status: res.statusCode ?? 0,
        headers: {
          get(name: string): string | null {
            const v = res.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
          },
        },
        body: stream,
        async text(): Promise<string> {
          if (consumed) throw new Error('body already used');
          consumed = true;
          const chunks: Buffer[] = [];
          for await (const c of stream) chunks.push(c as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      });
    });
    req.end();
  });
