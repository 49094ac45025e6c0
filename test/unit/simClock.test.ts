// The simulator's clock (advance, timeScale) moving scheduled jobs through their states, the
// seeded live jobs, reset(), the request log, unknown routes and the /__sim control API.
import * as assert from 'node:assert/strict';
import { CAPTURED, SEED_JOB_ID } from '../sim/capture';
import {
  CONTACTS_READ_ID, DEALS_INSERT_LIVE_ID, PRODUCTS_UPSERT_LIVE_ID, SEEDED_READ_JOB_IDS, SEEDED_WRITE_JOB_IDS,
} from '../sim/seedJobs';
import { startSimulator, type Simulator } from '../sim/server';
import { control, get, getJson, request } from './helpers/simHttp';

interface WriteBody {
  status: string;
  resource: { status: string; code: string; file: Record<string, unknown> }[];
  result?: { download_url: string };
}

describe('simulator: clock and schedules', () => {
  let sim: Simulator;
  const write = async (id: string): Promise<WriteBody> => (await getJson<WriteBody>(sim.url, `/crm/bulk/v8/write/${id}`, sim.token)).json;
  const readState = async (id: string): Promise<string> =>
    (await getJson<{ data: { state: string }[] }>(sim.url, `/crm/bulk/v8/read/${id}`, sim.token)).json.data[0].state;

  before(async () => {
    sim = await startSimulator({ timeScale: 0 }); // frozen: only advance() moves the clock
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('advance() moves a write job ADDED → IN PROGRESS (counts growing) → COMPLETED (final counts, result)', async () => {
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 1000, skipped: 40, schedule: { inProgressAfterMs: 1000, doneAfterMs: 5000 } });
    assert.match(id, /^\d{19}$/);
    const added = await write(id);
    assert.equal(added.status, 'ADDED');
    assert.deepEqual(added.resource[0].file, { status: 'IN PROGRESS' });
    assert.equal(added.result, undefined);
    sim.advance(1000);
    const start = await write(id);
    assert.equal(start.status, 'IN PROGRESS');
    assert.equal(start.resource[0].file.added_count, 0);
    sim.advance(2000);
    const half = await write(id);
    assert.deepEqual(
      [half.resource[0].file.added_count, half.resource[0].file.skipped_count, half.resource[0].file.total_count],
      [480, 20, 500],
    );
    assert.equal(half.result, undefined);
    sim.advance(2000);
    const done = await write(id);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.resource[0].code, 'SUCCESS');
    assert.deepEqual(done.resource[0].file, {
      status: 'COMPLETED', name: 'Leads.csv', added_count: 960, skipped_count: 40, updated_count: 0, total_count: 1000,
    });
    assert.equal(done.result?.download_url, `${sim.url}/v8/crm/org4150868/bulk-write/${id}/${id}.zip`);
  });

  it('a FAILED outcome: FAILED, counts frozen, no result', async () => {
    const id = sim.addWriteJob({ module: 'Accounts', operation: 'update', total: 300, updated: 120, skipped: 30, schedule: { inProgressAfterMs: 0, doneAfterMs: 100, outcome: 'FAILED' } });
    sim.advance(100);
    const body = await write(id);
    assert.equal(body.status, 'FAILED');
    assert.equal(body.resource[0].status, 'FAILED');
    assert.equal(body.resource[0].file.updated_count, 120);
    assert.equal(body.result, undefined);
  });

  it('timeScale speeds the clock up: 60 simulated s pass in ~60 real ms at ×1000', async () => {
    const fast = await startSimulator({ timeScale: 1000, seed: false });
    try {
      const id = fast.addWriteJob({ module: 'Deals', operation: 'insert', total: 10, schedule: { inProgressAfterMs: 10_000, doneAfterMs: 60_000 } });
      const status = async (): Promise<string> => (await getJson<WriteBody>(fast.url, `/crm/bulk/v8/write/${id}`, fast.token)).json.status;
      assert.equal(await status(), 'ADDED');
      await new Promise((r) => setTimeout(r, 90));
      assert.equal(await status(), 'COMPLETED');
    } finally {
      await fast.close();
    }
  });

  it('seeded live jobs change within a minute: Deals at 5 s / 45 s, Products (INPROGRESS) at 20 s, the read job at 30 s', async () => {
    assert.equal((await write(DEALS_INSERT_LIVE_ID)).status, 'ADDED');
    assert.equal((await write(PRODUCTS_UPSERT_LIVE_ID)).status, 'INPROGRESS');
    assert.equal(await readState(CONTACTS_READ_ID), 'ADDED');
    sim.advance(5000);
    assert.equal((await write(DEALS_INSERT_LIVE_ID)).status, 'IN PROGRESS');
    assert.equal(await readState(CONTACTS_READ_ID), 'QUEUED');
    sim.advance(15_000);
    assert.equal((await write(PRODUCTS_UPSERT_LIVE_ID)).status, 'COMPLETED');
    assert.equal(await readState(CONTACTS_READ_ID), 'IN PROGRESS');
    sim.advance(10_000);
    assert.equal(await readState(CONTACTS_READ_ID), 'COMPLETED');
    sim.advance(15_000);
    assert.equal((await write(DEALS_INSERT_LIVE_ID)).status, 'COMPLETED');
    assert.equal((await write(SEED_JOB_ID)).status, 'INPROGRESS', 'the seed job never moves on its own');
  });

  it('reset() restores the seeded state: clock, forced statuses, added jobs, faults, request log', async () => {
    const extra = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 1 });
    sim.setStatus(SEED_JOB_ID, 'COMPLETED');
    sim.advance(60_000);
    sim.injectFault({ kind: 'status', status: 500, times: Infinity });
    await get(sim.url, `/crm/bulk/v8/write/${extra}`, sim.token);
    const log = sim.requests;
    sim.reset();
    assert.equal(sim.requests.length, 0);
    assert.equal(log, sim.requests, 'the same array, emptied');
    assert.equal((await get(sim.url, `/crm/bulk/v2/write/${SEED_JOB_ID}`, sim.token)).text, CAPTURED.success.body);
    assert.equal((await get(sim.url, `/crm/bulk/v8/write/${extra}`, sim.token)).status, 400);
    assert.equal((await write(DEALS_INSERT_LIVE_ID)).status, 'ADDED');
  });

  it('records every API request (method, path, authorization, time) but not /__sim calls', async () => {
    const before = Date.now();
    await request(`${sim.url}/crm/bulk/v2/writ/1?x=1`, { method: 'COPY', headers: { Authorization: 'Zoho-oauthtoken abc' } });
    await get(sim.url, `/crm/bulk/v8/read/${CONTACTS_READ_ID}`, sim.token);
    await control(sim.url, '/__sim/advance', { ms: 1 });
    assert.equal(sim.requests.length, 2);
    assert.deepEqual({ ...sim.requests[0], at: 0 }, { method: 'COPY', path: '/crm/bulk/v2/writ/1?x=1', authorization: 'Zoho-oauthtoken abc', at: 0 });
    assert.equal(sim.requests[1].authorization, `Zoho-oauthtoken ${sim.token}`);
    assert.ok(sim.requests[0].at >= before && sim.requests[0].at <= Date.now());
  });

  it('download and OAuth routes exist now; unknown paths near them still answer 404 INVALID_URL_PATTERN', async () => {
    const oauth = await request(sim.url + '/oauth/v2/token', { method: 'POST' });
    assert.notEqual(oauth.status, 404, 'the token endpoint answers (with an OAuth error for a bare request)');
    for (const p of ['/oauth/v2/tokens', `/crm/bulk/v8/read/${CONTACTS_READ_ID}/results`, `/v8/crm/org4150868/bulk-writ/${SEED_JOB_ID}/${SEED_JOB_ID}.zip`]) {
      const r = await request(sim.url + p, { headers: { Authorization: `Zoho-oauthtoken ${sim.token}` } });
      assert.equal(r.status, 404, p);
      assert.equal(r.text, CAPTURED.invalidUrlPattern.body);
    }
  });
});

describe('simulator: /__sim control API over HTTP', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ token: 'ctl' });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('POST /__sim/jobs adds write and read jobs; GET /__sim/jobs lists every job with its status', async () => {
    const w = await control(sim.url, '/__sim/jobs', { kind: 'write', module: 'Products', operation: 'upsert', total: 50, inProgressSpelling: 'INPROGRESS', schedule: { inProgressAfterMs: 0, doneAfterMs: 1000 } });
    assert.equal(w.status, 201);
    const r = await control(sim.url, '/__sim/jobs', { kind: 'read', id: '4150868000005399999', module: 'Deals', count: 10 });
    assert.deepEqual(r, { status: 201, json: { id: '4150868000005399999' } });
    assert.equal((await getJson(sim.url, `/crm/bulk/v8/write/${w.json.id}`, 'ctl')).json.status, 'INPROGRESS');
    assert.equal((await getJson<{ data: { state: string }[] }>(sim.url, '/crm/bulk/v8/read/4150868000005399999', 'ctl')).json.data[0].state, 'ADDED');
    const list = (await control(sim.url, '/__sim/jobs', undefined, 'GET')).json.jobs as { id: string; status: string }[];
    assert.deepEqual(
      list.map((j) => j.id),
      [...SEEDED_WRITE_JOB_IDS, ...SEEDED_READ_JOB_IDS, w.json.id, '4150868000005399999'],
    );
    assert.equal((await control(sim.url, '/__sim/jobs', { kind: 'other' })).status, 400);
    assert.equal((await control(sim.url, '/__sim/jobs', { kind: 'write', module: 'Leads', operation: 'delete', total: 1 })).status, 400);
  });

  it('POST /__sim/status, /advance, /fault (times "Infinity"), /clear-faults, /reset; GET /__sim/requests', async () => {
    assert.equal((await control(sim.url, '/__sim/status', { id: SEED_JOB_ID, status: 'WEIRD' })).status, 200);
    assert.equal((await getJson(sim.url, `/crm/bulk/v8/write/${SEED_JOB_ID}`, 'ctl')).json.status, 'WEIRD');
    assert.equal((await control(sim.url, '/__sim/status', { id: '1', status: 'COMPLETED' })).status, 404);

    assert.equal((await control(sim.url, '/__sim/advance', { ms: 45_000 })).status, 200);
    assert.equal((await getJson(sim.url, `/crm/bulk/v8/write/${DEALS_INSERT_LIVE_ID}`, 'ctl')).json.status, 'COMPLETED');
    assert.equal((await control(sim.url, '/__sim/advance', { ms: -1 })).status, 400);

    assert.equal((await control(sim.url, '/__sim/fault', { kind: 'status', status: 429, retryAfter: 3, times: 'Infinity' })).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await get(sim.url, `/crm/bulk/v8/write/${SEED_JOB_ID}`, 'ctl')).status, 429);
    assert.equal((await control(sim.url, '/__sim/clear-faults')).status, 200);
    assert.equal((await get(sim.url, `/crm/bulk/v8/write/${SEED_JOB_ID}`, 'ctl')).status, 200);
    assert.equal((await control(sim.url, '/__sim/fault', { kind: 'bogus' })).status, 400);

    const log = (await control(sim.url, '/__sim/requests', undefined, 'GET')).json.requests as { path: string }[];
    assert.equal(log.length, 6);
    assert.ok(log.every((x) => !x.path.startsWith('/__sim')));

    assert.equal((await control(sim.url, '/__sim/reset')).status, 200);
    assert.equal((await get(sim.url, `/crm/bulk/v2/write/${SEED_JOB_ID}`, 'ctl')).text, CAPTURED.success.body);
    assert.equal(((await control(sim.url, '/__sim/requests', undefined, 'GET')).json.requests as unknown[]).length, 1);
  });

  it('unknown control endpoints and bad JSON are 404 / 400, never an API answer', async () => {
    assert.equal((await control(sim.url, '/__sim/nope')).status, 404);
    const bad = await request(`${sim.url}/__sim/status`, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
  });
});
