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
import type { FaultKind, RequestRecord, SimOptions, Simulator } from './types';

export type { Fault, ReadJobSpec, SimOptions, Simulator, WriteJobSpec } from './types';

const MAX_CONTROL_BODY = 1 << 20;

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
  const rctx: RouteContext = { store, token, baseUrl: '', downloads };
  const oauth = new SimOAuth(
    { client: opts.oauthClient, lifetimeSec: opts.accessTokenLifetimeSec, dataCenter: opts.oauthDataCenter, apiDomain: opts.oauthApiDomain, now: () => clock.now() },
    () => rctx.baseUrl,
  );
  rctx.oauth = oauth;
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
    const bodyRead = readBody(req).then((b) => setRequestBody(req, b), () => setRequestBody(req, ''));
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
    reset: () => {
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
