// Result downloads end to end, over real loopback HTTP against the simulator, with real zips:
// job details (ZohoClient) → downloadResult → unzipToFolder → summaries. Also the throttle, an
// expired link, cut connections, cancellation, idle (not total) timeouts, token refresh.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { KNOWN_ERROR_CODES } from '../../src/jobs/results/errorColumn';
import { summariseReadResult, summariseWriteResult, summaryLine } from '../../src/jobs/results/resultSummary';
import { unzipToFolder } from '../../src/jobs/results/unzip';
import { ZohoClient, ZohoError, ZohoHttp, type FetchLike, type HttpOptions } from '../../src/zoho';
import { downloadResult, type DownloadDeps, type DownloadProgress, type DownloadRequest } from '../../src/zoho/resultDownload';
import { staticTokenProvider } from '../../src/zoho/tokenProvider';
import { DEFAULT_EXPORT_FIELDS } from '../sim/resultCsv';
import { startSimulator, type Simulator } from '../sim/server';

const DONE = { inProgressAfterMs: 0, doneAfterMs: 0 };

/** global.gc, made available at run time when node was started without --expose-gc. */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
const MB = 1024 * 1024;

describe('zoho/resultDownload: end to end against the simulator', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let dir: string;
  let n = 0;

  before(async () => {
    sim = await startSimulator({ token: 'dl-token', seed: false, timeScale: 0, downloadsPerMinute: Infinity });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-dl-'));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => sim.reset());

  const httpOptions = (s: Simulator, o: Partial<HttpOptions> = {}): HttpOptions => ({
    apiBase: s.url,
    tokens: staticTokenProvider(s.token),
    userAgent: 'zbj-tests',
    timeoutMs: 2000,
    retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 50 },
    ...o,
  });
  const deps = (s: Simulator = sim, o: Partial<DownloadDeps> = {}, h: Partial<HttpOptions> = {}): DownloadDeps => ({
    http: new ZohoHttp(httpOptions(s, h)),
    idleTimeoutMs: 2000,
    sleep: async () => undefined,
    ...o,
  });
  const dest = (name = 'r'): string => path.join(dir, `${name}-${++n}`, 'result.zip');
  const leftovers = (zip: string): string[] => (fs.existsSync(path.dirname(zip)) ? fs.readdirSync(path.dirname(zip)) : []);
  const rejectsWith = async (p: Promise<unknown>, code: string, extra?: (e: ZohoError) => void): Promise<void> => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ZohoError, String(e));
      assert.equal(e.code, code, e.message);
      extra?.(e);
      return true;
    });
  };

  async function writeLink(s: Simulator, id: string): Promise<string> {
    const { job } = await new ZohoClient(httpOptions(s)).getWriteJob(id);
    assert.ok(job.downloadUrl, 'completed job has a download_url');
    return job.downloadUrl;
  }
  async function readLink(s: Simulator, id: string): Promise<string> {
    const { job } = await new ZohoClient(httpOptions(s)).getReadJob(id);
    assert.ok(job.result?.downloadUrl);
    return job.result.downloadUrl;
  }
  const request = (url: string, kind: 'read' | 'write', jobId: string, o: Partial<DownloadRequest> = {}): DownloadRequest => ({
    url,
    apiBase: sim.url,
    ctx: { kind, jobId },
    destZipPath: dest(kind),
    ...o,
  });

  it('bulk write: download → unzip → summary, counts equal the job’s counts', async () => {
    const id = sim.addWriteJob({
      module: 'Leads',
      operation: 'upsert',
      total: 2500,
      added: 1900,
      updated: 520,
      skipped: 80,
      fileName: 'leads_q3.csv',
      fieldMappings: [
        { api_name: 'Email', index: 2 },
        { api_name: 'Last_Name', index: 0 },
        { api_name: 'Company', index: 1 },
        { api_name: 'Phone', index: 3 },
      ],
      schedule: DONE,
    });
    const { job } = await new ZohoClient(httpOptions(sim)).getWriteJob(id);
    const file = job.resources[0].file;
    const link = job.downloadUrl ?? '';
    assert.ok(link.startsWith(`${sim.url}/v8/crm/`), link);
    const progress: DownloadProgress[] = [];
    const req = request(link, 'write', id, { onProgress: (p) => progress.push(p) });
    const got = await downloadResult(deps(), req);
    assert.equal(got.path, req.destZipPath);
    assert.equal(got.bytes, fs.statSync(got.path).size);
    assert.deepEqual(leftovers(got.path), ['result.zip']);
    assert.equal(progress.at(-1)?.receivedBytes, got.bytes);
    assert.equal(progress.at(-1)?.totalBytes, got.bytes);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].receivedBytes >= progress[i - 1].receivedBytes);
    // the token went to the simulator, once
    const downloads = sim.requests.filter((r) => r.path.endsWith('.zip'));
    assert.deepEqual(downloads.map((r) => r.authorization), ['Zoho-oauthtoken dl-token']);

    const files = await unzipToFolder(got.path, path.join(path.dirname(got.path), 'csv'), { ctx: { kind: 'write', jobId: id } });
    assert.deepEqual(files.map((f) => f.name), ['Leads-leads_q3.csv']);
    const s = await summariseWriteResult(files[0].path);
    assert.deepEqual(s.columns, ['Last_Name', 'Company', 'Email', 'STATUS', 'RECORD_ID', 'ERRORS']);
    assert.equal(s.rows, file?.totalCount);
    assert.deepEqual(
      [s.byStatus.added, s.byStatus.updated, s.byStatus.skipped, s.byStatus.unprocessed, s.byStatus.other],
      [file?.addedCount, file?.updatedCount, file?.skippedCount, 0, 0],
    );
    assert.equal(s.rowsWithErrors, 80);
    assert.ok(s.byError.every((e) => KNOWN_ERROR_CODES.includes(e.code)));
    assert.deepEqual(
      s.byError.map((e) => `${e.code} ${e.column}`).sort(),
      ['DUPLICATE_DATA Email', 'INVALID_DATA Phone', 'MANDATORY_NOT_FOUND Company', 'MANDATORY_NOT_FOUND Last_Name'],
    );
    assert.match(summaryLine(s), /^1,900 added · 520 updated · 80 skipped · DUPLICATE_DATA \(Email\) ×\d+ · MANDATORY_NOT_FOUND \(Last_Name\) ×\d+ · /);
  });

  it('bulk read: a 50,000-row export streams through download, unzip and count with modest memory', async () => {
    // no `fields`: every field of the module (16 columns, ~350 bytes a row), like Zoho without a field list
    const fields = DEFAULT_EXPORT_FIELDS.Contacts;
    // warm-up, so code loading and JIT do not count as growth
    const warm = sim.addReadJob({ module: 'Contacts', count: 2000, schedule: DONE });
    const wz = await downloadResult(deps(), request(await readLink(sim, warm), 'read', warm));
    await summariseReadResult((await unzipToFolder(wz.path, path.join(path.dirname(wz.path), 'x')))[0].path);

    const id = sim.addReadJob({ module: 'Contacts', count: 50_000, schedule: DONE });
    const url = await readLink(sim, id);
    assert.equal(url, `/crm/bulk/v8/read/${id}/result`);
    const gc = exposeGc();
    /** Runs one phase; peak growth of RSS and of heap + buffers over a collected baseline, in MB. */
    const measured = async <T>(run: (sample: () => void) => Promise<T>): Promise<{ value: T; ms: number; rss: number; heap: number }> => {
      gc();
      const base = process.memoryUsage();
      let rss = base.rss;
      let heap = base.heapUsed + base.arrayBuffers;
      const sample = (): void => {
        const m = process.memoryUsage();
        rss = Math.max(rss, m.rss);
        heap = Math.max(heap, m.heapUsed + m.arrayBuffers);
      };
      const timer = setInterval(sample, 5);
      const t0 = Date.now();
      try {
        const value = await run(sample);
        sample();
        return { value, ms: Date.now() - t0, rss: (rss - base.rss) / MB, heap: (heap - base.heapUsed - base.arrayBuffers) / MB };
      } finally {
        clearInterval(timer);
      }
    };
    const dl = await measured((sample) => downloadResult(deps(), request(url, 'read', id, { onProgress: sample })));
    const uz = await measured((sample) => unzipToFolder(dl.value.path, path.join(path.dirname(dl.value.path), 'csv'), { onProgress: sample }));
    const ct = await measured(() => summariseReadResult(uz.value[0].path));
    const [files, summary] = [uz.value, ct.value];
    assert.deepEqual(files.map((f) => f.name), [`${id}.csv`]);
    assert.equal(summary.rows, 50_000);
    assert.deepEqual(summary.columns, ['id', ...fields]);
    const csvMb = files[0].bytes / MB;
    const zipMb = dl.value.bytes / MB;
    const mb = (x: number): string => x.toFixed(1);
    console.log(
      `      50,000 rows: download ${mb(zipMb)} MB zip in ${dl.ms} ms (simulator deflating on the fly); unzip ${mb(csvMb)} MB in ${uz.ms} ms ` +
        `(${(csvMb / (uz.ms / 1000)).toFixed(0)} MB/s); count in ${ct.ms} ms. Peak growth RSS/heap+buffers MB: ` +
        `download ${mb(dl.rss)}/${mb(dl.heap)}, unzip ${mb(uz.rss)}/${mb(uz.heap)}, count ${mb(ct.rss)}/${mb(ct.heap)}`,
    );
    assert.ok(csvMb > 15, `export is ${mb(csvMb)} MB`);
    assert.ok(files[0].bytes > dl.value.bytes * 4, 'the simulator really compressed it');
    for (const [phase, m] of [['download', dl], ['unzip', uz], ['count', ct]] as const) {
      assert.ok(m.heap < 64, `${phase}: heap grew ${mb(m.heap)} MB`);
      assert.ok(m.rss < 64, `${phase}: RSS grew ${mb(m.rss)} MB`);
    }
  });

  it('throttle: the 3rd download in a window gets 429, waits (with a message) and then succeeds', async () => {
    const throttled = await startSimulator({ token: 't2', seed: false, timeScale: 0, downloadsPerMinute: 2, downloadWindowMs: 400 });
    try {
      const id = throttled.addReadJob({ module: 'Leads', count: 50, schedule: DONE });
      const url = await readLink(throttled, id);
      const slept: number[] = [];
      // Retry-After is whole seconds; the injected sleep turns each second into 250 ms (the window is 400 ms)
      const d = deps(throttled, { sleep: (ms) => (slept.push(ms), new Promise((r) => setTimeout(r, ms / 4))) });
      const messages: string[] = [];
      const one = () => downloadResult(d, { ...request(url, 'read', id), apiBase: throttled.url, onProgress: (p) => p.message && messages.push(p.message) });
      await one();
      await one();
      const third = await one();
      assert.ok(third.bytes > 0);
      const statuses = throttled.requests.filter((r) => r.path.endsWith('/result')).length;
      assert.ok(statuses >= 4, `${statuses} download requests`);
      assert.ok(messages.length >= 1);
      assert.match(messages[0], /^Zoho allows 10 downloads per minute; waiting \d+ s…$/);
      assert.ok(slept.length >= 1);
    } finally {
      await throttled.close();
    }
  });

  it('429 with Retry-After: 42 counts down "waiting 42 s…"; without it waits a minute; too long is thrown', async () => {
    const id = sim.addReadJob({ module: 'Leads', count: 10, schedule: DONE });
    const url = await readLink(sim, id);
    const messages: string[] = [];
    let slept = 0;
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 42, jobId: id });
    await downloadResult(deps(sim, { sleep: async (ms) => void (slept += ms) }), request(url, 'read', id, { onProgress: (p) => p.message && messages.push(p.message) }));
    assert.equal(messages[0], 'Zoho allows 10 downloads per minute; waiting 42 s…');
    assert.equal(messages.at(-1), 'Zoho allows 10 downloads per minute; waiting 1 s…');
    assert.equal(slept, 42_000);

    messages.length = 0;
    slept = 0;
    sim.injectFault({ kind: 'status', status: 429, jobId: id });
    await downloadResult(deps(sim, { sleep: async (ms) => void (slept += ms) }), request(url, 'read', id, { onProgress: (p) => p.message && messages.push(p.message) }));
    assert.equal(messages[0], 'Zoho allows 10 downloads per minute; waiting 60 s…');
    assert.equal(slept, 60_000);

    sim.injectFault({ kind: 'status', status: 429, retryAfter: 3600, jobId: id });
    const req = request(url, 'read', id);
    await rejectsWith(downloadResult(deps(), req), 'TOO_MANY_REQUESTS', (e) => assert.equal(e.retryAfterMs, 3_600_000));
    assert.deepEqual(leftovers(req.destZipPath), []);

    sim.injectFault({ kind: 'status', status: 429, retryAfter: 1, jobId: id, times: Infinity });
    await rejectsWith(downloadResult(deps(sim, { maxRateLimitWaits: 2 }), request(url, 'read', id)), 'TOO_MANY_REQUESTS');
  });

  it('an expired link is LINK_EXPIRED (Zoho’s JSON or plain text), with nothing left behind', async () => {
    const id = sim.addWriteJob({ module: 'Contacts', operation: 'insert', total: 30, schedule: DONE });
    const url = await writeLink(sim, id);
    sim.expireLinks(id);
    const req = request(url, 'write', id);
    await rejectsWith(downloadResult(deps(), req), 'LINK_EXPIRED', (e) => {
      assert.equal(e.httpStatus, 403);
      assert.equal(e.message, `The result link of bulk write job ${id} has expired (LINK_EXPIRED).`);
      assert.equal(e.hint, 'Refresh the job to get a new one, then download again.');
    });
    assert.deepEqual(leftovers(req.destZipPath), []);
    const rid = sim.addReadJob({ module: 'Leads', count: 5, schedule: DONE });
    const res = await fetch(`${sim.url}/__sim/expire-link`, { method: 'POST', body: JSON.stringify({ id: rid, style: 'text' }) });
    assert.equal(res.status, 200);
    await rejectsWith(downloadResult(deps(), request(await readLink(sim, rid), 'read', rid)), 'LINK_EXPIRED');
  });

  it('a connection cut halfway is a NETWORK_ERROR with no partial file; one cut is retried from the start', async () => {
    const wid = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 8000, skipped: 12, schedule: DONE });
    const rid = sim.addReadJob({ module: 'Contacts', count: 20_000, schedule: DONE });
    const wurl = await writeLink(sim, wid);
    const rurl = await readLink(sim, rid);
    for (const [url, kind, id] of [[wurl, 'write', wid], [rurl, 'read', rid]] as const) {
      sim.injectFault({ kind: 'truncated', jobId: id, times: Infinity });
      const req = request(url, kind, id);
      const t0 = Date.now();
      await rejectsWith(downloadResult(deps(), req), 'NETWORK_ERROR', (e) => assert.match(e.message, /connection/));
      assert.ok(Date.now() - t0 < 1500, 'noticed at once, not after the idle timeout');
      assert.equal(fs.existsSync(path.dirname(req.destZipPath)), false, 'the folder it created is gone too');
      sim.clearFaults();
    }
    sim.injectFault({ kind: 'truncated', jobId: wid });
    const messages: string[] = [];
    const ok = await downloadResult(deps(sim, {}, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } }), request(wurl, 'write', wid, { onProgress: (p) => p.message && messages.push(p.message) }));
    assert.deepEqual(messages, ['The connection broke; downloading again from the start…']);
    const files = await unzipToFolder(ok.path, path.join(path.dirname(ok.path), 'csv'));
    assert.equal((await summariseWriteResult(files[0].path)).rows, 8000);
  });

  it('cancelling: mid-download, while waiting out a 429, and before starting → ABORTED, no partial file', async () => {
    const id = sim.addReadJob({ module: 'Contacts', count: 200_000, schedule: DONE });
    const url = await readLink(sim, id);
    const ac = new AbortController();
    const req = request(url, 'read', id, { signal: ac.signal, onProgress: (p) => p.receivedBytes > 0 && ac.abort() });
    const t0 = Date.now();
    await rejectsWith(downloadResult(deps(), req), 'ABORTED');
    assert.ok(Date.now() - t0 < 1000);
    assert.deepEqual(leftovers(req.destZipPath), []);

    sim.injectFault({ kind: 'status', status: 429, retryAfter: 30, jobId: id });
    const ac2 = new AbortController();
    const req2 = request(url, 'read', id, { signal: ac2.signal, onProgress: (p) => p.message && setTimeout(() => ac2.abort(), 20) });
    await rejectsWith(downloadResult(deps(sim, { sleep: undefined }), req2), 'ABORTED'); // the real (abortable) sleep
    assert.deepEqual(leftovers(req2.destZipPath), []);

    sim.reset();
    const ac3 = new AbortController();
    ac3.abort();
    await rejectsWith(downloadResult(deps(), request(url, 'read', id, { signal: ac3.signal })), 'ABORTED');
    assert.deepEqual(sim.requests, []);
  });

  it('timeouts are idle timeouts: a slow steady body finishes; silence fails with TIMEOUT', async () => {
    // 16 KB every ~125 ms: never silent for long, but the whole body takes over a second
    const paced = await startSimulator({ token: 't3', seed: false, timeScale: 0, downloadBytesPerSecond: 128 * 1024 });
    try {
      const id = paced.addWriteJob({ module: 'Leads', operation: 'insert', total: 15_000, schedule: DONE });
      const url = await writeLink(paced, id);
      const t0 = Date.now();
      const got = await downloadResult(deps(paced, { idleTimeoutMs: 400 }), { ...request(url, 'write', id), apiBase: paced.url });
      const took = Date.now() - t0;
      assert.ok(got.bytes > 100 * 1024, `${got.bytes} bytes`);
      assert.ok(took > 800, `took ${took} ms: at least twice the 400 ms idle limit`);
    } finally {
      await paced.close();
    }
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10, schedule: DONE });
    const url = await writeLink(sim, id);
    sim.injectFault({ kind: 'stall', jobId: id });
    const req = request(url, 'write', id);
    const t0 = Date.now();
    await rejectsWith(downloadResult(deps(sim, { idleTimeoutMs: 300 }), req), 'TIMEOUT');
    assert.ok(Date.now() - t0 < 1500);
    assert.deepEqual(leftovers(req.destZipPath), []);
  });

  it('reuses ZohoHttp: a rejected token is refreshed once, then the download succeeds', async () => {
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10, schedule: DONE });
    const url = await writeLink(sim, id);
    let token = 'stale-token';
    const d = deps(sim, {}, { tokens: { getAccessToken: async () => token, onUnauthorized: async () => ((token = sim.token), true) } });
    await downloadResult(d, request(url, 'write', id));
    assert.deepEqual(
      sim.requests.filter((r) => r.path.endsWith('.zip')).map((r) => r.authorization),
      ['Zoho-oauthtoken stale-token', 'Zoho-oauthtoken dl-token'],
    );
  });

  it('a damaged zip downloads fine but unzips to CORRUPT_RESULT', async () => {
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 500, schedule: DONE });
    const got = await downloadResult(deps(), request(await writeLink(sim, id), 'write', id));
    const bytes = fs.readFileSync(got.path);
    for (let i = 40; i < bytes.length - 200; i += 11) bytes[i] ^= 0x33;
    fs.writeFileSync(got.path, bytes);
    const out = path.join(path.dirname(got.path), 'csv');
    await rejectsWith(unzipToFolder(got.path, out, { ctx: { kind: 'write', jobId: id } }), 'CORRUPT_RESULT', (e) =>
      assert.match(e.message, new RegExp(`^The result file is damaged or not a zip archive: .*\\(CORRUPT_RESULT\\)\\.$`)),
    );
    assert.equal(fs.existsSync(out), false);
  });

  it('a 200 that is really an error (JSON API_Exception, "Link not valid") becomes that error', async () => {
    const answer = (status: number, contentType: string, body: string): FetchLike => async () => ({
      status,
      headers: { get: (k: string) => (k.toLowerCase() === 'content-type' ? contentType : null) },
      text: async () => body,
      body: Readable.from([Buffer.from(body)]),
    });
    const run = (f: FetchLike) => downloadResult({ ...deps(), fetch: f }, request(`${sim.url}/v8/crm/org1/bulk-write/1/1.zip`, 'write', '1'));
    await rejectsWith(run(answer(200, 'application/json', '{"code":"INVALID_URL_PATTERN","details":{},"message":"x","status":"error"}')), 'INVALID_URL_PATTERN');
    await rejectsWith(run(answer(200, 'application/octet-stream', '{"info":"Forbidden","x-info":"Link not valid"}')), 'LINK_EXPIRED');
    await rejectsWith(run(answer(403, 'text/plain', 'Link not valid')), 'LINK_EXPIRED');
    await rejectsWith(run(answer(403, 'application/json', '{"code":"NO_PERMISSION","details":{},"message":"Permission denied","status":"error"}')), 'NO_PERMISSION');
    await rejectsWith(run(answer(200, 'text/html', '<html><title>Login</title></html>')), 'INVALID_RESPONSE');
  });

  it('unknown or unfinished jobs answer RESOURCE_NOT_FOUND; a blocked folder is SAVE_FAILED before any request', async () => {
    const running = sim.addReadJob({ module: 'Leads', count: 10 });
    await rejectsWith(downloadResult(deps(), request(`/crm/bulk/v8/read/${running}/result`, 'read', running)), 'RESOURCE_NOT_FOUND');
    await rejectsWith(downloadResult(deps(), request(`${sim.url}/v8/crm/org4150868/bulk-write/999/999.zip`, 'write', '999')), 'RESOURCE_NOT_FOUND');
    sim.reset();
    const blocker = path.join(dir, 'blocker-file');
    fs.writeFileSync(blocker, 'x');
    await rejectsWith(downloadResult(deps(), request('/crm/bulk/v8/read/1/result', 'read', '1', { destZipPath: path.join(blocker, 'r.zip') })), 'SAVE_FAILED');
    assert.deepEqual(sim.requests, []);
  });
});
