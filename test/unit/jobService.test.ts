// JobService against the simulator: a job added without a kind is looked up as a bulk write job,
// then as a bulk read job; an id Zoho knows as neither is reported without naming a kind.
import * as assert from 'assert';
import { toSnapshot } from '../../src/jobs/snapshot';
import { jobStack, type JobStack } from './helpers/jobStack';

describe('JobService.add', () => {
  let s: JobStack;
  beforeEach(async () => { s = await jobStack(); });
  afterEach(() => s.close());

  it('finds a bulk read job when no kind is given (two lookups)', async () => {
    const id = s.sim.addReadJob({ module: 'Contacts', count: 10 });
    const { outcome } = await s.service.add(id);
    assert.strictEqual(outcome?.error, undefined);
    assert.strictEqual(s.store.get(id)?.kind, 'read');
    assert.deepStrictEqual(s.sim.requests.map((r) => r.path), [`/crm/bulk/v8/write/${id}`, `/crm/bulk/v8/read/${id}`]);
  });

  it('an id that is neither: RESOURCE_NOT_FOUND in plain words, no kind named', async () => {
    await s.service.add('415086800000539200');
    const snap = toSnapshot(s.store.get('415086800000539200')!);
    assert.strictEqual(snap.error?.code, 'RESOURCE_NOT_FOUND');
    assert.match(snap.error!.message, /^Zoho has no bulk job 415086800000539200 in this organisation and data centre \(RESOURCE_NOT_FOUND\)\./);
  });

  it('an explicit kind is looked up once and named', async () => {
    await s.service.add('415086800000539200', 'write');
    assert.match(s.store.get('415086800000539200')!.error!.message, /no bulk write job/);
    assert.strictEqual(s.sim.requests.length, 1);
  });
});
