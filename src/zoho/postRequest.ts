// One POST on node:http / node:https, with a body streamed from any async iterable (a file part
// of 25 MB is never held in memory), a fresh connection per request (no keep-alive socket that
// might already be dead), an idle timeout, AbortSignal support, and one fact the retry rule
// needs: whether the request may have reached the server. Until the TCP connection is
// established nothing was sent, so a refused connection or a failed DNS lookup can be retried;
// after it, a failure may have left the request processed, so uploads and job creations are not
// repeated (sender.ts decides). Redirects are returned, not followed.
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HeadersLike } from './errors';

export type BodyChunks = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface PostInit {
  url: URL;
  headers: Record<string, string>;
  /** the whole body, or a stream of it (consumed once) */
  body: string | Buffer | BodyChunks;
  /** limits silence: restarted whenever body bytes go out or answer bytes come in */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** largest answer read (default 1 MiB); a bigger one fails */
  maxAnswerBytes?: number;
}

export interface PostAnswer {
  status: number;
  headers: HeadersLike;
  bytes: Buffer;
}

/** A POST that got no (complete) answer. `sent`: the connection was up, so the server may have the request. */
export class PostFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly sent: boolean,
    readonly timedOut: boolean,
    readonly aborted: boolean,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'PostFailure';
  }
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

export function postOnce(init: PostInit): Promise<PostAnswer> {
  const lib = init.url.protocol === 'https:' ? https : init.url.protocol === 'http:' ? http : undefined;
  return new Promise<PostAnswer>((resolve, reject) => {
    let connected = false;
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let answered = false;
    let timer: NodeJS.Timeout | undefined;
    const { signal } = init;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new PostFailure(e, connected, timedOut, aborted));
    };
    if (!lib) return fail(new Error(`unsupported protocol ${init.url.protocol}`));
    if (signal?.aborted) {
      aborted = true;
      return fail(abortError());
    }
    const req = lib.request(init.url, { method: 'POST', headers: init.headers, agent: false });
    const alive = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      }, init.idleTimeoutMs);
    };
    const onAbort = (): void => {
      aborted = true;
      req.destroy(abortError());
    };
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    alive();
    req.on('socket', (socket) => {
      const up = (): void => {
        connected = true;
      };
      if (socket.connecting) socket.once('connect', up);
      else up();
    });
    req.on('error', (e) => {
      if (!answered) fail(e);
    });
    req.on('response', (res) => {
      answered = true;
      alive();
      const limit = init.maxAnswerBytes ?? 1024 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        alive();
        size += c.length;
        if (size > limit) res.destroy(new Error(`the answer is larger than ${limit} bytes`));
        else chunks.push(c);
      });
      res.on('error', fail);
      res.on('close', () => fail(new Error('the connection closed in the middle of the answer')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get(name: string): string | null {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
            },
          },
          bytes: Buffer.concat(chunks),
        });
      });
    });
    if (typeof init.body === 'string' || Buffer.isBuffer(init.body)) {
      req.end(init.body);
      return;
    }
    const source = init.body instanceof Readable ? init.body : Readable.from(init.body as AsyncIterable<Uint8Array>, { objectMode: false });
    source.on('data', alive);
    // the server may answer (and close) before the whole body is written, e.g. 413: the answer wins
    pipeline(source, req).catch((e: unknown) => {
      if (answered) return;
      if (!req.destroyed) req.destroy(e instanceof Error ? e : new Error(String(e)));
      fail(e);
    });
  });
}
