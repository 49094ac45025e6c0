// Creating jobs with the real ZohoClient against the simulator over loopback: org and metadata,
// a streamed upload, a bulk write job polled to completion whose result reflects the CSV, a bulk
// read job with more_records, and the rule that uploads and creations are never sent twice once
// they may have reached Zoho.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { unzipSync } from 'fflate';
import { startSimulator, type Simulator } from '../sim/server';
import { ZohoClient, ZohoError, type ZohoClientOptions } from '../../src/zoho';
import { control, get } from './helpers/simHttp';
import { zipOf } from './helpers/testZip';

const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const LEADS_CSV = [
  'Last_Name,Company,Email,Phone',
  'Boyle,Acme Ltd,patricia@example.com,+1 555 0100',
  ',Globex,amelia@example.com,+1 555 0101', // mandatory Last_Name empty
  'Chen,Initech,not-an-email,+1 555 0102', // malformed e-mail
  'Okafor,"Vandelay Imports, Inc.",patricia@example.com,+1 555 0103', // Email (unique) repeated
  '"Lindqvist","Hooli","astrid@example.com","+1 555 0104"',
  'García,Umbrella Corp,lucia@example.com,',
].join('\r\n');
const MAPPING = [
  { apiName: 'Last_Name', index: 0 },
  { apiName: 'Company', index: 1 },
  { apiName: 'Email', index: 2 },
  { apiName: 'Phone', index: 3 },
];


describe('zoho: creating jobs over the simulator', () => {
  let sim: Simulator;
  let logs: string[];
  before(async () => {
    sim = await startSimulator({ token: TOKEN, timeScale: 0, seed: false, readPerPage: 1000, readRecordCounts: { Contacts: 2500 } });
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
    new ZohoClient({ apiBase: sim.url, tokens: { getAccessToken: async () => TOKEN }, userAgent: 'test', retry: { baseDelayMs: 5 }, log: (l, m) => logs.push(`${l} ${m}`), ...o });
  const posts = (path: string) => sim.requests.filter((r) => r.method === 'POST' && r.path === path);

  it('org: id, zgid, name, edition', async () => {
    const org = await client().getOrg();
    assert.equal(org.zgid, sim.zgid);
    assert.match(org.id, /^\d+$/);
    assert.equal(org.companyName, 'Zylker Simulated');
    assert.equal(org.edition, 'enterprise');
  });

  it('modules: the bulk-write capable ones; fields: mandatory, unique, read-only', async () => {
    const c = client();
    const modules = await c.getModules();
    assert.deepEqual(modules.filter((m) => m.bulkWrite).map((m) => m.apiName), ['Leads', 'Contacts', 'Accounts', 'Deals', 'Products']);
    assert.ok(modules.some((m) => m.apiName === 'Notes' && m.apiSupported && !m.bulkWrite && !m.bulkRead));
    assert.ok(modules.some((m) => m.apiName === 'Home' && !m.bulkRead));
    for (const module of ['Leads', 'Contacts', 'Accounts', 'Deals']) {
      const fields = await c.getFields(module);
      assert.ok(fields.some((f) => f.mandatory), module);
      assert.ok(fields.some((f) => f.readOnly && f.apiName === 'Created_Time'), module);
    }
    const accounts = await c.getFields('Accounts');
    assert.deepEqual(accounts.filter((f) => f.unique).map((f) => f.apiName), ['Account_Name']);
    const deals = await c.getFields('Deals');
    assert.deepEqual(deals.filter((f) => f.mandatory).map((f) => f.apiName), ['Deal_Name', 'Stage', 'Closing_Date']);
    assert.equal(deals.find((f) => f.apiName === 'Account_Name')?.lookupModule, 'Accounts');
    await assert.rejects(c.getFields('Nope'), (e: ZohoError) => e.code === 'INVALID_MODULE' && /module name given seems to be invalid/.test(e.message));
  });

  it('upload (streamed, Content-Length) + create write job + poll to COMPLETED: the result reflects the CSV', async () => {
    const c = client();
    const org = await c.getOrg();
    const zip = zipOf({ 'leads.csv': LEADS_CSV });
    // a stream of small pieces, opened per attempt
    const open = () => Readable.from((function* () {
      for (let i = 0; i < zip.length; i += 7) yield zip.subarray(i, i + 7);
    })());
    const up = await c.uploadFile({ zgid: org.zgid, fileName: 'leads.zip', open, size: zip.length });
    assert.match(up.fileId, /^\d{19}$/);
    const job = await c.createWriteJob({ operation: 'insert', module: 'Leads', fileId: up.fileId, fieldMappings: MAPPING });
    assert.equal(job.kind, 'write');
    assert.equal((await c.getWriteJob(job.id)).job.status.status, 'added');
    sim.advance(5_000);
    assert.equal((await c.getWriteJob(job.id)).job.status.status, 'in-progress');
    sim.advance(10_000);
    const done = (await c.getWriteJob(job.id)).job;
    assert.equal(done.status.status, 'completed');
    assert.equal(done.operation, 'insert');
    assert.deepEqual(
      { added: done.resources[0].file?.addedCount, skipped: done.resources[0].file?.skippedCount, total: done.resources[0].file?.totalCount, name: done.resources[0].file?.name },
      { added: 3, skipped: 3, total: 6, name: 'leads.csv' },
    );
    assert.equal(done.resources[0].fileId, up.fileId);
    const url = new URL(done.downloadUrl ?? '');
    const res = await get(sim.url, url.pathname, TOKEN);
    assert.equal(res.status, 200);
    const entries = unzipSync(new Uint8Array(res.body));
    assert.deepEqual(Object.keys(entries), ['Leads-leads.csv']);
    const lines = Buffer.from(entries['Leads-leads.csv']).toString('utf8').trim().split('\r\n');
    assert.equal(lines[0], 'Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS');
    assert.match(lines[1], /^Boyle,Acme Ltd,patricia@example\.com,ADDED,\d{19},$/);
    assert.equal(lines[2], ',Globex,amelia@example.com,SKIPPED,,MANDATORY_NOT_FOUND-Last_Name');
    assert.equal(lines[3], 'Chen,Initech,not-an-email,SKIPPED,,INVALID_DATA-Email');
    assert.equal(lines[4], 'Okafor,"Vandelay Imports, Inc.",patricia@example.com,SKIPPED,,DUPLICATE_DATA-Email');
    assert.match(lines[5], /^Lindqvist,Hooli,astrid@example\.com,ADDED,\d{19},$/);
    assert.equal(lines.length, 7);
    // the upload carried the headers Zoho wants, as multipart with an exact length
    assert.equal(posts('/crm/v8/upload').length, 1);
  });

  it('upsert on a unique field: updated and added rows; update without a match value is skipped', async () => {
    const c = client();
    const csv = 'Email,Last_Name,Company\r\na@example.com,A,X\r\nb@example.com,B,Y\r\nc@example.com,C,Z\r\n,D,W\r\n';
    const zip = zipOf({ 'u.csv': csv });
    const { fileId } = await c.uploadFile({ zgid: sim.zgid, fileName: 'u.zip', open: () => Readable.from([zip]), size: zip.length });
    const mapping = [{ apiName: 'Email', index: 0 }, { apiName: 'Last_Name', index: 1 }, { apiName: 'Company', index: 2 }];
    const upsert = await c.createWriteJob({ operation: 'upsert', module: 'Leads', fileId, findBy: 'Email', fieldMappings: mapping });
    const update = await c.createWriteJob({ operation: 'update', module: 'Leads', fileId, findBy: 'Email', fieldMappings: mapping });
    sim.advance(20_000);
    const u = (await c.getWriteJob(upsert.id)).job.resources[0].file;
    assert.deepEqual([u?.addedCount, u?.updatedCount, u?.skippedCount], [2, 2, 0]);
    const v = (await c.getWriteJob(update.id)).job.resources[0].file;
    assert.deepEqual([v?.addedCount, v?.updatedCount, v?.skippedCount], [0, 3, 1]);
  });

  it('create read job: the fields asked for, pages with more_records and next_page_token', async () => {
    const c = client();
    const first = await c.createReadJob({ module: 'Contacts', fields: ['Last_Name', 'Email'], criteria: { field: { api_name: 'Email' }, comparator: 'ends_with', value: 'example.com' } });
    assert.equal(first.kind, 'read');
    const third = await c.createReadJob({ module: 'Contacts', page: 3 });
    sim.advance(20_000);
    const r1 = (await c.getReadJob(first.id)).job;
    assert.equal(r1.status.status, 'completed');
    assert.deepEqual(r1.fields, ['Last_Name', 'Email']);
    assert.deepEqual([r1.result?.page, r1.result?.count, r1.result?.moreRecords, r1.result?.perPage], [1, 1000, true, 1000]);
    assert.ok(r1.result?.nextPageToken);
    const r3 = (await c.getReadJob(third.id)).job;
    assert.deepEqual([r3.result?.page, r3.result?.count, r3.result?.moreRecords], [3, 500, false]);
    const res = await get(sim.url, r1.result?.downloadUrl ?? '', TOKEN);
    const csv = Buffer.from(Object.values(unzipSync(new Uint8Array(res.body)))[0]).toString('utf8').trim().split('\r\n');
    assert.equal(csv[0], 'id,Last_Name,Email');
    assert.equal(csv.length, 1001);
    sim.setReadRecordCount('Leads', 250_000);
    const big = await c.createReadJob({ module: 'Leads' });
    sim.advance(20_000);
    assert.equal((await c.getReadJob(big.id)).job.result?.moreRecords, true);
    // the same through the control API (a simulator in another process)
    assert.equal((await control(sim.url, '/__sim/read-count', { module: 'Deals', count: 1500 })).status, 200);
    const deals = await c.createReadJob({ module: 'Deals', page: 2 });
    sim.advance(20_000);
    assert.deepEqual([(await c.getReadJob(deals.id)).job.result?.count, (await c.getReadJob(deals.id)).job.result?.moreRecords], [500, false]);
  });

  it('a reset after the create request was sent: exactly one create reaches the simulator, NOT_SENT_AGAIN', async () => {
    const c = client();
    const zip = zipOf({ 'leads.csv': LEADS_CSV });
    const { fileId } = await c.uploadFile({ zgid: sim.zgid, fileName: 'l.zip', open: () => Readable.from([zip]), size: zip.length });
    sim.injectFault({ kind: 'reset' });
    await assert.rejects(c.createWriteJob({ operation: 'insert', module: 'Leads', fileId, fieldMappings: MAPPING }), (e: ZohoError) => {
      assert.equal(e.code, 'NOT_SENT_AGAIN');
      assert.equal(e.retryable, false);
      assert.match(e.message, /may have reached Zoho.*not sent again/);
      return true;
    });
    assert.equal(posts('/crm/bulk/v8/write').length, 1);
    sim.injectFault({ kind: 'status', status: 503 });
    await assert.rejects(c.createReadJob({ module: 'Leads' }), (e: ZohoError) => e.httpStatus === 503);
    assert.equal(posts('/crm/bulk/v8/read').length, 1, 'a 5xx on create is reported, not retried');
    sim.injectFault({ kind: 'reset' });
    await assert.rejects(c.uploadFile({ zgid: sim.zgid, fileName: 'l.zip', open: () => Readable.from([zip]), size: zip.length }), (e: ZohoError) => e.code === 'NOT_SENT_AGAIN');
    assert.equal(posts('/crm/v8/upload').length, 2, 'one good upload, one reset one, no repeat');
  });

  it('a connection that never opens is tried again (maxAttempts), then NETWORK_ERROR; abort stops at once', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = client({ apiBase: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3, baseDelayMs: 5 } });
    await assert.rejects(c.createReadJob({ module: 'Leads' }), (e: ZohoError) => e.code === 'NETWORK_ERROR' && /refused/.test(e.message));
    assert.equal(logs.filter((l) => /never left/.test(l)).length, 2);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(client().createReadJob({ module: 'Leads', signal: ac.signal }), (e: ZohoError) => e.code === 'ABORTED');
    assert.equal(posts('/crm/bulk/v8/read').length, 0);
  });

  it('a rejected token is refreshed once and the create sent again (nothing was processed)', async () => {
    let token = 'stale-token';
    const c = client({ tokens: { getAccessToken: async () => token, onUnauthorized: async () => ((token = TOKEN), true) } });
    const job = await c.createReadJob({ module: 'Deals' });
    assert.match(job.id, /^\d+$/);
    assert.equal(posts('/crm/bulk/v8/read').length, 2);
  });

  it('the retry refused too: onRejectedAfterRefresh once with the renewed token, the 401 thrown, no third send', async () => {
    let token = 'stale-token';
    const told: string[] = [];
    const c = client({ tokens: { getAccessToken: async () => token, onUnauthorized: async () => ((token = 'renewed-but-refused'), true), onRejectedAfterRefresh: (t) => told.push(t) } });
    await assert.rejects(c.createReadJob({ module: 'Deals' }), (e: ZohoError) => e.httpStatus === 401);
    assert.deepEqual(told, ['renewed-but-refused']);
    assert.equal(posts('/crm/bulk/v8/read').length, 2);
  });
});
