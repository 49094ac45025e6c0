// The simulator's result downloads, seen raw on the wire: routes, auth, headers, zip contents,
// the throttle's 429 + Retry-After, the expired-link 403 (checked against Zoho's OAS), control API.
import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';
import { startSimulator, type Simulator } from '../sim/server';
import { LINK_NOT_VALID_BODY } from '../sim/downloads';
import { WRITE_RESULT_EXTRA_COLUMNS, outcomes, writeResultColumns } from '../sim/resultCsv';
import { CONTACTS_READ_ID, CONTACTS_UPSERT_COMPLETED_ID, DEALS_INSERT_LIVE_ID } from '../sim/seedJobs';
import { auth, control, request } from './helpers/simHttp';
import { ZohoOas, errorsOf } from './helpers/zohoOas';

const DONE = { inProgressAfterMs: 0, doneAfterMs: 0 };

describe('simulator: result downloads', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ token: 'sim-dl', timeScale: 1, downloadsPerMinute: 3, downloadWindowMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  const get = (path: string, token = sim.token) => request(sim.url + path, { headers: token ? auth(token) : {} });
  const writePath = (id: string, v = 'v8') => `/${v}/crm/org4150868/bulk-write/${id}/${id}.zip`;
  const rows = (zip: Buffer, name: string): string[][] => parse(strFromU8(unzipSync(zip)[name]), { relax_column_count: true }) as string[][];

  it('the seeded completed write job: download_url on this host, a zip with <Module>-<file>.csv and consistent rows', async () => {
    const details = JSON.parse((await get(`/crm/bulk/v8/write/${CONTACTS_UPSERT_COMPLETED_ID}`)).text) as { result: { download_url: string } };
    assert.equal(details.result.download_url, sim.url + writePath(CONTACTS_UPSERT_COMPLETED_ID));
    const r = await get(writePath(CONTACTS_UPSERT_COMPLETED_ID));
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.equal(r.headers['content-disposition'], `attachment; filename="${CONTACTS_UPSERT_COMPLETED_ID}.zip"`);
    assert.equal(Number(r.headers['content-length']), r.body.length);
    assert.equal(r.body.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const entries = Object.keys(unzipSync(r.body));
    assert.deepEqual(entries, ['Contacts-contacts_q2_merge.csv']);
    const [header, ...data] = rows(r.body, entries[0]);
    assert.deepEqual(header, ['Last_Name', 'First_Name', 'Email', 'STATUS', 'RECORD_ID', 'ERRORS']);
    assert.equal(data.length, 18450);
    const count = (s: string) => data.filter((d) => d[3] === s).length;
    assert.deepEqual([count('ADDED'), count('UPDATED'), count('SKIPPED')], [6120, 12037, 293]);
    assert.ok(data.every((d) => (d[3] === 'SKIPPED') === (d[4] === '') && (d[3] === 'SKIPPED') === (d[5] !== '')));
    assert.ok(data.every((d) => d[4] === '' || /^\d{19}$/.test(d[4])));
    const errs = new Set(data.map((d) => d[5]).filter(Boolean));
    assert.deepEqual([...errs].sort(), [
      'DUPLICATE_DATA-Email',
      'INVALID_DATA-Phone',
      'MANDATORY_NOT_FOUND-First_Name,Last_Name:DUPLICATE_DATA-Email',
      'MANDATORY_NOT_FOUND-Last_Name',
    ]);
    // a missing mandatory value really is missing
    assert.ok(data.filter((d) => d[5].startsWith('MANDATORY_NOT_FOUND-')).every((d) => d[0] === ''));
  });

  it('columns come from the first three mappings by index; the remainder of total is UNPROCESSED', async () => {
    const id = sim.addWriteJob({
      module: 'Leads',
      operation: 'insert',
      total: 100,
      added: 60,
      skipped: 10,
      fileName: 'x/leads.txt',
      fieldMappings: [
        { api_name: 'Company', index: 1 },
        { api_name: 'Owner', index: 7 },
        { api_name: 'Last_Name', index: 0 },
        { api_name: 'Email', index: 3 },
      ],
      schedule: DONE,
    });
    const r = await get(writePath(id, 'v2.1'));
    const [header, ...data] = rows(r.body, 'Leads-leads.txt.csv');
    assert.deepEqual(header, ['Last_Name', 'Company', 'Email', ...WRITE_RESULT_EXTRA_COLUMNS]);
    assert.deepEqual(
      ['ADDED', 'UPDATED', 'SKIPPED', 'UNPROCESSED'].map((s) => data.filter((d) => d[3] === s).length),
      [60, 0, 10, 30],
    );
    assert.ok(data.some((d) => d[5] === 'MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email'), 'the documented example appears');
    // fewer than three mappings: just those
    assert.deepEqual(writeResultColumns({ fieldMappings: [{ api_name: 'A', index: 0 }] } as never), ['A', ...WRITE_RESULT_EXTRA_COLUMNS]);
    const spread = outcomes({ total: 7, final: { added: 3, updated: 2, skipped: 1 } } as never);
    assert.deepEqual([...spread].sort(), ['added', 'added', 'added', 'skipped', 'unprocessed', 'updated', 'updated']);
  });

  it('the seeded read job: a chunked zip holding {id}.csv with id + the job’s fields, count rows', async () => {
    sim.setStatus(CONTACTS_READ_ID, 'COMPLETED');
    const details = JSON.parse((await get(`/crm/bulk/v8/read/${CONTACTS_READ_ID}`)).text) as { data: { result: { download_url: string; count: number } }[] };
    const { download_url: url, count } = details.data[0].result;
    assert.equal(url, `/crm/bulk/v8/read/${CONTACTS_READ_ID}/result`);
    const r = await get(url);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/x-download');
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    const [header, ...data] = rows(r.body, `${CONTACTS_READ_ID}.csv`);
    assert.deepEqual(header, ['id', 'Last_Name', 'First_Name', 'Email', 'Account_Name.Account_Name', 'Owner', 'Created_Time']);
    assert.equal(data.length, count);
    assert.equal(new Set(data.map((d) => d[0])).size, count, 'ids are unique');
    assert.ok(data.every((d) => /^\d{19}$/.test(d[0]) && d.length === header.length));
  });

  it('auth like every API route; unfinished or unknown jobs are RESOURCE_NOT_FOUND; other versions work', async () => {
    assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID), '')).status, 401);
    assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID), 'wrong')).status, 401);
    const live = await get(writePath(DEALS_INSERT_LIVE_ID));
    assert.deepEqual([live.status, JSON.parse(live.text).code], [400, 'RESOURCE_NOT_FOUND']);
    const unknown = await get('/crm/bulk/v8/read/123/result');
    assert.deepEqual([unknown.status, JSON.parse(unknown.text).code], [404, 'RESOURCE_NOT_FOUND']);
    assert.equal((await get(`/v2/crm/org4150868/bulk-write/${CONTACTS_UPSERT_COMPLETED_ID}/123.zip`)).status, 400);
    assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID, 'v2'))).status, 200);
  });

  it('throttle: downloadsPerMinute per window, then 429 TOO_MANY_REQUESTS with Retry-After; reset() clears it', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID))).status, 200);
    const r = await get(writePath(CONTACTS_UPSERT_COMPLETED_ID));
    assert.equal(r.status, 429);
    assert.equal(JSON.parse(r.text).code, 'TOO_MANY_REQUESTS');
    const after = Number(r.headers['retry-after']);
    assert.ok(after >= 59 && after <= 60, String(after));
    // job details are not throttled
    assert.equal((await get(`/crm/bulk/v8/write/${CONTACTS_UPSERT_COMPLETED_ID}`)).status, 200);
    sim.reset();
    assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID))).status, 200);
  });

  it('expired links: 403 with Zoho’s API_Exception fields (valid against the OAS), or plain text; via the control API too', async () => {
    sim.expireLinks(CONTACTS_UPSERT_COMPLETED_ID);
    const r = await get(writePath(CONTACTS_UPSERT_COMPLETED_ID));
    assert.equal(r.status, 403);
    assert.equal(r.text, LINK_NOT_VALID_BODY);
    const body = JSON.parse(r.text) as Record<string, unknown>;
    assert.deepEqual([body.info, body['x-info']], ['Forbidden', 'Link not valid']);
    assert.deepEqual(errorsOf(new ZohoOas().component('bulk_write.json', 'API_Exception'), body), []);
    sim.setStatus(CONTACTS_READ_ID, 'COMPLETED');
    assert.deepEqual(await control(sim.url, '/__sim/expire-link', { id: CONTACTS_READ_ID, style: 'text' }), { status: 200, json: { ok: true } });
    const t = await get(`/crm/bulk/v8/read/${CONTACTS_READ_ID}/result`);
    assert.deepEqual([t.status, t.text, t.headers['content-type']], [403, 'Link not valid', 'text/plain']);
    assert.equal((await control(sim.url, '/__sim/expire-link', { id: '1' })).status, 404);
    assert.equal((await control(sim.url, '/__sim/expire-link', { id: CONTACTS_READ_ID, style: 'weird' })).status, 400);
    assert.throws(() => sim.expireLinks('1'), /no such job/);
    sim.reset();
    assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID))).status, 200);
  });

  it('faults apply to downloads: status, reset, and truncated (the connection closes halfway)', async () => {
    sim.injectFault({ kind: 'status', status: 503, jobId: CONTACTS_UPSERT_COMPLETED_ID });
    assert.equal((await get(writePath(CONTACTS_UPSERT_COMPLETED_ID))).status, 503);
    sim.injectFault({ kind: 'reset', jobId: CONTACTS_UPSERT_COMPLETED_ID });
    await assert.rejects(get(writePath(CONTACTS_UPSERT_COMPLETED_ID)), /ECONNRESET|socket hang up/);
    sim.injectFault({ kind: 'truncated', jobId: CONTACTS_UPSERT_COMPLETED_ID });
    await assert.rejects(get(writePath(CONTACTS_UPSERT_COMPLETED_ID)), /aborted|ECONNRESET/);
  });
});
