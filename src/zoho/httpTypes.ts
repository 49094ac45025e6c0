// The shapes the HTTP layer and its body readers share (fetch-like functions, responses, readers,
// the log callback). Types only, so http.ts, bodyText.ts and jsonBody.ts all import downwards from here.
import type { HeadersLike } from './errors';

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', msg: string) => void;

export interface FetchResponseLike {
  status: number;
  headers: HeadersLike;
  text(): Promise<string>;
  /** The raw bytes (httpFetch, global fetch): bodies read whole are decoded by bodyText.ts. */
  arrayBuffer?(): Promise<ArrayBuffer>;
  /** The body as a Node stream (httpFetch), for readers that stream it (result downloads). */
  body?: NodeJS.ReadableStream | null;
}
export interface FetchInitLike {
  method: 'GET';
  headers: Record<string, string>;
  redirect: 'manual';
  signal: AbortSignal;
  compress?: boolean;
  /** Largest body text() / arrayBuffer() buffer (bodies read whole); past it they fail with `type: 'max-size'`. */
  size?: number;
}
/** httpFetch (the default) or anything shaped like it, e.g. Node's global fetch. */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/** Consumes a 2xx body inside the attempt; calls `alive()` whenever data arrives (see RequestOptions.idleTimeout). */
export type ResponseReader<T> = (res: FetchResponseLike, alive: () => void) => Promise<T>;
