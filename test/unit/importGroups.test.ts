// The import group saved with each job (older files without it still read), and how the view
// groups, orders and sums an import's parts.
import * as assert from 'assert';
import { groupCounts, groupStatus, rootEntries } from '../../src/jobs/import/importGroups';
import { decodeJob, encodeJob } from '../../src/jobs/jobPersistence';
import type { ImportGroup, TrackedJob } from '../../src/jobs/trackedJob';

const group = (part: number, parts = 3, id = 'g1'): ImportGroup => ({ id, file: 'leads.csv', module: 'Leads', operation: 'insert', part, parts });
const job = (id: string, importGroup?: ImportGroup): TrackedJob => ({ id, kind: 'write', addedAt: Number(id), ...(importGroup ? { importGroup } : {}) });

describe('import groups', () => {
  it('saves the group with the job; records without it, or with a broken one, read as plain jobs', () => {
    const j = job('4150868000005392101', group(1));
    const back = decodeJob(JSON.parse(JSON.stringify(encodeJob(j))));
    assert.ok(typeof back !== 'string');
    assert.deepStrictEqual(back.importGroup, group(1));
    const old = decodeJob({ id: '4150868000005392102', kind: 'write', addedAt: 5 });
    assert.ok(typeof old !== 'string' && old.importGroup === undefined && !('importGroup' in encodeJob(old)));
    for (const broken of [{ ...group(3) }, { ...group(0), parts: '3' }, { ...group(0), file: 7 }, 'g1']) {
      const r = decodeJob({ id: '4150868000005392103', kind: 'write', addedAt: 5, importGroup: broken });
      assert.ok(typeof r !== 'string', 'the job itself is still read');
      assert.strictEqual(r.importGroup, undefined, JSON.stringify(broken));
    }
  });

  it('shows a multi-part import as one entry where its first job sorts, its parts in order; single parts stay plain', () => {
    const sorted = [job('1'), job('12', group(2)), job('2', job('x').importGroup), job('10', group(0)), job('20', group(0, 1, 'g2')), job('11', group(1))];
    const entries = rootEntries(sorted);
    assert.deepStrictEqual(entries.map((e) => (e.type === 'job' ? e.job.id : `import:${e.jobs.map((j) => j.id).join(',')}`)), ['1', 'import:10,11,12', '2', '20']);
  });

  it('sums the counts Zoho gave and says running while a part runs', () => {
    const withData = (id: string, status: string, added: number, skipped: number): TrackedJob => ({
      ...job(id, group(Number(id) - 1)),
      data: { kind: 'write', id, status: { status: status as never, raw: status.toUpperCase() }, resources: [{ module: 'Leads', status: { status: status as never, raw: '' }, fieldMappings: [], file: { addedCount: added, skippedCount: skipped, updatedCount: 0, totalCount: added + skipped } }] } as never,
    });
    const parts = [withData('1', 'completed', 24_990, 10), withData('2', 'in-progress', 0, 0), withData('3', 'added', 0, 0)];
    assert.strictEqual(groupStatus(parts), 'in-progress');
    assert.deepStrictEqual(groupCounts(parts), { added: 24_990, updated: 0, skipped: 10, total: 25_000 });
    assert.strictEqual(groupStatus([parts[0], withData('2', 'failed', 0, 0)]), 'failed');
    assert.strictEqual(groupStatus([parts[0]]), 'completed');
    assert.strictEqual(groupCounts([job('9')]), undefined);
  });
});
