// Every fault kind the simulator can inject, per-job targeting, `times` counting, the
// latencyMs option, and close() with a stalled request in flight.
import * as assert from 'node:assert/strict';
import { CAPTURED, SEED_JOB_ID } from '../sim/capture';
import { DEALS_INSERT_LIVE_ID } from '../sim/seedJobs';
import { startSimulator, type Simulator } from '../sim/server';
import { auth, get, request } from './helpers/simHttp';

const SEED_PATH = `/crm/bulk/v8/write/${SEED_JOB_ID}`;

describe('simulator: faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('latency: delays one response by ms, then back to normal', async () => {
    sim.injectFault({ kind: 'latency', ms: 250 });
    const slow = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(slow.status, 200);
    assert.ok(slow.ms >= 240, `took ${slow.ms} ms`);
    const fast = await get(sim.url, SEED_PATH, sim.token);
    assert.ok(fast.ms < 150, `took ${fast.ms} ms`);
  });

  it('status 429 with Retry-After, and without it (no header at all)', async () => {
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 7 });
    const withHeader = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(withHeader.status, 429);
    assert.equal(withHeader.headers['retry-after'], '7');
    assert.deepEqual(JSON.parse(withHeader.text), {
      code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many requests. please try again after some time', status: 'error',
    });
    sim.injectFault({ kind: 'status', status: 429 });
    const without = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(without.status, 429);
    assert.equal(without.headers['retry-after'], undefined);
  });

  it('status 500: INTERNAL_ERROR JSON', async () => {
    sim.injectFault({ kind: 'status', status: 500 });
    const r = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(r.status, 500);
    assert.equal(JSON.parse(r.text).code, 'INTERNAL_ERROR');
    assert.equal(r.headers['content-length'], String(r.raw.length));
  });

  it('html502: an HTML page, not JSON', async () => {
    sim.injectFault({ kind: 'html502' });
    const r = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(r.status, 502);
    assert.equal(r.headers['content-type'], 'text/html');
    assert.match(r.text, /^<html>[\s\S]*502 Bad Gateway/);
    assert.throws(() => JSON.parse(r.text));
  });

  it('reset: the socket is destroyed (ECONNRESET), the request was still recorded', async () => {
    sim.injectFault({ kind: 'reset' });
    await assert.rejects(get(sim.url, SEED_PATH, sim.token), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET');
    assert.equal(sim.requests.length, 1);
    assert.equal((await get(sim.url, SEED_PATH, sim.token)).status, 200);
  });

  it('stall: never answers; the client aborts after 300 ms', async () => {
    sim.injectFault({ kind: 'stall' });
    const started = Date.now();
    await assert.rejects(
      fetch(sim.url + SEED_PATH, { headers: auth(sim.token), signal: AbortSignal.timeout(300) }),
      (e: Error) => e.name === 'TimeoutError' || e.name === 'AbortError',
    );
    assert.ok(Date.now() - started >= 290);
    assert.equal(sim.requests.length, 1);
    assert.equal((await get(sim.url, SEED_PATH, sim.token)).status, 200);
  });

  it('stall with ms: drops the connection after ms without a response', async () => {
    sim.injectFault({ kind: 'stall', ms: 120 });
    const started = Date.now();
    await assert.rejects(get(sim.url, SEED_PATH, sim.token), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /hang up/.test(e.message));
    assert.ok(Date.now() - started >= 110);
  });

  it('truncated: 200 with the first half of the body the request would get', async () => {
    const full = (await get(sim.url, SEED_PATH, sim.token)).text;
    sim.injectFault({ kind: 'truncated' });
    const r = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.text, full.slice(0, Math.floor(full.length / 2)));
    assert.throws(() => JSON.parse(r.text), SyntaxError);
  });

  it('per-job faults hit only that job, and wait for it', async () => {
    sim.injectFault({ kind: 'status', status: 500, jobId: DEALS_INSERT_LIVE_ID });
    assert.equal((await get(sim.url, SEED_PATH, sim.token)).status, 200);
    assert.equal((await get(sim.url, `/crm/bulk/v2/write/${SEED_JOB_ID}`, sim.token)).text, CAPTURED.success.body);
    assert.equal((await get(sim.url, `/crm/bulk/v8/write/${DEALS_INSERT_LIVE_ID}`, sim.token)).status, 500);
    assert.equal((await get(sim.url, `/crm/bulk/v8/write/${DEALS_INSERT_LIVE_ID}`, sim.token)).status, 200);
  });

  it('times counts down; Infinity lasts until clearFaults()', async () => {
    sim.injectFault({ kind: 'status', status: 503, times: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await get(sim.url, SEED_PATH, sim.token)).status);
    assert.deepEqual(codes, [503, 503, 200]);
    sim.injectFault({ kind: 'status', status: 429, times: Infinity });
    for (let i = 0; i < 5; i++) assert.equal((await get(sim.url, SEED_PATH, sim.token)).status, 429);
    sim.clearFaults();
    assert.equal((await get(sim.url, SEED_PATH, sim.token)).status, 200);
  });

  it('a latency fault stacks with another fault on the same request', async () => {
    sim.injectFault({ kind: 'latency', ms: 150 });
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 1 });
    const r = await get(sim.url, SEED_PATH, sim.token);
    assert.equal(r.status, 429);
    assert.ok(r.ms >= 140);
  });

  it('rejects malformed faults', () => {
    assert.throws(() => sim.injectFault({ kind: 'nope' } as never), /fault.kind/);
    assert.throws(() => sim.injectFault({ kind: 'status', status: 42 }), /HTTP status/);
    assert.throws(() => sim.injectFault({ kind: 'latency', ms: 5, times: 0 }), /times/);
  });
});

describe('simulator: latencyMs option and close()', () => {
  it('latencyMs delays every API response, not the control API', async () => {
    const sim = await startSimulator({ latencyMs: 150, seed: false });
    try {
      const r = await get(sim.url, SEED_PATH, sim.token);
      assert.equal(r.status, 200);
      assert.ok(r.ms >= 140, `took ${r.ms} ms`);
      const c = await request(`${sim.url}/__sim/requests`);
      assert.ok(c.ms < 100, `control took ${c.ms} ms`);
    } finally {
      await sim.close();
    }
  });

  it('close() ends stalled requests at once instead of hanging', async () => {
    const sim = await startSimulator({ seed: false });
    sim.injectFault({ kind: 'stall' });
    const pending = get(sim.url, SEED_PATH, sim.token).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.close();
    assert.equal(await pending, 'failed');
    assert.ok(Date.now() - started < 500);
  });
});
