// Result downloads when things go wrong, against the simulator: 429 throttle, expired links, cut connections, cancelling, idle timeouts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summariseWriteResult } from '../../src/jobs/results/resultSummary';
import { unzipToFolder } from '../../src/jobs/results/unzip';
import { downloadResult } from '../../src/zoho/resultDownload';
import { startSimulator } from '../sim/server';
import { DONE, useDownloadFixture } from './helpers/downloadFixture';

describe('zoho/resultDownload: throttling, expiry, cuts, cancelling and timeouts against the simulator', function () {
  this.timeout(20_000);
  const fx = useDownloadFixture();
  const { deps, leftovers, rejectsWith, writeLink, readLink, request } = fx;

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
    const id = fx.sim.addReadJob({ module: 'Leads', count: 10, schedule: DONE });
    const url = await readLink(fx.sim, id);
    const messages: string[] = [];
    let slept = 0;
    fx.sim.injectFault({ kind: 'status', status: 429, retryAfter: 42, jobId: id });
    await downloadResult(deps(fx.sim, { sleep: async (ms) => void (slept += ms) }), request(url, 'read', id, { onProgress: (p) => p.message && messages.push(p.message) }));
    assert.equal(messages[0], 'Zoho allows 10 downloads per minute; waiting 42 s…');
    assert.equal(messages.at(-1), 'Zoho allows 10 downloads per minute; waiting 1 s…');
    assert.equal(slept, 42_000);

    messages.length = 0;
    slept = 0;
    fx.sim.injectFault({ kind: 'status', status: 429, jobId: id });
    await downloadResult(deps(fx.sim, { sleep: async (ms) => void (slept += ms) }), request(url, 'read', id, { onProgress: (p) => p.message && messages.push(p.message) }));
    assert.equal(messages[0], 'Zoho allows 10 downloads per minute; waiting 60 s…');
    assert.equal(slept, 60_000);

    fx.sim.injectFault({ kind: 'status', status: 429, retryAfter: 3600, jobId: id });
    const req = request(url, 'read', id);
    await rejectsWith(downloadResult(deps(), req), 'TOO_MANY_REQUESTS', (e) => assert.equal(e.retryAfterMs, 3_600_000));
    assert.deepEqual(leftovers(req.destZipPath), []);

    fx.sim.injectFault({ kind: 'status', status: 429, retryAfter: 1, jobId: id, times: Infinity });
    await rejectsWith(downloadResult(deps(fx.sim, { maxRateLimitWaits: 2 }), request(url, 'read', id)), 'TOO_MANY_REQUESTS');
  });

  it('an expired link is LINK_EXPIRED (Zoho’s JSON or plain text), with nothing left behind', async () => {
    const id = fx.sim.addWriteJob({ module: 'Contacts', operation: 'insert', total: 30, schedule: DONE });
    const url = await writeLink(fx.sim, id);
    fx.sim.expireLinks(id);
    const req = request(url, 'write', id);
    await rejectsWith(downloadResult(deps(), req), 'LINK_EXPIRED', (e) => {
      assert.equal(e.httpStatus, 403);
      assert.equal(e.message, `The result link of bulk write job ${id} has expired (LINK_EXPIRED).`);
      assert.equal(e.hint, 'Refresh the job to get a new one, then download again.');
    });
    assert.deepEqual(leftovers(req.destZipPath), []);
    const rid = fx.sim.addReadJob({ module: 'Leads', count: 5, schedule: DONE });
    const res = await fetch(`${fx.sim.url}/__sim/expire-link`, { method: 'POST', body: JSON.stringify({ id: rid, style: 'text' }) });
    assert.equal(res.status, 200);
    await rejectsWith(downloadResult(deps(), request(await readLink(fx.sim, rid), 'read', rid)), 'LINK_EXPIRED');
  });

  it('a connection cut halfway is a NETWORK_ERROR with no partial file; one cut is retried from the start', async () => {
    const wid = fx.sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 8000, skipped: 12, schedule: DONE });
    const rid = fx.sim.addReadJob({ module: 'Contacts', count: 20_000, schedule: DONE });
    const wurl = await writeLink(fx.sim, wid);
    const rurl = await readLink(fx.sim, rid);
    for (const [url, kind, id] of [[wurl, 'write', wid], [rurl, 'read', rid]] as const) {
      fx.sim.injectFault({ kind: 'truncated', jobId: id, times: Infinity });
      const req = request(url, kind, id);
      const t0 = Date.now();
      await rejectsWith(downloadResult(deps(), req), 'NETWORK_ERROR', (e) => assert.match(e.message, /connection/));
      assert.ok(Date.now() - t0 < 1500, 'noticed at once, not after the idle timeout');
      assert.equal(fs.existsSync(path.dirname(req.destZipPath)), false, 'the folder it created is gone too');
      fx.sim.clearFaults();
    }
    fx.sim.injectFault({ kind: 'truncated', jobId: wid });
    const messages: string[] = [];
    const ok = await downloadResult(deps(fx.sim, {}, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } }), request(wurl, 'write', wid, { onProgress: (p) => p.message && messages.push(p.message) }));
    assert.deepEqual(messages, ['The connection broke; downloading again from the start…']);
    const files = await unzipToFolder(ok.path, path.join(path.dirname(ok.path), 'csv'));
    assert.equal((await summariseWriteResult(files[0].path)).rows, 8000);
  });

  it('cancelling: mid-download, while waiting out a 429, and before starting → ABORTED, no partial file', async () => {
    const id = fx.sim.addReadJob({ module: 'Contacts', count: 200_000, schedule: DONE });
    const url = await readLink(fx.sim, id);
    const ac = new AbortController();
    const req = request(url, 'read', id, { signal: ac.signal, onProgress: (p) => p.receivedBytes > 0 && ac.abort() });
    const t0 = Date.now();
    await rejectsWith(downloadResult(deps(), req), 'ABORTED');
    assert.ok(Date.now() - t0 < 1000);
    assert.deepEqual(leftovers(req.destZipPath), []);

    fx.sim.injectFault({ kind: 'status', status: 429, retryAfter: 30, jobId: id });
    const ac2 = new AbortController();
    const req2 = request(url, 'read', id, { signal: ac2.signal, onProgress: (p) => p.message && setTimeout(() => ac2.abort(), 20) });
    await rejectsWith(downloadResult(deps(fx.sim, { sleep: undefined }), req2), 'ABORTED'); // the real (abortable) sleep
    assert.deepEqual(leftovers(req2.destZipPath), []);

    fx.sim.reset();
    const ac3 = new AbortController();
    ac3.abort();
    await rejectsWith(downloadResult(deps(), request(url, 'read', id, { signal: ac3.signal })), 'ABORTED');
    assert.deepEqual(fx.sim.requests, []);
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
    const id = fx.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10, schedule: DONE });
    const url = await writeLink(fx.sim, id);
    fx.sim.injectFault({ kind: 'stall', jobId: id });
    const req = request(url, 'write', id);
    const t0 = Date.now();
    await rejectsWith(downloadResult(deps(fx.sim, { idleTimeoutMs: 300 }), req), 'TIMEOUT');
    assert.ok(Date.now() - t0 < 1500);
    assert.deepEqual(leftovers(req.destZipPath), []);
  });
});
