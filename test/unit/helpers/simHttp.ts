// Raw HTTP helpers for the simulator tests: node:http (no pooling), so tests see the exact
// status, header names/order, transfer and content encodings, and the bytes on the wire.
import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** [name, value] pairs as received (order and letter case kept) */
  rawHeaders: [string, string][];
  /** body bytes as received (gzip still applied) */
  raw: Buffer;
  /** body bytes after gunzip when Content-Encoding was gzip */
  body: Buffer;
  text: string;
  ms: number;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export function request(url: string, opts: RawOptions = {}): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false, signal: opts.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: pairs, raw, body, text: body.toString('utf8'), ms: Date.now() - started });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const auth = (token: string): Record<string, string> => ({ Authorization: `Zoho-oauthtoken ${token}` });

/** GET with the right token and gzip accepted (what the extension's client sends). */
export function get(baseUrl: string, path: string, token: string, extra: Record<string, string> = {}): Promise<RawResponse> {
  return request(baseUrl + path, { headers: { ...auth(token), 'Accept-Encoding': 'gzip', ...extra } });
}

/** GET and parse the JSON body (ordinary JSON.parse: fine for everything but bare int64s). */
export async function getJson<T = Record<string, unknown>>(baseUrl: string, path: string, token: string): Promise<{ status: number; json: T }> {
  const r = await get(baseUrl, path, token);
  return { status: r.status, json: JSON.parse(r.text) as T };
}

/** POST JSON to a /__sim control endpoint. */
export async function control(baseUrl: string, path: string, body?: unknown, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await request(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: JSON.parse(r.text) as Record<string, unknown> };
}

export const headerNames = (r: RawResponse): string[] => r.rawHeaders.map(([k]) => k);
