// The simulator against Zoho's captured seed responses, auth, version shapes, status spellings,
// read-job states and the bare int64 file_id, over real HTTP.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as losslessParse, type LosslessNumber } from 'lossless-json';
import { httpFetch } from '../../src/zoho/httpFetch';
import { writeJobBody } from '../sim/bodies';
import { CAPTURED, SEED_JOB_ID } from '../sim/capture';
import { JobStore, SimClock, type WriteJob } from '../sim/jobStore';
import { BIG_FILE_ID, BIG_FILE_ID_JOB_ID, CONTACTS_READ_ID } from '../sim/seedJobs';
import { startSimulator, type Simulator } from '../sim/server';
import { addSeedJobs } from '../sim/seedJobs';
import { auth, get, getJson, headerNames, request } from './helpers/simHttp';

const SEED_FILE = path.resolve(__dirname, '../../../shared/reference/000_003e1b61401b7f1c.txt');
const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
const capturedNames = (c: { headers: [string, string][] }): string[] => c.headers.map(([k]) => k);

describe('simulator: captured seed responses', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('the capture fixture is the seed file byte for byte (sha256 pinned, and cross-checked against the shared seed file)', () => {
    assert.equal(sha(CAPTURED.success.body), 'fe9b2f6242ebfa0da90c01a56f90b717d12c897a8bb8c06498f68b18a7576a36');
    assert.equal(sha(CAPTURED.resourceNotFound.body), '13a9b2244a32fa8888a1ded2b4dc6d1950c692b0fd7c5624397d6017df1c418e');
    // CI checks out ../shared beside the project: a missing seed file is a failure, not a skip
    assert.ok(fs.existsSync(SEED_FILE), `the seed file ${SEED_FILE} is missing: the capture cannot be checked against it`);
    const text = fs.readFileSync(SEED_FILE, 'utf8');
    const fixture = fs.readFileSync(path.resolve(__dirname, '../sim/capture/job-details.postman.json'), 'utf8');
    assert.ok(text.endsWith(fixture), 'fixture must be the verbatim tail of the seed page');
  });

  it('200: the seed body byte for byte, gzip + chunked, the captured headers in order', async () => {
    const r = await get(sim.url, `/crm/bulk/v2/write/${SEED_JOB_ID}`, sim.token);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.equal(r.headers['content-length'], undefined);
    assert.equal(r.raw[0], 0x1f); // gzip magic on the wire
    assert.equal(r.text, CAPTURED.success.body);
    assert.deepEqual(headerNames(r), capturedNames(CAPTURED.success));
    assert.equal(r.headers.server, 'ZGS');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers.vary, 'accept-encoding');
    assert.equal(r.headers['strict-transport-security'], 'max-age=63072000');
    assert.match(String(r.headers['x-accesstoken-reset']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
    assert.ok(Math.abs(Date.parse(String(r.headers.date)) - Date.now()) < 5000, 'Date is now');
  });

  it('our httpFetch and node\'s fetch (gzip negotiated by the client) both get the exact seed body', async () => {
    const url = `${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`;
    const viaNodeFetch = await httpFetch(url, { method: 'GET', headers: { ...auth(sim.token), 'Accept-Encoding': 'gzip' }, redirect: 'manual', signal: new AbortController().signal, compress: true });
    assert.equal(viaNodeFetch.headers.get('content-encoding'), 'gzip');
    assert.equal(await viaNodeFetch.text(), CAPTURED.success.body);
    const viaFetch = await fetch(url, { headers: auth(sim.token) });
    assert.equal(viaFetch.status, 200);
    assert.equal(await viaFetch.text(), CAPTURED.success.body);
  });

  it('200 without Accept-Encoding: same bytes, not compressed, still chunked', async () => {
    const r = await request(`${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`, { headers: auth(sim.token) });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.equal(r.raw.toString('utf8'), CAPTURED.success.body);
  });

  it('404 INVALID_URL_PATTERN for /writ/ (any unknown path), exact body and headers, before auth', async () => {
    for (const p of [`/crm/bulk/v2/writ/${SEED_JOB_ID}`, '/crm/bulk/v9/write/1', '/nope']) {
      const r = await request(sim.url + p);
      assert.equal(r.status, 404, p);
      assert.equal(r.text, CAPTURED.invalidUrlPattern.body);
      assert.deepEqual(headerNames(r), capturedNames(CAPTURED.invalidUrlPattern));
      assert.equal(r.headers['content-length'], String(Buffer.byteLength(CAPTURED.invalidUrlPattern.body)));
      assert.equal(r.headers['x-frame-options'], 'deny');
    }
  });

  it('400 INVALID_REQUEST_METHOD for COPY (or POST) on a job path, exact, before auth', async () => {
    for (const method of ['COPY', 'POST', 'DELETE']) {
      const r = await request(`${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`, { method });
      assert.equal(r.status, 400, method);
      assert.equal(r.text, CAPTURED.invalidRequestMethod.body);
      assert.deepEqual(headerNames(r), capturedNames(CAPTURED.invalidRequestMethod));
    }
  });

  it('401 AUTHENTICATION_FAILURE without Authorization (or with Bearer), exact', async () => {
    const bare = await request(`${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`);
    const bearer = await request(`${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`, { headers: { Authorization: `Bearer ${sim.token}` } });
    for (const r of [bare, bearer]) {
      assert.equal(r.status, 401);
      assert.equal(r.text, CAPTURED.authenticationFailure.body);
      assert.deepEqual(headerNames(r), capturedNames(CAPTURED.authenticationFailure));
    }
  });

  it('401 INVALID_TOKEN with a wrong Zoho-oauthtoken; auth comes before the job lookup', async () => {
    const r = await request(`${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`, { headers: auth('wrong') });
    assert.equal(r.status, 401);
    assert.equal(r.text, '{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}');
    const unknown = await request(`${sim.url}/crm/bulk/v2/write/415086800000539200`, { headers: auth('wrong') });
    assert.equal(unknown.status, 401);
  });

  it('400 RESOURCE_NOT_FOUND for an unknown write job: exact body, gzip + chunked; 404 for an unknown read job', async () => {
    const r = await get(sim.url, '/crm/bulk/v2/write/415086800000539200', sim.token);
    assert.equal(r.status, 400);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.equal(r.text, CAPTURED.resourceNotFound.body);
    assert.deepEqual(headerNames(r), capturedNames(CAPTURED.resourceNotFound));
    const read = await get(sim.url, '/crm/bulk/v8/read/415086800000539200', sim.token);
    assert.equal(read.status, 404);
    assert.equal(read.text, CAPTURED.resourceNotFound.body);
    // a write id asked for as a read job is unknown there too
    assert.equal((await get(sim.url, `/crm/bulk/v8/read/${SEED_JOB_ID}`, sim.token)).status, 404);
  });
});

describe('simulator: versions, spellings, read states, int64', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ timeScale: 0 }); // frozen clock: only advance() moves it
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('v2 serialisation of the untouched seed job equals the capture structurally', () => {
    const store = new JobStore(new SimClock());
    addSeedJobs(store, false);
    const job = { ...(store.get(SEED_JOB_ID) as WriteJob), exactCapture: false };
    const text = writeJobBody(job, store.state(job), 'v2', sim.url);
    assert.notEqual(text, CAPTURED.success.body);
    assert.deepEqual(JSON.parse(text), JSON.parse(CAPTURED.success.body));
  });

  it('seed job in v2.1…v8: same job, module as {api_name, id}, still INPROGRESS', async () => {
    const v2 = JSON.parse(CAPTURED.success.body);
    for (const v of ['v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']) {
      const { status, json } = await getJson<typeof v2>(sim.url, `/crm/bulk/${v}/write/${SEED_JOB_ID}`, sim.token);
      assert.equal(status, 200);
      assert.equal(json.status, 'INPROGRESS');
      assert.deepEqual(json.resource[0].module, { api_name: 'Leads', id: '4150868000000002175' });
      assert.deepEqual({ ...json, resource: [{ ...json.resource[0], module: 'Leads' }] }, v2, v);
    }
  });

  it('setStatus on the seed job: serialised normally (v2 keeps the string module), COMPLETED carries an absolute download_url', async () => {
    sim.setStatus(SEED_JOB_ID, 'COMPLETED');
    const r = await get(sim.url, `/crm/bulk/v2/write/${SEED_JOB_ID}`, sim.token);
    assert.notEqual(r.text, CAPTURED.success.body);
    const json = JSON.parse(r.text);
    assert.equal(json.status, 'COMPLETED');
    assert.equal(json.resource[0].module, 'Leads');
    assert.equal(json.resource[0].file.total_count, 2500);
    assert.equal(json.result.download_url, `${sim.url}/v2/crm/org4150868/bulk-write/${SEED_JOB_ID}/${SEED_JOB_ID}.zip`);
  });

  it('both in-progress spellings, and raw strings passed through', async () => {
    const schedule = { inProgressAfterMs: 0, doneAfterMs: 3600_000 };
    const spaced = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 100, schedule });
    const joined = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 100, schedule, inProgressSpelling: 'INPROGRESS' });
    assert.equal((await getJson(sim.url, `/crm/bulk/v8/write/${spaced}`, sim.token)).json.status, 'IN PROGRESS');
    assert.equal((await getJson(sim.url, `/crm/bulk/v8/write/${joined}`, sim.token)).json.status, 'INPROGRESS');
    for (const raw of ['WEIRD', 'QUEUED', 'FAILURE', 'IN PROGRESS']) {
      sim.setStatus(joined, raw);
      assert.equal((await getJson(sim.url, `/crm/bulk/v8/write/${joined}`, sim.token)).json.status, raw);
    }
    assert.throws(() => sim.setStatus('1234', 'COMPLETED'), /no such job/);
  });

  it('read jobs: {data:[…]}, QUEUED, COMPLETED result, FAILURE error_message, v2 module string', async () => {
    const id = sim.addReadJob({ module: 'Leads', count: 127, schedule: { inProgressAfterMs: 1000, doneAfterMs: 2000, queuedFirst: true } });
    const state = async (v = 'v8'): Promise<Record<string, unknown>> =>
      ((await getJson<{ data: Record<string, unknown>[] }>(sim.url, `/crm/bulk/${v}/read/${id}`, sim.token)).json.data[0]);
    assert.equal((await state()).state, 'ADDED');
    sim.advance(600);
    assert.equal((await state()).state, 'QUEUED');
    sim.advance(400);
    const running = await state();
    assert.equal(running.state, 'IN PROGRESS');
    assert.equal(running.result, undefined);
    sim.advance(1000);
    const done = await state();
    assert.equal(done.state, 'COMPLETED');
    assert.deepEqual(done.result, { page: 1, per_page: 200000, count: 127, download_url: `/crm/bulk/v8/read/${id}/result`, more_records: false });
    assert.equal((done.query as { module: unknown }).module && typeof (done.query as { module: unknown }).module, 'object');
    assert.equal(((await state('v2')).query as { module: unknown }).module, 'Leads');
    sim.setStatus(id, 'FAILURE');
    const failed = await state();
    assert.equal(failed.state, 'FAILURE');
    assert.deepEqual(failed.result, {
      error_message: { status: 'error', code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error occurred.', details: {} },
    });
    assert.equal((await getJson<{ data: { state: string }[] }>(sim.url, `/crm/bulk/v8/read/${CONTACTS_READ_ID}`, sim.token)).json.data[0].state, 'ADDED');
  });

  it('bare int64 file_id: unquoted in the raw text, exact with lossless parsing, rounded by JSON.parse', async () => {
    const r = await get(sim.url, `/crm/bulk/v8/write/${BIG_FILE_ID_JOB_ID}`, sim.token);
    assert.ok(r.text.includes(`"file_id":${BIG_FILE_ID},`), r.text);
    assert.ok(BigInt(BIG_FILE_ID) > BigInt(Number.MAX_SAFE_INTEGER));
    assert.notEqual(String(JSON.parse(r.text).resource[0].file_id), BIG_FILE_ID);
    const lossless = losslessParse(r.text) as { resource: { file_id: LosslessNumber }[] };
    assert.equal(lossless.resource[0].file_id.toString(), BIG_FILE_ID);
  });
});
