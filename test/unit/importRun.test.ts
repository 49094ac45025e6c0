// runImport against the real Zoho client and the simulator over loopback: one part, three parts
// (60,000 rows), cancelling before a job is created (nothing created at the simulator), and
// cancelling after part 1 (part 1 tracked and saved with its import group, no more parts sent).
// Also planImport's refusals, in the words a script gets.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clientGateway } from '../../src/jobs/import/clientGateway';
import type { ImportGateway } from '../../src/jobs/import/importGateway';
import { ImportInputError, planImport, readImportOptions } from '../../src/jobs/import/importPlan';
import { runImport, type ImportProgress } from '../../src/jobs/import/importRun';
import { decodeJob, encodeJob } from '../../src/jobs/jobPersistence';
import type { ImportGroup, TrackedJob } from '../../src/jobs/trackedJob';
import { writeCounts } from '../../src/jobs/trackedJob';
import { groupCounts, groupStatus, rootEntries } from '../../src/jobs/import/importGroups';
import { jobStack, type JobStack } from './helpers/jobStack';

const HEADER = 'First Name,Last_Name,Email,Company\n';
const rows = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `Ann${from + i},Lee${from + i},ann${from + i}@example.com,Acme ${(from + i) % 97}\n`).join('');

describe('import: runImport against the simulator', function () {
  this.timeout(60_000);
  let stack: JobStack;
  let gateway: ImportGateway;
  let dir: string;
  const saved: string[] = [];

  before(async () => {
    stack = await jobStack({ timeScale: 0 });
    gateway = clientGateway(() => stack.client);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-import-run-'));
  });
  after(async () => {
    await stack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { stack.sim.reset(); saved.length = 0; for (const j of stack.store.all()) stack.store.remove(j.id); });

  const csv = (name: string, body: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, HEADER + body);
    return p;
  };
  const posts = (part: string): number => stack.sim.requests.filter((r) => r.method === 'POST' && r.path.includes(part)).length;
  const track = async (id: string, group: ImportGroup): Promise<void> => {
    await stack.service.add(id, 'write', group);
    saved.push(id);
  };

  it('imports a small file as one job, tracked with its import group', async () => {
    const file = csv('small.csv', rows(120));
    const plan = await planImport(gateway, file, { module: 'Leads', operation: 'insert' });
    assert.deepStrictEqual(plan.mappings.map((m) => [m.api_name, m.index]), [['First_Name', 0], ['Last_Name', 1], ['Email', 2], ['Company', 3]]);
    const seen: ImportProgress[] = [];
    const out = await runImport(plan, { gateway, track, onProgress: (p) => seen.push(p) });
    assert.strictEqual(out.cancelled, false);
    assert.strictEqual(out.jobIds.length, 1);
    assert.strictEqual(posts('/upload'), 1);
    assert.strictEqual(posts('/crm/bulk/v8/write'), 1);
    const job = stack.store.get(out.jobIds[0]);
    assert.ok(job?.data, 'the job was fetched once after it was created');
    assert.strictEqual(job.data.kind, 'write');
    assert.deepStrictEqual(job.importGroup, { id: out.groupId, file: 'small.csv', module: 'Leads', operation: 'insert', part: 0, parts: 1 });
    assert.deepStrictEqual(seen.map((p) => p.phase), ['splitting', 'uploading', 'creating', 'tracking']);
    assert.strictEqual(seen[seen.length - 1].bytesDone, seen[0].bytesTotal);
    // a single-part import is a plain job in the view
    assert.deepStrictEqual(rootEntries(stack.store.sorted()).map((e) => e.type), ['job']);
  });

  it('splits 60,000 rows into 3 jobs of 25,000 / 25,000 / 10,000 rows, one after the other', async () => {
    const file = csv('big.csv', rows(60_000));
    const plan = await planImport(gateway, file, { module: 'Leads', operation: 'insert' });
    const out = await runImport(plan, { gateway, track });
    assert.strictEqual(out.jobIds.length, 3);
    assert.deepStrictEqual(saved, out.jobIds, 'each part tracked before the next was sent');
    assert.strictEqual(posts('/upload'), 3);
    assert.strictEqual(posts('/crm/bulk/v8/write'), 3);
    const jobs = out.jobIds.map((id) => stack.store.get(id) as TrackedJob);
    assert.deepStrictEqual(jobs.map((j) => j.importGroup?.part), [0, 1, 2]);
    assert.deepStrictEqual(jobs.map((j) => j.importGroup?.parts), [3, 3, 3]);
    // finished at the simulator: the parts' rows add up to the file's
    stack.sim.advance(24 * 3600_000);
    await stack.service.refreshMany(jobs);
    assert.deepStrictEqual(jobs.map((j) => writeCounts(j)?.total), [25_000, 25_000, 10_000]);
    assert.strictEqual(groupStatus(jobs), 'completed');
    assert.strictEqual(groupCounts(jobs)?.total, 60_000);
    const entries = rootEntries(stack.store.sorted());
    assert.strictEqual(entries.length, 1);
    assert.ok(entries[0].type === 'import' && entries[0].jobs.length === 3);
    // the group is saved with each job and read back
    const back = decodeJob(JSON.parse(JSON.stringify(encodeJob(jobs[1]))));
    assert.ok(typeof back !== 'string');
    assert.deepStrictEqual(back.importGroup, jobs[1].importGroup);
  });

  it('cancelled while part 1 uploads: no job is created at Zoho, nothing tracked', async () => {
    const file = csv('cancel-early.csv', rows(30_000));
    const plan = await planImport(gateway, file, { module: 'Leads', operation: 'insert' });
    const ac = new AbortController();
    const out = await runImport(plan, { gateway, track, signal: ac.signal, onProgress: (p) => { if (p.phase === 'uploading') ac.abort(); } });
    assert.strictEqual(out.cancelled, true);
    assert.deepStrictEqual(out.jobIds, []);
    assert.strictEqual(posts('/crm/bulk/v8/write'), 0, 'no create request was sent');
    assert.strictEqual(stack.store.size, 0);
  });

  it('cancelled after part 1 was created: part 1 stays tracked, parts 2 and 3 are not sent', async () => {
    const file = csv('cancel-late.csv', rows(60_000));
    const plan = await planImport(gateway, file, { module: 'Leads', operation: 'insert' });
    const ac = new AbortController();
    const out = await runImport(plan, {
      gateway, signal: ac.signal,
      track: async (id, group) => { await track(id, group); ac.abort(); },
    });
    assert.strictEqual(out.cancelled, true);
    assert.strictEqual(out.jobIds.length, 1);
    assert.strictEqual(posts('/upload'), 1);
    assert.strictEqual(posts('/crm/bulk/v8/write'), 1);
    const job = stack.store.get(out.jobIds[0]);
    assert.ok(job?.data);
    assert.deepStrictEqual([job.importGroup?.part, job.importGroup?.parts], [0, 3]);
    // shown as an import of which 1 of 3 parts exists
    const entries = rootEntries(stack.store.sorted());
    assert.ok(entries.length === 1 && entries[0].type === 'import' && entries[0].jobs.length === 1);
  });

  it('refuses what cannot be imported, saying what is wrong, before anything is sent', async () => {
    const file = csv('plan.csv', rows(3));
    const refuses = async (p: Promise<unknown>, code: string, words: RegExp): Promise<void> => {
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof ImportInputError, String(e));
        assert.strictEqual(e.code, code);
        assert.match(e.message, words);
        return true;
      });
    };
    await refuses(planImport(gateway, file, { module: 'Leeds', operation: 'insert' }), 'UNKNOWN_MODULE', /no module "Leeds".*Leads/);
    await refuses(planImport(gateway, file, { module: 'Leads', operation: 'upsert' }), 'FIND_BY', /needs findBy.*\bid\b/);
    await refuses(planImport(gateway, file, { module: 'Leads', operation: 'update', findBy: 'Company' }), 'FIND_BY', /cannot be matched by "Company"/);
    await refuses(planImport(gateway, file, { module: 'Leads', operation: 'insert', mapping: { Email: 'Email' } }), 'MAPPING', /mandatory field.*Last_Name/i);
    await refuses(planImport(gateway, file, { module: 'Leads', operation: 'insert', mapping: { Nope: 'Last_Name' } }), 'MAPPING', /no column "Nope"/);
    await refuses(planImport(gateway, path.join(dir, 'missing.csv'), { module: 'Leads', operation: 'insert' }), 'CSV_PROBLEMS', /cannot be read/);
    const ragged = path.join(dir, 'ragged.csv');
    fs.writeFileSync(ragged, `${HEADER}a,b,c,d\na,b\n`);
    await refuses(planImport(gateway, ragged, { module: 'Leads', operation: 'insert' }), 'CSV_PROBLEMS', /line 3/);
    assert.throws(() => readImportOptions({ module: 'Leads', operation: 'merge' }), /'insert', 'update' or 'upsert'/);
    assert.throws(() => readImportOptions({ operation: 'insert' }), /need a module/);
    assert.throws(() => readImportOptions({ module: 'Leads', operation: 'insert', mapping: { A: 1 } }), /must be a field api name/);
    assert.strictEqual(posts('/upload') + posts('/crm/bulk/v8/write'), 0);
  });
});
