// The simulator's bodies against Zoho's own OpenAPI 3.0 schemas (test/sim/oas, offline).
// Zoho's real responses (the captured seed, the docs samples) contradict the spec in a few
// places; each such place is a named DEVIATION below, and a test proves every one of them is
// still needed (the body fails without it), so a fixed spec shows up as a failing test.
import * as assert from 'node:assert/strict';
import { CAPTURED, SEED_JOB_ID } from '../sim/capture';
import * as errors from '../sim/errors';
import { BIG_FILE_ID_JOB_ID, SEEDED_WRITE_JOB_IDS } from '../sim/seedJobs';
import { startSimulator, type Simulator } from '../sim/server';
import type { ValidateFunction } from 'ajv';
import { get } from './helpers/simHttp';
import { describeErrors, errorsOf, OAS_BASE, ZohoOas, type Deviation, type Docs } from './helpers/zohoOas';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const schemas = (d: Docs, f: 'bulk_write.json' | 'bulk_read.json'): Json => (d[f].components as Json).schemas;
const WRITE = '/crm/bulk/v8/write/{job_id}';
const READ = '/crm/bulk/v8/read/{job_id}';

export const DEVIATIONS: (Deviation & { witness: string })[] = [
  {
    id: 'write-field-mapping-nulls',
    why: 'Zoho sends every field_mappings key, null when unset (seed capture, v7 docs samples); the spec types them non-nullable',
    witness: 'write:IN PROGRESS',
    apply: (d) => {
      const props = schemas(d, 'bulk_write.json').Resource.properties.field_mappings.items.properties;
      for (const k of ['format', 'find_by', 'module', 'default_value']) props[k].nullable = true;
    },
  },
  {
    id: 'write-inprogress-spelling',
    why: 'resource[].status and file.status enums list only "IN PROGRESS"; the capture and the v7 docs samples send "INPROGRESS"',
    witness: 'write:INPROGRESS',
    apply: (d) => {
      const r = schemas(d, 'bulk_write.json').Resource.properties;
      r.status.enum.push('INPROGRESS');
      r.file.properties.status.enum.push('INPROGRESS');
    },
  },
  {
    id: 'write-file-id-bare-number (simulator test hook, not observed)',
    why: 'the simulator deliberately writes one job\'s file_id as a bare int64 so lossless parsing is testable; the spec types it string',
    witness: 'write:big-file-id',
    apply: (d) => {
      schemas(d, 'bulk_write.json').Resource.properties.file_id.type = ['string', 'integer'];
    },
  },
  {
    id: 'read-queued-state',
    why: 'Job_Detail.state enum lacks QUEUED, which Zoho\'s v7 docs samples show',
    witness: 'read:QUEUED',
    apply: (d) => schemas(d, 'bulk_read.json').Job_Detail.properties.state.enum.push('QUEUED'),
  },
  {
    id: 'read-result-optional',
    why: 'Job_Detail requires result, but Zoho sends none before the job finishes (v6 docs)',
    witness: 'read:ADDED',
    apply: (d) => {
      const jd = schemas(d, 'bulk_read.json').Job_Detail;
      jd.required = jd.required.filter((k: string) => k !== 'result');
    },
  },
  {
    id: 'read-result-shapes',
    why: 'Result requires next_page_token (absent when more_records is false in Zoho\'s COMPLETED sample) and has no error_message (FAILURE sample)',
    witness: 'read:COMPLETED',
    apply: (d) => {
      const s = schemas(d, 'bulk_read.json');
      const done = { ...s.Result, required: s.Result.required.filter((k: string) => k !== 'next_page_token') };
      const failed = { type: 'object', required: ['error_message'], properties: { error_message: { $ref: `${OAS_BASE}common.json#/components/schemas/API_Exception` } } };
      s.Result = { anyOf: [done, failed] };
    },
  },
  {
    id: 'read-query-required',
    why: 'Query requires cvid, fields, page, criteria and file_type (enum "ics" only); Zoho\'s samples echo just module, page and any fields',
    witness: 'read:IN PROGRESS',
    apply: (d) => {
      schemas(d, 'bulk_read.json').Query.required = ['module'];
    },
  },
  {
    id: 'read-not-found-details',
    why: 'bulk-read Resource_Not_Found requires details.resource; Zoho\'s captured RESOURCE_NOT_FOUND has details {} (served for both)',
    witness: 'read:not-found',
    apply: (d) => delete schemas(d, 'bulk_read.json').Resource_Not_Found.properties.details.required,
  },
  {
    id: 'read-exception-details-oneOf',
    why: 'Bulk_Read_API_Exception.details is oneOf with two identical {type:object} branches, so no body (not even details {}) can match; read as anyOf',
    witness: 'read:429',
    apply: (d) => {
      const details = schemas(d, 'bulk_read.json').Bulk_Read_API_Exception.properties.details;
      details.anyOf = details.oneOf;
      delete details.oneOf;
    },
  },
  {
    id: 'response-oneOf-overlap',
    why: 'job-details 400 is oneOf [Resource_Not_Found, API_Exception]; the captured RESOURCE_NOT_FOUND matches both, so oneOf rejects Zoho\'s own body; read as anyOf',
    witness: 'write:not-found',
    apply: (d) => {
      const res = (d['bulk_write.json'].paths as Json)[WRITE].get.responses['400'].content['application/json'].schema;
      res.anyOf = res.oneOf;
      delete res.oneOf;
    },
  },
];

/** Witness name → [schema to use, body]. Filled from the running simulator in before(). */
type Kind = 'write' | 'read' | 'write400' | 'read404' | 'readException';
const bodies = new Map<string, { kind: Kind; body: unknown }>();

function validatorFor(oas: ZohoOas, kind: Kind): ValidateFunction {
  if (kind === 'readException') return oas.component('bulk_read.json', 'Bulk_Read_API_Exception');
  if (kind === 'write') return oas.response('bulk_write.json', WRITE, 'get', '200');
  if (kind === 'read') return oas.response('bulk_read.json', READ, 'get', '200');
  if (kind === 'write400') return oas.response('bulk_write.json', WRITE, 'get', '400');
  return oas.response('bulk_read.json', READ, 'get', '404');
}

describe('simulator bodies vs Zoho\'s OpenAPI spec (v8)', function () {
  let sim: Simulator;
  const patched = (): ZohoOas => new ZohoOas(DEVIATIONS);

  before(async () => {
    sim = await startSimulator({ timeScale: 0 });
    const fetchJson = async (path: string): Promise<unknown> => JSON.parse((await get(sim.url, path, sim.token)).text);
    const w = (id: string): Promise<unknown> => fetchJson(`/crm/bulk/v8/write/${id}`);
    const r = (id: string): Promise<unknown> => fetchJson(`/crm/bulk/v8/read/${id}`);
    const sched = { inProgressAfterMs: 1000, doneAfterMs: 2000 };
    const spaced = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 500, skipped: 5, schedule: sched });
    const joined = sim.addWriteJob({ module: 'Contacts', operation: 'upsert', total: 800, schedule: sched, inProgressSpelling: 'INPROGRESS' });
    const failed = sim.addWriteJob({ module: 'Accounts', operation: 'update', total: 90, schedule: { ...sched, outcome: 'FAILED' } });
    const read = sim.addReadJob({ module: 'Contacts', fields: ['Email'], count: 42, schedule: { ...sched, queuedFirst: true } });
    const failure = sim.addReadJob({ module: 'Leads', count: 1, schedule: { ...sched, outcome: 'FAILURE' } });
    const big = sim.addReadJob({ module: 'Deals', count: 250000, schedule: sched });
    bodies.set('write:ADDED', { kind: 'write', body: await w(spaced) });
    bodies.set('read:ADDED', { kind: 'read', body: await r(read) });
    sim.advance(600);
    bodies.set('read:QUEUED', { kind: 'read', body: await r(read) });
    sim.advance(900);
    bodies.set('write:IN PROGRESS', { kind: 'write', body: await w(spaced) });
    bodies.set('write:INPROGRESS', { kind: 'write', body: await w(joined) });
    bodies.set('read:IN PROGRESS', { kind: 'read', body: await r(read) });
    sim.advance(500);
    bodies.set('write:COMPLETED', { kind: 'write', body: await w(spaced) });
    bodies.set('write:FAILED', { kind: 'write', body: await w(failed) });
    bodies.set('read:COMPLETED', { kind: 'read', body: await r(read) });
    bodies.set('read:FAILURE', { kind: 'read', body: await r(failure) });
    bodies.set('read:COMPLETED more_records', { kind: 'read', body: await r(big) });
    for (const id of SEEDED_WRITE_JOB_IDS) bodies.set(`write:seeded ${id}`, { kind: 'write', body: await w(id) });
    bodies.set('write:big-file-id', { kind: 'write', body: await w(BIG_FILE_ID_JOB_ID) });
    bodies.set('write:not-found', { kind: 'write400', body: await fetchJson('/crm/bulk/v8/write/415086800000539200') });
    bodies.set('write:invalid method', { kind: 'write400', body: JSON.parse(CAPTURED.invalidRequestMethod.body) });
    bodies.set('read:not-found', { kind: 'read404', body: await fetchJson('/crm/bulk/v8/read/415086800000539200') });
    sim.injectFault({ kind: 'status', status: 429, retryAfter: 5 });
    bodies.set('read:429', { kind: 'readException', body: await r(read) });
  });
  after(() => sim.close());

  it('every write and read job state the simulator serves validates against the (deviation-patched) spec', () => {
    const oas = patched();
    assert.ok(bodies.size >= 20);
    for (const [name, { kind, body }] of bodies) {
      const errs = errorsOf(validatorFor(oas, kind), body);
      assert.deepEqual(errs, [], `${name}:\n${describeErrors(errs)}`);
    }
    const completed = bodies.get('write:COMPLETED')?.body as { result: { download_url: string } };
    assert.match(completed.result.download_url, /^http:\/\/127\.0\.0\.1:\d+\/v8\/crm\/org4150868\/bulk-write\/\d{19}\/\d{19}\.zip$/);
  });

  for (const dev of DEVIATIONS) {
    it(`deviation still needed: ${dev.id}`, () => {
      const witness = bodies.get(dev.witness);
      assert.ok(witness, dev.witness);
      const without = new ZohoOas(DEVIATIONS.filter((d) => d !== dev));
      assert.notDeepEqual(errorsOf(validatorFor(without, witness.kind), witness.body), [], `${dev.id} no longer needed: ${dev.why}`);
      assert.deepEqual(errorsOf(validatorFor(patched(), witness.kind), witness.body), []);
    });
  }

  it('error bodies: INVALID_URL_PATTERN / INVALID_TOKEN / INVALID_REQUEST_METHOD fit bulk-write API_Exception; the rest fit common API_Exception', () => {
    const oas = patched();
    const writeEx = oas.component('bulk_write.json', 'API_Exception');
    for (const body of [CAPTURED.invalidUrlPattern.body, CAPTURED.invalidRequestMethod.body, errors.INVALID_TOKEN_BODY]) {
      assert.deepEqual(errorsOf(writeEx, JSON.parse(body)), [], body);
    }
    // AUTHENTICATION_FAILURE and TOO_MANY_REQUESTS are not in bulk write's API_Exception code enum
    assert.notDeepEqual(errorsOf(writeEx, JSON.parse(CAPTURED.authenticationFailure.body)), []);
    const common = oas.component('common.json', 'API_Exception');
    const all = [CAPTURED.authenticationFailure.body, errors.TOO_MANY_REQUESTS_BODY, errors.INTERNAL_ERROR_BODY, errors.NO_PERMISSION_BODY,
      errors.AUTHORIZATION_FAILED_BODY, errors.INVALID_TOKEN_BODY, CAPTURED.resourceNotFound.body, CAPTURED.invalidUrlPattern.body];
    for (const body of all) assert.deepEqual(errorsOf(common, JSON.parse(body)), [], body);
  });

  it('the v2 seed body is not the v8 shape (module is a string): checked byte for byte in simSeed instead', () => {
    const errs = errorsOf(validatorFor(patched(), 'write'), JSON.parse(CAPTURED.success.body));
    assert.ok(errs.length > 0);
    // the only failing instance (besides the wrapping oneOf at the root) is the module
    assert.deepEqual([...new Set(errs.filter((e) => e.keyword !== 'oneOf').map((e) => e.instancePath))], ['/resource/0/module']);
    assert.equal(JSON.parse(CAPTURED.success.body).id, SEED_JOB_ID);
  });

  it('the validators do reject wrong shapes', () => {
    const oas = patched();
    const good = bodies.get('write:COMPLETED')?.body as Json;
    assert.notDeepEqual(errorsOf(validatorFor(oas, 'write'), { ...good, resource: 'x' }), []);
    assert.notDeepEqual(errorsOf(validatorFor(oas, 'write'), { ...good, result: {} }), []);
    assert.notDeepEqual(errorsOf(validatorFor(oas, 'write'), { ...good, created_time: 'yesterday' }), []);
    const read = bodies.get('read:COMPLETED')?.body as { data: Json[] };
    assert.notDeepEqual(errorsOf(validatorFor(oas, 'read'), { data: [{ ...read.data[0], state: 'WEIRD' }] }), []);
    assert.notDeepEqual(errorsOf(validatorFor(oas, 'read'), read.data[0]), []);
    // (bulk write's API_Exception requires no key at all, so only an unknown code can fail it)
    assert.notDeepEqual(errorsOf(validatorFor(oas, 'write400'), { code: 'NOPE', details: {}, message: 'x', status: 'error' }), []);
  });
});
