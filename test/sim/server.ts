// A fake Zoho CRM bulk API on plain node:http: job details for bulk write and bulk read, the
// captured seed responses byte for byte, auth, gzip/chunked like Zoho, a controllable clock,
// and injectable faults. Control API under /__sim (see control.ts). Independent of src/.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { formatZohoTime } from './bodies';
import { CONTROL_PREFIX, handleControl, type ControlTarget } from './control';
import { DownloadState, isDownload, sendDownload } from './downloads';
import * as errors from './errors';
import { FaultQueue } from './faults';
import { JobStore, SimClock } from './jobStore';
import { SimOAuth } from './oauth';
import { send, type SimResponse, type WriteContext } from './respond';
import { jobIdOf, pathOf, route, setRequestBody, type RouteContext } from './routes';
import { addSeedJobs } from './seedJobs';
import { DEFAULT_CREATED_BY } from './modules';
import { DEFAULT_SCOPE } from './oauth';
import { ORG_ZGID } from './org';
import { FileStore } from './uploads';
import type { FaultKind, RequestRecord, SimOptions, Simulator } from './types';

export type { Fault, ReadJobSpec, SimOptions, Simulator, WriteJobSpec } from './types';

const MAX_CONTROL_BODY = 1 << 20;
/** an upload's body is read up to 25 MB + 1 MB of multipart framing; beyond that it is drained and FILE_TOO_LARGE */
const MAX_UPLOAD_BODY = 26 * 1024 * 1024;
const DEFAULT_SCHEDULE = { inProgressAfterMs: 2_000, doneAfterMs: 10_000 };
const DEFAULT_READ_COUNT = 8764;

/** An API request's body, kept up to `limit` bytes (the rest is read and dropped). */
function readApiBody(req: http.IncomingMessage, limit: number): Promise<{ raw: Buffer; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve({ raw: size <= limit ? Buffer.concat(chunks) : Buffer.alloc(0), tooLarge: size > limit }));
    req.on('error', () => resolve({ raw: Buffer.alloc(0), tooLarge: false }));
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_CONTROL_BODY) reject(new Error('control body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? 'sim-token';
  const clock = new SimClock(opts.timeScale ?? 1);
  const store = new JobStore(clock);
  const faults = new FaultQueue();
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  // Like a real token: X-ACCESSTOKEN-RESET is when the current access token expires (~1 h).
  const wctx: WriteContext = { tokenReset: formatZohoTime(Date.now() + 3600_000) };
  const downloads = new DownloadState({ perWindow: opts.downloadsPerMinute, windowMs: opts.downloadWindowMs, bytesPerSecond: opts.downloadBytesPerSecond });
  const files = new FileStore();
  const readCounts = new Map<string, number>(Object.entries(opts.readRecordCounts ?? {}));
  const schedule = opts.createdJobSchedule ?? DEFAULT_SCHEDULE;
  const rctx: RouteContext = {
    store,
    token,
    baseUrl: '',
    downloads,
    files,
    create: () => ({
      store,
      files,
      now: clock.now(),
      createdBy: DEFAULT_CREATED_BY,
      writeSchedule: schedule,
      readSchedule: schedule,
      readCount: (module) => readCounts.get(module) ?? DEFAULT_READ_COUNT,
      readPerPage: opts.readPerPage ?? 200_000,
    }),
  };
  const oauth = new SimOAuth(
    { client: opts.oauthClient, lifetimeSec: opts.accessTokenLifetimeSec, dataCenter: opts.oauthDataCenter, apiDomain: opts.oauthApiDomain, now: () => clock.now() },
    () => rctx.baseUrl,
  );
  rctx.oauth = oauth;
  rctx.scopesOf = (t) => (t === token ? opts.tokenScopes ?? DEFAULT_SCOPE : oauth.scopeOf(t));
  let closed = false;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const seed = (): void => {
    store.clear();
    addSeedJobs(store, opts.seed !== false);
  };

  function answer(req: http.IncomingMessage, res: http.ServerResponse, fault: FaultKind | undefined): void {
    if (closed || req.socket.destroyed) return;
    switch (fault?.kind) {
      case undefined:
      case 'latency': {
        const r = route(req, rctx);
        return isDownload(r) ? sendDownload(req, res, r, downloads) : send(req, res, r, wctx);
      }
      case 'status':
        return send(req, res, errors.statusFault(fault.status, fault.retryAfter), wctx);
      case 'html502':
        return send(req, res, errors.html502(), wctx);
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'stall':
        if (fault.ms !== undefined) later(fault.ms, () => req.socket.destroy());
        return;
      case 'truncated': {
        const full = route(req, rctx);
        if (isDownload(full)) return sendDownload(req, res, full, downloads, { truncate: true }); // the connection closes halfway
        const text = Buffer.isBuffer(full.body) ? full.body : Buffer.from(full.body, 'utf8');
        const truncated: SimResponse = {
          status: 200,
          body: text.subarray(0, Math.floor(text.length / 2)),
          headers: full.headers.filter(([k]) => k.toLowerCase() !== 'content-encoding'),
        };
        return send(req, res, truncated, wctx);
      }
    }
  }

  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    const path = pathOf(target);
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      readBody(req)
        .then((body) => handleControl(req.method ?? 'GET', path, body, sim))
        .catch((e: unknown) => ({ status: 400, json: { error: e instanceof Error ? e.message : String(e) } }))
        .then((reply) => {
          res.writeHead(reply.status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(reply.json, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v)));
        });
      return;
    }
    // API bodies are read before routing (the OAuth routes take form bodies; the rest ignore them)
    const limit = /^\/crm\/[^/]+\/upload$/.test(path) ? MAX_UPLOAD_BODY : MAX_CONTROL_BODY;
    const bodyRead = readApiBody(req, limit).then((b) => setRequestBody(req, b.raw, b.tooLarge));
    requests.push({ method: req.method ?? '', path: target, authorization: req.headers.authorization, at: Date.now() });
    const taken = faults.take(jobIdOf(target));
    const delay = (opts.latencyMs ?? 0) + taken.latencyMs;
    const go = (): void => {
      try {
        answer(req, res, taken.fault);
      } catch (e) {
        res.statusCode = 500;
        res.end(`simulator error: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    void bodyRead.then(() => (delay > 0 ? later(delay, go) : go()));
  });

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  rctx.baseUrl = url;
  seed();

  const sim: ControlTarget = {
    url,
    port,
    token,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
    addWriteJob: (spec) => store.addWrite(spec),
    addReadJob: (spec) => store.addRead(spec),
    setStatus: (id, status) => store.setStatus(id, status),
    advance: (ms) => clock.advance(ms),
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    oauth,
    expireLinks: (jobId, style) => {
      if (!store.get(jobId)) throw new Error(`no such job: ${jobId}`);
      downloads.expire(jobId, style);
    },
    zgid: ORG_ZGID,
    setReadRecordCount: (module, count) => {
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw new Error('count must be a whole number >= 0');
      readCounts.set(module, count);
    },
    reset: () => {
      readCounts.clear();
      for (const [m, n] of Object.entries(opts.readRecordCounts ?? {})) readCounts.set(m, n);
      files.clear();
      downloads.clear();
      oauth.reset();
      clock.reset();
      seed();
      faults.clear();
      requests.length = 0;
    },
    listJobs: () => store.list().map((job) => ({ job, status: store.state(job).raw })),
  };
  return sim;
}
