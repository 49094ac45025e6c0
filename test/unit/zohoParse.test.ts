import assert from 'node:assert/strict';
import { parseLosslessJson } from '../../src/zoho/json';
import { defaultValueText, parseJob, parseReadJob, parseWriteJob } from '../../src/zoho/parse';
import { ZohoError } from '../../src/zoho/errors';

// The seed's job-details body (Zoho's Postman collection, v2).
const SEED_V2 =
  '{"status":"INPROGRESS","resource":[{"status":"INPROGRESS","type":"data","module":"Leads","field_mappings":[' +
  '{"api_name":"Owner","index":1,"format":null,"find_by":null,"module":null,"default_value":null},' +
  '{"api_name":"Date_3","index":2,"format":"yyyy/MM/dd","find_by":null,"module":null,"default_value":null},' +
  '{"api_name":"Last_Name","index":0,"format":null,"find_by":null,"module":null,"default_value":null},' +
  '{"api_name":"Layout","index":4,"format":null,"find_by":null,"module":null,"default_value":null},' +
  '{"api_name":"Mobile","index":3,"format":null,"find_by":null,"module":null,"default_value":null}],"code":"INPROGRESS"}],' +
  '"id":"4150868000005392002","callback":{"url":"https://www.zoho.com/in/crm/","method":"post"},' +
  '"created_by":{"id":"4150868000000225013","name":"Patricia Boyle"},"ignore_empty":true,"operation":"insert","created_time":"2021-05-13T11:00:58+05:30"}';

const V8_COMPLETED = `{"status":"COMPLETED","character_encoding":"UTF-8","resource":[{"status":"COMPLETED","type":"data",
  "module":{"api_name":"Contacts","id":"4150868000000002179"},"field_mappings":[
   {"api_name":"Layout","index":null,"format":null,"find_by":null,"module":null,"default_value":{"value":"4150868000000091055"}},
   {"api_name":"Account_Name","index":2,"format":null,"find_by":"Account_Name","module":"Accounts","default_value":{"name":"Zylker","module":"Accounts"}},
   {"api_name":"Lead_Source","index":3,"default_value":{"value":{"id":4150868000000091099,"name":"Web"}}}],
  "code":"SUCCESS","file_id":4150868000005391777,
  "file":{"status":"COMPLETED","name":"Contacts.csv","added_count":90,"skipped_count":10,"updated_count":0,"total_count":100}}],
  "id":"4150868000005393001","result":{"download_url":"https://download-accl.zoho.com/v8/crm/org1/bulk-write/4150868000005393001/4150868000005393001.zip"},
  "created_by":{"id":4150868000000225013,"name":"Patricia Boyle"},"operation":"upsert","created_time":"2024-08-01T10:21:35+05:30"}`;

const READ_V8 = `{"data":[{"id":"4150868000005394001","operation":"read","state":"COMPLETED",
  "query":{"module":{"api_name":"Leads","id":"4150868000000002175"},"fields":["Last_Name","Owner.last_name"],"page":1},
  "created_by":{"id":"4150868000000225013","name":"Patricia Boyle"},"created_time":"2024-08-01T10:21:35+05:30",
  "result":{"page":1,"per_page":200000,"count":200000,"download_url":"/crm/bulk/v8/read/4150868000005394001/result","more_records":true,"next_page_token":"abc"},
  "file_type":"csv"}],"info":{}}`;

describe('zoho/parse', () => {
  it('parses the seed v2 write job (module as a string, INPROGRESS)', () => {
    const job = parseWriteJob(parseLosslessJson(SEED_V2), { kind: 'write', jobId: '4150868000005392002' });
    assert.equal(job.kind, 'write');
    assert.equal(job.id, '4150868000005392002');
    assert.deepEqual(job.status, { status: 'in-progress', raw: 'INPROGRESS' });
    assert.equal(job.operation, 'insert');
    assert.equal(job.ignoreEmpty, true);
    assert.deepEqual(job.createdBy, { id: '4150868000000225013', name: 'Patricia Boyle' });
    assert.equal(job.createdTime, '2021-05-13T11:00:58+05:30');
    assert.equal(job.characterEncoding, undefined);
    assert.equal(job.downloadUrl, undefined);
    assert.equal(job.resources.length, 1);
    const r = job.resources[0];
    assert.equal(r.module, 'Leads');
    assert.equal(r.moduleId, undefined);
    assert.equal(r.code, 'INPROGRESS');
    assert.equal(r.file, undefined);
    assert.deepEqual(r.fieldMappings.map((m) => [m.apiName, m.index]), [['Owner', 1], ['Date_3', 2], ['Last_Name', 0], ['Layout', 4], ['Mobile', 3]]);
    assert.deepEqual(r.fieldMappings[1], { apiName: 'Date_3', index: 2, format: 'yyyy/MM/dd' });
  });

  it('parses a v8 write job ({api_name,id} module, counts, default values, download_url, bare int64s)', () => {
    const job = parseWriteJob(parseLosslessJson(V8_COMPLETED));
    assert.deepEqual(job.status, { status: 'completed', raw: 'COMPLETED' });
    assert.equal(job.characterEncoding, 'UTF-8');
    assert.equal(job.downloadUrl, 'https://download-accl.zoho.com/v8/crm/org1/bulk-write/4150868000005393001/4150868000005393001.zip');
    assert.deepEqual(job.createdBy, { id: '4150868000000225013', name: 'Patricia Boyle' });
    const r = job.resources[0];
    assert.equal(r.module, 'Contacts');
    assert.equal(r.moduleId, '4150868000000002179');
    assert.equal(r.fileId, '4150868000005391777');
    assert.deepEqual(r.file, { status: { status: 'completed', raw: 'COMPLETED' }, name: 'Contacts.csv', addedCount: 90, updatedCount: 0, skippedCount: 10, totalCount: 100 });
    assert.deepEqual(r.fieldMappings[0], { apiName: 'Layout', defaultValue: '4150868000000091055' });
    assert.deepEqual(r.fieldMappings[1], { apiName: 'Account_Name', index: 2, findBy: 'Account_Name', module: 'Accounts', defaultValue: 'Zylker' });
    assert.equal(r.fieldMappings[2].defaultValue, 'Web');
  });

  it('renders default_value objects as text', () => {
    assert.equal(defaultValueText(null), undefined);
    assert.equal(defaultValueText({ value: 'x' }), 'x');
    assert.equal(defaultValueText({ value: 12 }), '12');
    assert.equal(defaultValueText({ value: true }), 'true');
    assert.equal(defaultValueText({ name: 'Zylker', module: 'Accounts' }), 'Zylker');
    assert.equal(defaultValueText({ value: { id: '4150868000000091099' } }), '4150868000000091099');
    assert.equal(defaultValueText({ value: ['a', 'b'] }), 'a, b');
    assert.equal(defaultValueText({ other: 1 }), '{"other":1}');
    assert.equal(defaultValueText({}), undefined);
  });

  it('parses a bulk read job ({data:[…]}, state, result)', () => {
    const job = parseReadJob(parseLosslessJson(READ_V8));
    assert.equal(job.kind, 'read');
    assert.equal(job.id, '4150868000005394001');
    assert.deepEqual(job.status, { status: 'completed', raw: 'COMPLETED' });
    assert.equal(job.module, 'Leads');
    assert.deepEqual(job.fields, ['Last_Name', 'Owner.last_name']);
    assert.equal(job.fileType, 'csv');
    assert.deepEqual(job.result, { page: 1, perPage: 200000, count: 200000, downloadUrl: '/crm/bulk/v8/read/4150868000005394001/result', moreRecords: true, nextPageToken: 'abc' });
  });

  it('bulk read: v2 string module, FAILURE with error_message', () => {
    const job = parseReadJob({
      data: [{ id: '1', operation: 'read', state: 'FAILURE', query: { module: 'Deals' }, result: { error_message: { status: 'error', code: 'INTERNAL_SERVER_ERROR', message: 'boom' } } }],
    });
    assert.deepEqual(job.status, { status: 'failed', raw: 'FAILURE' });
    assert.equal(job.module, 'Deals');
    assert.deepEqual(job.result, { errorMessage: { code: 'INTERNAL_SERVER_ERROR', message: 'boom' } });
    assert.equal(parseJob('read', { data: [{ id: '2', state: 'IN PROGRESS' }] }).status.status, 'in-progress');
  });

  const invalid: [string, unknown, 'write' | 'read', RegExp][] = [
    ['an array', [], 'write', /expected a JSON object/],
    ['a string', 'x', 'write', /expected a JSON object/],
    ['null', null, 'write', /expected a JSON object/],
    ['no id', { status: 'ADDED' }, 'write', /has no id/],
    ['no status', { id: '1' }, 'write', /has no status/],
    ['read without data', { id: '1', state: 'ADDED' }, 'read', /\{"data":\[…\]\}/],
    ['read with empty data', { data: [] }, 'read', /\{"data":\[…\]\}/],
    ['read without state', { data: [{ id: '1' }] }, 'read', /has no state/],
  ];
  for (const [name, body, kind, re] of invalid) {
    it(`invalid shape (${name}) → INVALID_RESPONSE`, () => {
      assert.throws(
        () => parseJob(kind, body, { kind, jobId: '1' }),
        (e: unknown) => e instanceof ZohoError && e.code === 'INVALID_RESPONSE' && re.test(e.message) && /\(INVALID_RESPONSE\)\.$/.test(e.message),
      );
    });
  }

  it('a 200 body with status "error" and a code throws that error', () => {
    assert.throws(
      () => parseWriteJob({ status: 'error', code: 'RESOURCE_NOT_FOUND', message: "The requested resource doesn't exist.", details: {} }, { kind: 'write', jobId: '9' }),
      (e: unknown) => e instanceof ZohoError && e.code === 'RESOURCE_NOT_FOUND' && /bulk write job 9 /.test(e.message),
    );
  });
});
