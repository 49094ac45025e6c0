// Every documented upload / create error, as the simulator answers it and as the real client
// words it (code in brackets, plain words, what Zoho's details named); scope errors name the
// scopes; checks that refuse before sending; the upload host table.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { startSimulator, type Simulator } from '../sim/server';
import { ZohoClient, ZohoError, ZohoSender, refineError, uploadUrlFor, type WriteJobRequest } from '../../src/zoho';
import { zipOf } from './helpers/testZip';

const TOKEN = 'sim-create-token';
const CSV = 'Last_Name,Company,Email\r\nBoyle,Acme,a@example.com\r\n';

describe('zoho: upload and create errors, in plain words', () => {
  let sim: Simulator;
  let narrow: Simulator;
  before(async () => {
    sim = await startSimulator({ token: TOKEN, timeScale: 0, seed: false });
    narrow = await startSimulator({ token: TOKEN, timeScale: 0, seed: false, tokenScopes: 'ZohoCRM.bulk.READ,ZohoCRM.modules.ALL' });
  });
  after(async () => {
    await sim.close();
    await narrow.close();
  });
  beforeEach(() => sim.reset());

  const client = (s = sim) => new ZohoClient({ apiBase: s.url, tokens: { getAccessToken: async () => TOKEN }, userAgent: 'test', retry: { baseDelayMs: 5 } });
  const sender = () => new ZohoSender({ apiBase: sim.url, tokens: { getAccessToken: async () => TOKEN }, userAgent: 'test' });
  const fails = async (p: Promise<unknown>, code: string, words: RegExp, httpStatus?: number): Promise<ZohoError> => {
    let caught: ZohoError | undefined;
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ZohoError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, words);
      assert.ok(e.message.endsWith(`(${code}).`), e.message);
      if (httpStatus !== undefined) assert.equal(e.httpStatus, httpStatus);
      assert.ok(!e.message.includes(TOKEN));
      caught = e;
      return true;
    });
    return caught as ZohoError;
  };
  const upload = (zip: Buffer, zgid = sim.zgid, size: number | null = zip.length) =>
    client().uploadFile({ zgid, fileName: 'x.zip', open: () => Readable.from([zip]), size: size ?? undefined });
  const uploaded = async (csv = CSV) => (await upload(zipOf({ 'x.csv': csv }))).fileId;
  const write = async (over: Partial<WriteJobRequest> = {}) =>
    client().createWriteJob({ operation: 'insert', module: 'Leads', fileId: await uploaded(), fieldMappings: [{ apiName: 'Last_Name', index: 0 }, { apiName: 'Company', index: 1 }], ...over });
  /** POSTs a raw body through the real sender (for requests the client itself refuses to build). */
  const raw = (path: string, body: unknown) =>
    sender().send({ target: path, contentType: 'application/json', body: () => JSON.stringify(body) }, { kind: 'write' }).catch((e: unknown) => {
      throw refineError(e, 'create-write');
    });

  describe('upload', () => {
    it('INVALID_FILE_FORMAT (answered with HTTP 200): not a zip', async () => {
      await fails(upload(Buffer.from('Last_Name\r\nBoyle\r\n')), 'INVALID_FILE_FORMAT', /only a zip archive/, 200);
    });
    it('FILE_NOT_SUPPORTED: a zip with two CSVs', async () => {
      await fails(upload(zipOf({ 'a.csv': CSV, 'b.csv': CSV })), 'FILE_NOT_SUPPORTED', /cannot use this file/, 400);
    });
    it('FILE_TOO_LARGE: refused before sending when the size is known; 413 from Zoho otherwise', async () => {
      await fails(upload(Buffer.alloc(10), sim.zgid, 26 * 1024 * 1024), 'FILE_TOO_LARGE', /25 MB/);
      assert.equal(sim.requests.length, 0);
      const big = Buffer.alloc(26 * 1024 * 1024, 7);
      await fails(upload(big, sim.zgid, null), 'FILE_TOO_LARGE', /larger than Zoho’s 25 MB limit/, 413);
    });
    it('a wrong X-CRM-ORG: the upper-case {ERROR_CODE, x-error} answer becomes INVALID_UPLOAD_HEADERS', async () => {
      await fails(upload(zipOf({ 'x.csv': CSV }), '999999'), 'INVALID_UPLOAD_HEADERS', /feature and X-CRM-ORG headers/, 400);
    });
    it('NOT_SUPPORTED_FEATURE (HTTP 200): no feature header', async () => {
      const zip = zipOf({ 'x.csv': CSV });
      const boundary = 'b0undary';
      const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.zip"\r\n\r\n`), zip, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      await fails(
        sender().send({ target: new URL('/crm/v8/upload', sim.url), contentType: `multipart/form-data; boundary=${boundary}`, body: () => body, headers: { 'X-CRM-ORG': sim.zgid } }, { kind: 'write' }),
        'NOT_SUPPORTED_FEATURE',
        /feature: bulk-write/,
        200,
      );
    });
    it('OAUTH_SCOPE_MISMATCH names ZohoFiles.files.ALL', async () => {
      const e = await fails(client(narrow).uploadFile({ zgid: narrow.zgid, fileName: 'x.zip', open: () => Readable.from([zipOf({ 'x.csv': CSV })]) }), 'OAUTH_SCOPE_MISMATCH', /upload the file to Zoho: it needs ZohoFiles\.files\.ALL/, 401);
      assert.deepEqual(e.scopes, ['ZohoFiles.files.ALL']);
    });
    it('malformed zgid or a non-table upload host: nothing is sent', async () => {
      await fails(upload(zipOf({ 'x.csv': CSV }), 'a b'), 'INVALID_JOB_REQUEST', /zgid/);
      await fails(sender().send({ target: new URL('https://evil.example/crm/v8/upload'), contentType: 'x', body: () => '' }, { kind: 'write' }), 'UNTRUSTED_HOST', /not the upload host/);
      assert.equal(sim.requests.length, 0);
    });
  });

  describe('create a bulk write job', () => {
    it('MANDATORY_FIELDS_NOT_MAPPED', async () => {
      await fails(write({ fieldMappings: [{ apiName: 'Last_Name', index: 0 }] }), 'MANDATORY_FIELDS_NOT_MAPPED', /mandatory field.*\(field Company\)/, 400);
    });
    it('INVALID_FIELD: an unknown field, a read-only field', async () => {
      await fails(write({ fieldMappings: [{ apiName: 'Last_Name', index: 0 }, { apiName: 'Company', index: 1 }, { apiName: 'Nope', index: 2 }] }), 'INVALID_FIELD', /field Nope/, 400);
      await fails(write({ fieldMappings: [{ apiName: 'Last_Name', index: 0 }, { apiName: 'Company', index: 1 }, { apiName: 'Created_Time', index: 2 }] }), 'INVALID_FIELD', /read only/, 400);
    });
    it('COLUMN_INDEX_NOT_FOUND: a column the CSV does not have', async () => {
      await fails(write({ fieldMappings: [{ apiName: 'Last_Name', index: 0 }, { apiName: 'Company', index: 7 }] }), 'COLUMN_INDEX_NOT_FOUND', /column that does not exist/, 400);
    });
    it('MODULE_NOT_AVAILABLE, INVALID_FILE_ID', async () => {
      await fails(write({ module: 'Nope' }), 'MODULE_NOT_AVAILABLE', /no such module/, 400);
      await fails(write({ fileId: '4150868000005599999' }), 'INVALID_FILE_ID', /does not know the uploaded file/, 400);
    });
    it('find_by: refused before sending without one; a non-unique one is INVALID_DATA', async () => {
      await fails(write({ operation: 'update' }), 'INVALID_JOB_REQUEST', /needs the field to match records on/);
      await fails(write({ operation: 'update', findBy: 'Company' }), 'INVALID_DATA', /Company is not a unique field/, 400);
    });
    it('MANDATORY_NOT_FOUND (a required key) and HEADER_LIMIT_EXCEEDED, as Zoho words them', async () => {
      await fails(raw('/crm/bulk/v8/write', { resource: [] }), 'MANDATORY_NOT_FOUND', /required key.*field operation, operation/, 400);
      const fileId = await uploaded();
      const many = Array.from({ length: 201 }, (_, i) => ({ api_name: `F${i}`, index: 0 }));
      await fails(raw('/crm/bulk/v8/write', { operation: 'insert', resource: [{ type: 'data', module: { api_name: 'Leads' }, file_id: fileId, field_mappings: many }] }), 'HEADER_LIMIT_EXCEEDED', /more than 200 fields/, 400);
      await fails(write({ fieldMappings: many.map((m) => ({ apiName: m.api_name, index: 0 })) }), 'INVALID_JOB_REQUEST', /201 fields are mapped/);
    });
    it('INVALID_CALLBACK_METHOD', async () => {
      await fails(raw('/crm/bulk/v8/write', { operation: 'insert', callback: { url: 'https://x.example', method: 'get' }, resource: [] }), 'INVALID_CALLBACK_METHOD', /only “post”/, 400);
    });
    it('OAUTH_SCOPE_MISMATCH names ZohoCRM.bulk.CREATE', async () => {
      const e = await fails(client(narrow).createWriteJob({ operation: 'insert', module: 'Leads', fileId: '1', fieldMappings: [{ apiName: 'Last_Name', index: 0 }] }), 'OAUTH_SCOPE_MISMATCH', /create the bulk write job: it needs ZohoCRM\.bulk\.CREATE/, 401);
      assert.ok(e.scopes?.some((s) => s.startsWith('ZohoCRM.bulk.CREATE')));
    });
  });

  describe('create a bulk read job', () => {
    const read = (criteria: unknown, over = {}) => client().createReadJob({ module: 'Deals', criteria, ...over });
    const leaf = (api_name: string, comparator: string, value: unknown) => ({ field: { api_name }, comparator, value });
    it('criteria errors', async () => {
      await fails(read({ comparator: 'equal' }), 'INVALID_CRITERIA', /not well formed/, 400);
      await fails(read(leaf('Nope', 'equal', 'x')), 'FIELD_IN_CRITERIA_NOT_SUPPORTED', /field Nope/, 400);
      await fails(read(leaf('Amount', 'contains', '5')), 'FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED', /comparator does not suit.*field Amount/, 400);
      await fails(read({ group_operator: 'xor', group: [leaf('Stage', 'equal', 'a'), leaf('Stage', 'equal', 'b')] }), 'GROUP_OPERATOR_NOT_SUPPORTED', /“and” or “or”/, 400);
      await fails(read({ group_operator: 'and', group: [leaf('Stage', 'equal', 'a')], field: { api_name: 'Stage' }, comparator: 'equal' }), 'AMBIGUOUS_CRITERIA', /mixes/, 400);
      await fails(read(leaf('Stage', 'in', 'a')), 'VALUE_TYPE_NOT_SUPPORTED', /wrong type/, 400);
      const group = { group_operator: 'or', group: Array.from({ length: 26 }, (_, i) => leaf('Deal_Name', 'equal', `d${i}`)) };
      await fails(read(group), 'CRITERIA_LIMIT_EXCEEDED', /too many conditions/, 400);
    });
    it('PAGE_RANGE_EXCEEDED names the last page; FIELD_NOT_AVAILABLE; MODULE_NOT_SUPPORTED', async () => {
      await fails(read(undefined, { page: 51 }), 'PAGE_RANGE_EXCEEDED', /the last page is 50/, 400);
      await fails(read(undefined, { fields: ['Nope'] }), 'FIELD_NOT_AVAILABLE', /field Nope/, 400);
      await fails(client().createReadJob({ module: 'Notes' }), 'MODULE_NOT_SUPPORTED', /cannot be exported/, 400);
      await fails(read(undefined, { page: 0 }), 'INVALID_JOB_REQUEST', /page/);
    });
    it('OAUTH_SCOPE_MISMATCH names ZohoCRM.bulk.READ; metadata and org name theirs', async () => {
      const ro = await startSimulator({ token: TOKEN, timeScale: 0, seed: false, tokenScopes: 'ZohoCRM.modules.ALL' });
      try {
        await fails(client(ro).createReadJob({ module: 'Leads' }), 'OAUTH_SCOPE_MISMATCH', /ZohoCRM\.bulk\.READ/, 401);
        await fails(client(ro).getOrg(), 'OAUTH_SCOPE_MISMATCH', /organisation’s details: it needs ZohoCRM\.org\.READ/, 401);
        await fails(client(ro).getModules(), 'OAUTH_SCOPE_MISMATCH', /ZohoCRM\.settings\.modules\.READ/, 401);
        await fails(client(ro).getFields('Leads'), 'OAUTH_SCOPE_MISMATCH', /ZohoCRM\.settings\.fields\.READ/, 401);
      } finally {
        await ro.close();
      }
    });
  });

  it('upload hosts: the data centre table’s only, the loopback API base itself', () => {
    const host = (base: string) => {
      const u = uploadUrlFor(base);
      return u.ok ? u.url.href : u.reason;
    };
    assert.equal(host('https://www.zohoapis.com'), 'https://content.zohoapis.com/crm/v8/upload');
    assert.equal(host('https://www.zohoapis.eu'), 'https://content.zohoapis.eu/crm/v8/upload');
    assert.equal(host('https://sandbox.zohoapis.com.au'), 'https://content.zohoapis.com.au/crm/v8/upload');
    assert.equal(host('https://www.zohoapis.ca'), 'https://upload.zohocloud.ca/crm/v8/upload');
    assert.equal(host('https://www.zohoapis.sa'), 'https://files.zoho.sa/crm/v8/upload');
    assert.equal(host('http://127.0.0.1:3811'), 'http://127.0.0.1:3811/crm/v8/upload');
    assert.match(host('https://evil.example'), /not a Zoho API host/);
    assert.match(host('http://www.zohoapis.com'), /https/);
  });
});
