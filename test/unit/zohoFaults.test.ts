// Retries, timeouts and transport faults, over real loopback HTTP against the Zoho simulator.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../sim/server';
import { SEED_JOB_ID } from '../sim/seedJobs';
import { ZohoClient, ZohoError, type ZohoClientOptions } from '../../src/zoho';

const TOKEN = '1000.00112233445566778899aabbccddeeff.ffeeddccbbaa99887766554433221100';

describe('zoho/client faults and retries', () => {
  let sim: Simulator;
  let logs: string[];
  before(async () => {
    sim = await startSimulator({ token: TOKEN, seed: false });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    logs = [];
  });
  afterEach(() => {
    for (const line of logs) assert.ok(!line.includes(TOKEN), `token in log: ${line}`);
  });

  const client = (o: Partial<ZohoClientOptions> = {}) =>
    new ZohoClient({
      apiBase: sim.url,
      tokens: { getAccessToken: async () => TOKEN },
      userAgent: 'zoho-bulk-jobs-vscode/0.1.0',
      timeoutMs: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 2000 },
      log: (l, m) => logs.push(`${l} ${m}`),
      ...o,
    });
  const fails = async (p: Promise<unknown>, check: (e: ZohoError) => void) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ZohoError, String(e));
      assert.ok(!e.message.includes(TOKEN));
      check(e);
      return true;
    });
  };
  const ok = async (c = client()) => assert.equal((await c.getWriteJob(SEED_JOB_ID)).job.id, SEED_JOB_ID);

  it('latency: a slow answer within the timeout succeeds on the first attempt', async () => {
    sim.injectFault({ kind: 'latency', ms: 150 });
    const t0 = Date.now();
    await ok();
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(sim.requests.length, 1);
  });

  it('429 with Retry-After: waits at least that long, then succeeds', async () => {
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 1 });
    await ok();
    assert.equal(sim.requests.length, 2);
    const gap = sim.requests[1].at - sim.requests[0].at;
    assert.ok(gap >= 1000, `retried after ${gap} ms`);
    assert.ok(logs.some((l) => /^warn .*TOO_MANY_REQUESTS.*retry 1 of 2/.test(l)), logs.join('\n'));
  });

  it('429 without Retry-After: backs off briefly, then succeeds', async () => {
    sim.injectFault({ kind: 'status', status: 429 });
    await ok();
    assert.equal(sim.requests.length, 2);
    assert.ok(sim.requests[1].at - sim.requests[0].at < 900);
  });

  it('429 with a Retry-After beyond maxDelayMs is not waited out: error carries retryAfterMs', async () => {
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 5, times: Infinity });
    await fails(client().getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'TOO_MANY_REQUESTS');
      assert.equal(e.retryAfterMs, 5000);
      assert.match(e.hint ?? '', /Wait 5 s/);
    });
    assert.equal(sim.requests.length, 1);
  });

  it('500 then success', async () => {
    sim.injectFault({ kind: 'status', status: 500 });
    await ok();
    assert.equal(sim.requests.length, 2);
  });

  it('persistent 500 → INTERNAL_ERROR after maxAttempts', async () => {
    sim.injectFault({ kind: 'status', status: 500, times: Infinity });
    await fails(client().getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'INTERNAL_ERROR');
      assert.equal(e.httpStatus, 500);
    });
    assert.equal(sim.requests.length, 3);
  });

  it('502 HTML gateway page → plain message (retried, then given up)', async () => {
    sim.injectFault({ kind: 'html502', times: Infinity });
    await fails(client().getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'HTTP_502');
      assert.equal(e.message, 'Zoho’s gateway could not reach its servers (HTTP_502).');
      assert.doesNotMatch(`${e.message} ${e.hint}`, /<|html/i);
    });
    assert.equal(sim.requests.length, 3);
    sim.reset();
    sim.injectFault({ kind: 'html502' });
    await ok();
  });

  it('connection reset: retried, then NETWORK_ERROR if it persists', async () => {
    sim.injectFault({ kind: 'reset' });
    await ok();
    assert.equal(sim.requests.length, 2);
    sim.reset();
    sim.injectFault({ kind: 'reset', times: Infinity });
    await fails(client().getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'NETWORK_ERROR');
      assert.match(e.message, /^Could not reach Zoho: 127\.0\.0\.1:\d+: .*\(NETWORK_ERROR\)\.$/);
    });
    assert.equal(sim.requests.length, 3);
  });

  it('stall past a short timeout → TIMEOUT after every attempt', async () => {
    sim.injectFault({ kind: 'stall', times: Infinity });
    const t0 = Date.now();
    await fails(client({ timeoutMs: 150 }).getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'TIMEOUT');
      assert.equal(e.message, 'Zoho did not answer within 150 ms (TIMEOUT).');
    });
    assert.equal(sim.requests.length, 3);
    assert.ok(Date.now() - t0 >= 450);
  });

  it('a stall that drops the connection is retried', async () => {
    sim.injectFault({ kind: 'stall', ms: 50 });
    await ok();
    assert.equal(sim.requests.length, 2);
  });

  it('truncated JSON → INVALID_RESPONSE, not retried', async () => {
    sim.injectFault({ kind: 'truncated', times: Infinity });
    await fails(client().getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'INVALID_RESPONSE');
      assert.match(e.message, /cut off \(INVALID_RESPONSE\)\.$/);
    });
    assert.equal(sim.requests.length, 1);
  });

  for (const [status, code] of [[400, 'AUTHORIZATION_FAILED'], [403, 'NO_PERMISSION'], [404, 'INVALID_URL_PATTERN']] as const) {
    it(`no retry on ${status} (${code})`, async () => {
      sim.injectFault({ kind: 'status', status, times: Infinity });
      await fails(client().getWriteJob(SEED_JOB_ID), (e) => {
        assert.equal(e.code, code);
        assert.equal(e.httpStatus, status);
      });
      assert.equal(sim.requests.length, 1);
    });
  }

  it('per-job faults only hit that job', async () => {
    const other = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 3 });
    sim.injectFault({ kind: 'status', status: 500, jobId: other, times: Infinity });
    await ok();
    await fails(client({ retry: { maxAttempts: 1 } }).getWriteJob(other), (e) => assert.equal(e.code, 'INTERNAL_ERROR'));
    assert.equal(sim.requests.length, 2);
  });

  it('the caller’s AbortSignal cancels a stalled request promptly (ABORTED, not retried)', async () => {
    sim.injectFault({ kind: 'stall', times: Infinity });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await fails(client({ timeoutMs: 5000 }).getWriteJob(SEED_JOB_ID, ac.signal), (e) => assert.equal(e.code, 'ABORTED'));
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(sim.requests.length, 1);
  });

  it('the caller’s AbortSignal also cuts a backoff wait short', async () => {
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 2 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const t0 = Date.now();
    await fails(client({ retry: { baseDelayMs: 10, maxDelayMs: 5000 } }).getWriteJob(SEED_JOB_ID, ac.signal), (e) => assert.equal(e.code, 'ABORTED'));
    assert.ok(Date.now() - t0 < 1000);
  });

  it('a 3xx is never followed: UNEXPECTED_REDIRECT, token not sent on', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(302, { Location: 'https://evil.io/steal' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await fails(client({ apiBase }).getWriteJob(SEED_JOB_ID), (e) => {
        assert.equal(e.code, 'UNEXPECTED_REDIRECT');
        assert.equal(e.httpStatus, 302);
        assert.match(e.message, /redirected the request to evil\.io/);
      });
      assert.equal(seen.length, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
