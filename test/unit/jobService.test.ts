// JobService against the simulator: a job added without a kind is looked up as a bulk write job,
// then as a bulk read job; an id Zoho knows as neither is reported without naming a kind. A poll
// that gets the same bytes back reuses the parsed job; the concurrency slot covers the request only.
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
    const snap = toSnapshot(s.store.get('415086800000539200')!, 'Zoho US');
    assert.strictEqual(snap.error?.code, 'RESOURCE_NOT_FOUND');
    assert.match(snap.error!.message, /^Zoho has no bulk job 415086800000539200 in this organisation and data centre \(RESOURCE_NOT_FOUND\)\./);
  });

  it('an explicit kind is looked up once and named', async () => {
    await s.service.add('415086800000539200', 'write');
    assert.match(s.store.get('415086800000539200')!.error!.message, /no bulk write job/);
    assert.strictEqual(s.sim.requests.length, 1);
  });
});

describe('JobService.refresh', () => {
  let s: JobStack;
  afterEach(() => s.close());

  it('the same bytes again: the parsed job is reused (not parsed again), unchanged; new bytes are parsed', async () => {
    s = await jobStack();
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10 });
    await s.service.add(id, 'write');
    const first = s.store.get(id)!.data;
    assert.ok(first);
    const again = await s.service.refresh(id);
    assert.deepStrictEqual(again, { id, changed: false });
    assert.strictEqual(s.store.get(id)!.data, first, 'the very same parsed object');
    s.sim.setStatus(id, 'COMPLETED');
    const moved = await s.service.refresh(id);
    assert.strictEqual(moved.changed, true);
    const next = s.store.get(id)!.data!;
    assert.notStrictEqual(next, first);
    assert.strictEqual(next.status.status, 'completed');
    assert.strictEqual(s.sim.requests.length, 3);
  });

  it('a job removed while it waits for a slot sends nothing; the store is updated after the slot is free', async () => {
    s = await jobStack({ concurrency: 1, latencyMs: 30 });
    const a = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 1 });
    const b = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 2 });
    const c = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 3 });
    for (const id of [a, b, c]) s.store.add(id, 'write');
    const startedWhenStored: number[] = [];
    s.store.onDidChangeJob(() => startedWhenStored.push(s.service.requestCount));
    const all = s.service.refreshMany([a, c, b].map((id) => s.store.get(id)!)); // in this order
    s.service.remove(b);
    const outcomes = await all;
    assert.deepStrictEqual(s.sim.requests.map((r) => r.path.split('/').pop()).sort(), [a, c].sort());
    assert.deepStrictEqual(outcomes.find((o) => o.id === b), { id: b, changed: false });
    assert.ok(outcomes.filter((o) => o.id !== b).every((o) => o.changed && !o.error));
    // a's answer is stored only after c's request has taken the freed slot; b, removed, sends nothing
    assert.deepStrictEqual(startedWhenStored, [2, 2]);
  });
});
