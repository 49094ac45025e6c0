// ZohoClient over real loopback HTTP against the Zoho simulator: the seed's five responses,
// v2 vs v8 shapes, exact ids, headers, the host check, tokens and 401 handling.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { httpFetch } from '../../src/zoho/httpFetch';
import { startSimulator, type Simulator } from '../sim/server';
import { CAPTURED, SEED_LEADS_MODULE_ID } from '../sim/capture';
import { BIG_FILE_ID, BIG_FILE_ID_JOB_ID, CONTACTS_READ_ID, SEED_JOB_ID } from '../sim/seedJobs';
import { ZohoClient, ZohoError, ZohoHttp, errorFromResponse, prettyJson, type FetchLike, type TokenProvider, type ZohoClientOptions } from '../../src/zoho';

const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const UA = 'zoho-bulk-jobs-vscode/0.1.0';

describe('zoho/client over the simulator', () => {
  let sim: Simulator;
  let logs: string[];
  before(async () => {
    sim = await startSimulator({ token: TOKEN });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    logs = [];
  });
  afterEach(() => {
    for (const line of logs) assert.ok(!line.includes(TOKEN), `token in log: ${line}`);
  });

  const tokens = (token: string | undefined = TOKEN): TokenProvider => ({ getAccessToken: async () => token });
  const client = (o: Partial<ZohoClientOptions> = {}) =>
    new ZohoClient({ apiBase: sim.url, tokens: tokens(), userAgent: UA, retry: { baseDelayMs: 10 }, log: (l, m) => logs.push(`${l} ${m}`), ...o });
  const rejects = async (p: Promise<unknown>, check: (e: ZohoError) => void) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ZohoError, String(e));
      assert.ok(!e.message.includes(TOKEN) && !String(e.zohoMessage).includes(TOKEN));
      check(e);
      return true;
    });
  };

  it('seed SUCCESS RESPONSE (v2, gzip + chunked): typed job, exact ids, raw JSON, token reset', async () => {
    const res = await client({ version: 'v2' }).getWriteJob(SEED_JOB_ID);
    assert.equal(res.job.id, SEED_JOB_ID);
    assert.deepEqual(res.job.status, { status: 'in-progress', raw: 'INPROGRESS' });
    assert.equal(res.job.resources[0].module, 'Leads');
    assert.equal(res.job.resources[0].moduleId, undefined);
    assert.equal(res.job.resources[0].fieldMappings.length, 5);
    assert.deepEqual(res.job.createdBy, { id: '4150868000000225013', name: 'Patricia Boyle' });
    assert.equal(res.rawJson, CAPTURED.success.body, 'the body exactly as received');
    assert.match(prettyJson(res.rawJson), /\n {2}"status": "INPROGRESS",\n/);
    assert.deepEqual(res.raw, JSON.parse(CAPTURED.success.body));
    assert.match(res.accessTokenReset ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.requests[0].path, `/crm/bulk/v2/write/${SEED_JOB_ID}`);
  });

  it('v8 shape: module {api_name,id}; the seed job defaults to /crm/bulk/v8', async () => {
    const { job } = await client().getWriteJob(SEED_JOB_ID);
    assert.equal(job.resources[0].module, 'Leads');
    assert.equal(job.resources[0].moduleId, SEED_LEADS_MODULE_ID);
    assert.equal(sim.requests[0].path, `/crm/bulk/v8/write/${SEED_JOB_ID}`);
    for (const version of ['v2.1', 'v3', 'v7']) {
      const r = await client({ version }).getJob('write', SEED_JOB_ID);
      assert.equal((r.job as { resources: { moduleId?: string }[] }).resources[0].moduleId, SEED_LEADS_MODULE_ID, version);
    }
    assert.throws(() => client({ version: 'v9' }), /Unsupported Zoho bulk API version/);
    assert.throws(() => client({ version: '../v8' }), /Unsupported/);
  });

  it('seed RESOURCE_NOT_FOUND (400): plain words, no retry', async () => {
    await rejects(client({ version: 'v2' }).getWriteJob('415086800000539200'), (e) => {
      assert.equal(e.code, 'RESOURCE_NOT_FOUND');
      assert.equal(e.httpStatus, 400);
      assert.equal(e.message, 'Zoho has no bulk write job 415086800000539200 in this organisation and data centre (RESOURCE_NOT_FOUND).');
    });
    assert.equal(sim.requests.length, 1);
    await rejects(client().getReadJob('415086800000539200'), (e) => {
      assert.equal(e.code, 'RESOURCE_NOT_FOUND');
      assert.equal(e.httpStatus, 404);
      assert.match(e.message, /no bulk read job 415086800000539200/);
    });
  });

  it('seed INVALID_URL_PATTERN (404) through the http layer, no retry', async () => {
    const h = new ZohoHttp({ apiBase: sim.url, tokens: tokens(), userAgent: UA, retry: { baseDelayMs: 10 } });
    await rejects(h.getJson(`/crm/bulk/v2/writ/${SEED_JOB_ID}`, { kind: 'write', jobId: SEED_JOB_ID }), (e) => {
      assert.equal(e.code, 'INVALID_URL_PATTERN');
      assert.equal(e.httpStatus, 404);
      assert.equal(e.zohoMessage, 'Please check if the URL trying to access is a correct one');
    });
    assert.equal(sim.requests.length, 1);
  });

  it('seed INVALID_REQUEST_METHOD and AUTHENTICATION_FAILURE: the simulator’s answers map to the right errors', async () => {
    const raw = (method: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.request(`${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`, { method, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const asHeaders = (h: http.IncomingHttpHeaders) => ({ get: (n: string) => (h[n.toLowerCase()] as string | undefined) ?? null });
    const copy = await raw('COPY', { Authorization: `Zoho-oauthtoken ${TOKEN}` });
    const m = errorFromResponse(copy.status, asHeaders(copy.headers), copy.body, { kind: 'write', jobId: SEED_JOB_ID });
    assert.equal(m.code, 'INVALID_REQUEST_METHOD');
    assert.equal(m.httpStatus, 400);
    assert.equal(m.retryable, false);
    const noAuth = await raw('GET', {});
    const a = errorFromResponse(noAuth.status, asHeaders(noAuth.headers), noAuth.body, { kind: 'write' });
    assert.equal(a.code, 'AUTHENTICATION_FAILURE');
    assert.equal(a.isAuthRejection, true);
    assert.match(a.message, /could not authenticate the request \(AUTHENTICATION_FAILURE\)\./);
  });

  it('sends Authorization, User-Agent, Accept and Accept-Encoding', async () => {
    const seen: Record<string, string>[] = [];
    const spy: FetchLike = (url, init) => {
      seen.push(init.headers);
      assert.equal(init.redirect, 'manual');
      return httpFetch(url, init);
    };
    await client({ fetch: spy }).getWriteJob(SEED_JOB_ID);
    assert.equal(sim.requests[0].authorization, `Zoho-oauthtoken ${TOKEN}`);
    assert.deepEqual(seen, [{ Authorization: `Zoho-oauthtoken ${TOKEN}`, 'User-Agent': UA, Accept: 'application/json', 'Accept-Encoding': 'gzip' }]);
  });

  it('known answer: the same bytes reuse its parsed job (raw parsed only on demand); other bytes, ids or kinds are parsed', async () => {
    const c = client();
    const first = await c.getWriteJob(BIG_FILE_ID_JOB_ID);
    const same = await c.getJob('write', BIG_FILE_ID_JOB_ID, undefined, first);
    assert.strictEqual(same.job, first.job, 'not parsed again');
    assert.equal(same.rawJson, first.rawJson);
    assert.deepEqual(same.raw, first.raw, 'raw, parsed when asked for, still exact');
    assert.equal((same.raw as { resource: { file_id: unknown }[] }).resource[0].file_id, BIG_FILE_ID);
    const otherId = await c.getJob('write', SEED_JOB_ID, undefined, first);
    assert.equal(otherId.job.id, SEED_JOB_ID, 'a known answer for another job is ignored');
    const wrongKind = await c.getJob('read', CONTACTS_READ_ID, undefined, first);
    assert.equal(wrongKind.job.kind, 'read');
    sim.setStatus(BIG_FILE_ID_JOB_ID, 'FAILED');
    const moved = await c.getJob('write', BIG_FILE_ID_JOB_ID, undefined, first);
    assert.notStrictEqual(moved.job, first.job);
    assert.equal(moved.job.status.status, 'failed');
  });

  it('keeps the bare int64 file_id exact (typed, raw and rawJson)', async () => {
    const res = await client().getWriteJob(BIG_FILE_ID_JOB_ID);
    assert.equal(res.job.resources[0].fileId, BIG_FILE_ID);
    assert.equal((res.raw as { resource: { file_id: unknown }[] }).resource[0].file_id, BIG_FILE_ID);
    assert.ok(res.rawJson.includes(`"file_id":${BIG_FILE_ID},`), 'rawJson: the bare number as received');
    assert.match(prettyJson(res.rawJson), new RegExp(`"file_id": ${BIG_FILE_ID},?\\n`));
    assert.deepEqual(res.job.status, { status: 'completed', raw: 'COMPLETED' });
    assert.ok(res.job.resources[0].file?.totalCount);
    assert.match(res.job.downloadUrl ?? '', new RegExp(`/bulk-write/${BIG_FILE_ID_JOB_ID}/`));
  });

  it('both in-progress spellings, FAILURE, QUEUED and unknown statuses', async () => {
    const c = client();
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10 });
    for (const [raw, status] of [['IN PROGRESS', 'in-progress'], ['INPROGRESS', 'in-progress'], ['FAILED', 'failed'], ['WEIRD', 'unknown']]) {
      sim.setStatus(id, raw);
      assert.deepEqual((await c.getWriteJob(id)).job.status, { status, raw });
    }
    const rid = sim.addReadJob({ module: 'Deals', count: 5 });
    for (const [raw, status] of [['QUEUED', 'queued'], ['IN PROGRESS', 'in-progress'], ['FAILURE', 'failed']]) {
      sim.setStatus(rid, raw);
      assert.deepEqual((await c.getReadJob(rid)).job.status, { status, raw });
    }
  });

  it('bulk read job: {data:[…]} shape, relative download_url once COMPLETED', async () => {
    sim.advance(60_000);
    const { job } = await client().getReadJob(CONTACTS_READ_ID);
    assert.equal(job.kind, 'read');
    assert.equal(job.module, 'Contacts');
    assert.deepEqual(job.status, { status: 'completed', raw: 'COMPLETED' });
    assert.equal(job.result?.downloadUrl, `/crm/bulk/v8/read/${CONTACTS_READ_ID}/result`);
    assert.equal(job.result?.count, 8764);
    assert.equal(job.result?.moreRecords, false);
  });

  it('a refused apiBase sends nothing and never asks for the token', async () => {
    let asked = 0;
    const counting: TokenProvider = { getAccessToken: async () => (asked++, TOKEN) };
    const bases = [`${sim.url}/crm`, 'https://www.zohoapis.com.evil.io', 'http://www.zohoapis.com', `http://u:p@127.0.0.1:${sim.port}`, `${sim.url}/?x=1`, 'ftp://127.0.0.1'];
    for (const apiBase of bases) {
      await rejects(client({ apiBase, tokens: counting }).getWriteJob(SEED_JOB_ID), (e) => assert.equal(e.code, 'UNTRUSTED_HOST'));
    }
    await rejects(client({ apiBase: () => 'https://evil.io' }).getReadJob('1'), (e) => assert.match(e.message, /"evil.io" is not a Zoho API host.*\(UNTRUSTED_HOST\)/));
    const h = new ZohoHttp({ apiBase: sim.url, tokens: counting, userAgent: UA });
    await rejects(h.getJson('https://evil.io/steal', { kind: 'write' }), (e) => assert.equal(e.code, 'UNTRUSTED_HOST'));
    await rejects(h.getJson('//evil.io/steal', { kind: 'write' }), (e) => assert.equal(e.code, 'UNTRUSTED_HOST'));
    assert.equal(asked, 0);
    assert.equal(sim.requests.length, 0);
  });

  it('apiBase as a function is read per request', async () => {
    let base = 'https://evil.io';
    const c = client({ apiBase: () => base });
    await assert.rejects(c.getWriteJob(SEED_JOB_ID), /UNTRUSTED_HOST/);
    base = sim.url;
    assert.equal((await c.getWriteJob(SEED_JOB_ID)).job.id, SEED_JOB_ID);
  });

  it('no token → NO_TOKEN; invalid job ids → INVALID_JOB_ID; nothing sent', async () => {
    await rejects(client({ tokens: { getAccessToken: async () => undefined } }).getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'NO_TOKEN');
      assert.match(e.message, /^Sign in to Zoho first/);
    });
    await rejects(client({ tokens: tokens(`${TOKEN}\r\nX-Evil: 1`) }).getWriteJob(SEED_JOB_ID), (e) => assert.equal(e.code, 'NO_TOKEN'));
    await rejects(client({ tokens: tokens('  ') }).getWriteJob(SEED_JOB_ID), (e) => assert.equal(e.code, 'NO_TOKEN'));
    for (const id of ['', 'abc', '12 34', '../write/1', '1'.repeat(26), '-1', '1e5']) {
      await rejects(client().getJob('write', id), (e) => assert.equal(e.code, 'INVALID_JOB_ID'));
    }
    assert.equal(sim.requests.length, 0);
  });

  it('401 INVALID_TOKEN → onUnauthorized → exactly one retry with the new token', async () => {
    let current = 'stale-token';
    const rejected: string[] = [];
    const provider: TokenProvider = {
      getAccessToken: async () => current,
      onUnauthorized: async (t) => {
        rejected.push(t);
        current = TOKEN;
        return true;
      },
    };
    const res = await client({ tokens: provider }).getWriteJob(SEED_JOB_ID);
    assert.equal(res.job.id, SEED_JOB_ID);
    assert.deepEqual(rejected, ['stale-token']);
    assert.deepEqual(sim.requests.map((r) => r.authorization), ['Zoho-oauthtoken stale-token', `Zoho-oauthtoken ${TOKEN}`]);
  });

  it('the retry with the renewed token refused too → onRejectedAfterRefresh once with that token, INVALID_TOKEN', async () => {
    let current = 'stale-token';
    const told: string[] = [];
    const provider: TokenProvider = {
      getAccessToken: async () => current,
      onUnauthorized: async () => ((current = 'renewed-but-refused'), true),
      onRejectedAfterRefresh: (t) => told.push(t),
    };
    await rejects(client({ tokens: provider }).getWriteJob(SEED_JOB_ID), (e) => assert.equal(e.code, 'INVALID_TOKEN'));
    assert.deepEqual(told, ['renewed-but-refused']);
    assert.equal(sim.requests.length, 2);
  });

  it('401 twice, or onUnauthorized false/absent → INVALID_TOKEN, no loop', async () => {
    let calls = 0;
    const stubborn: TokenProvider = { getAccessToken: async () => 'wrong', onUnauthorized: async () => (calls++, true) };
    await rejects(client({ tokens: stubborn }).getWriteJob(SEED_JOB_ID), (e) => assert.equal(e.code, 'INVALID_TOKEN'));
    assert.equal(calls, 1);
    assert.equal(sim.requests.length, 2);
    sim.reset();
    const refusing: TokenProvider = { getAccessToken: async () => 'wrong', onUnauthorized: async () => false };
    await rejects(client({ tokens: refusing }).getWriteJob(SEED_JOB_ID), (e) => {
      assert.equal(e.code, 'INVALID_TOKEN');
      assert.equal(e.httpStatus, 401);
    });
    await rejects(client({ tokens: tokens('wrong') }).getWriteJob(SEED_JOB_ID), (e) => assert.equal(e.code, 'INVALID_TOKEN'));
    assert.equal(sim.requests.length, 2);
  });
});
