// The saved-jobs folder on a real temporary directory: one file per job, written to a temporary
// name and renamed; unreadable files (truncated, garbage, unknown or newer format) are reported
// once, kept (moved aside, or left alone when a newer version wrote them) and never written over.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSavedBody, encodeJob, FILE_VERSION, JobFiles, UNREADABLE_DIR } from '../../src/jobs/jobPersistence';
import { JobStore } from '../../src/jobs/jobStore';
import { toSnapshot } from '../../src/jobs/snapshot';
import { SEED, tempDir, writeBody } from './helpers/savedJobs';

describe('job files', () => {
  let dir: string;
  beforeEach(() => { dir = path.join(tempDir(), 'jobs'); });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  const load = (files = new JobFiles(dir)) => {
    const warnings: string[] = [];
    const { jobs } = files.loadSync((w) => warnings.push(w));
    return { jobs, warnings };
  };

  it('round-trips ids, kinds, bodies (big numbers exact), errors and results, one file per job, and nothing else', async () => {
    const store = new JobStore();
    store.add(SEED, 'write');
    store.recordSuccess(SEED, decodeSavedBody('write', writeBody(SEED, 'ADDED')), 1234);
    store.add('7', 'read');
    store.recordError('7', { code: 'RESOURCE_NOT_FOUND', httpStatus: 404, message: 'gone' });
    store.recordResult('7', { csvPath: '/r/7.csv', files: ['/r/7.csv'], rows: 3, downloadedAt: 5 });
    const files = new JobFiles(dir); // the folder does not exist yet: the first write creates it
    await Promise.all(store.all().map((j) => files.write(encodeJob(j))));
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [`${SEED}.json`, '7.json']);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, `${SEED}.json`), 'utf8')) as { version: number; job: Record<string, unknown> };
    assert.strictEqual(saved.version, FILE_VERSION);
    assert.deepStrictEqual(Object.keys(saved.job).sort(), ['addedAt', 'body', 'fetchedAt', 'id', 'kind']);
    const { jobs, warnings } = load();
    assert.deepStrictEqual(warnings, []);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    assert.deepStrictEqual(jobs.map((j) => toSnapshot(j, 'x')).sort(byId), store.all().map((j) => toSnapshot(j, 'x')).sort(byId));
    assert.match(fs.readFileSync(path.join(dir, `${SEED}.json`), 'utf8'), /4150868000005396001/);
    assert.strictEqual(jobs.find((j) => j.id === SEED)?.fetchedAt, 1234);
  });

  it('writes to a temporary name and renames it: a new file (inode) each time, no temporary file left, the last write wins', async () => {
    const files = new JobFiles(dir);
    await files.write({ id: SEED, kind: 'write', addedAt: 1 });
    const file = path.join(dir, `${SEED}.json`);
    const reader = fs.openSync(file, 'r'); // a reader that opened the file before the writes
    try {
      const before = fs.fstatSync(reader).ino;
      // many writes of one job at once: run in order, each whole
      await Promise.all(Array.from({ length: 20 }, (_, i) => files.write({ id: SEED, kind: 'write', addedAt: i + 2 })));
      assert.notStrictEqual(fs.statSync(file).ino, before, 'replaced by rename, not rewritten in place');
      assert.match(fs.readFileSync(reader, 'utf8'), /"addedAt":1\}/, 'the earlier reader still sees the whole old file');
    } finally { fs.closeSync(reader); }
    assert.deepStrictEqual(fs.readdirSync(dir), [`${SEED}.json`]);
    assert.strictEqual((JSON.parse(fs.readFileSync(file, 'utf8')) as { job: { addedAt: number } }).job.addedAt, 21);
  });

  it('a write cut off by a killed process leaves the previous file whole; its temporary file is ignored, removed once stale', async () => {
    const files = new JobFiles(dir);
    await files.write({ id: SEED, kind: 'write', addedAt: 1 });
    const fresh = path.join(dir, `.${SEED}.json.999-1.tmp`);
    const stale = path.join(dir, `.${SEED}.json.999-2.tmp`);
    fs.writeFileSync(fresh, '{"version":2,"job":{"id":"41508');
    fs.writeFileSync(stale, '{"version":2,"jo');
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(stale, old, old);
    const { jobs, warnings } = load();
    assert.deepStrictEqual(warnings, []);
    assert.deepStrictEqual(jobs.map((j) => [j.id, j.addedAt]), [[SEED, 1]]);
    assert.ok(fs.existsSync(fresh), 'another window may still be writing it');
    assert.ok(!fs.existsSync(stale));
  });

  it('truncated, garbage and unknown-format files: the rest loads, each is reported once and moved aside, never deleted', async () => {
    const files = new JobFiles(dir);
    await files.write({ id: SEED, kind: 'write', addedAt: 1, body: writeBody(SEED, 'ADDED') });
    const whole = fs.readFileSync(path.join(dir, `${SEED}.json`), 'utf8');
    const bad: Record<string, string> = {
      '11.json': whole.slice(0, whole.length - 9), // truncated
      '12.json': '\u0000\u0001garbage',
      '13.json': JSON.stringify({ version: 1, job: { id: '13', kind: 'write', addedAt: 1 } }),
      '14.json': JSON.stringify({ version: FILE_VERSION, job: { id: '14', kind: 'delete' } }),
      '15.json': JSON.stringify({ version: FILE_VERSION, job: { id: '16', kind: 'write', addedAt: 1 } }), // another job's file
      '17.json': JSON.stringify({ version: FILE_VERSION, job: { id: '17', kind: 'write', body: '{"id":"17",' } }),
      '18.json': '[]',
    };
    for (const [name, text] of Object.entries(bad)) fs.writeFileSync(path.join(dir, name), text);
    const first = load();
    assert.deepStrictEqual(first.jobs.map((j) => j.id), [SEED]);
    assert.strictEqual(first.warnings.length, Object.keys(bad).length, first.warnings.join('\n'));
    for (const name of Object.keys(bad)) {
      assert.ok(first.warnings.some((w) => w.includes(name)), `${name} is named`);
      assert.strictEqual(fs.readFileSync(path.join(dir, UNREADABLE_DIR, name), 'utf8'), bad[name], `${name} kept as it was`);
    }
    const again = load();
    assert.deepStrictEqual(again.warnings, [], 'reported once');
    assert.deepStrictEqual(again.jobs.map((j) => j.id), [SEED]);
    // the same name turning bad again does not replace what was moved aside before
    fs.writeFileSync(path.join(dir, '11.json'), '{');
    assert.strictEqual(load().warnings.length, 1);
    assert.strictEqual(fs.readdirSync(path.join(dir, UNREADABLE_DIR)).filter((n) => n.endsWith('11.json')).length, 2);
  });

  it('a file from a newer version is left in place, reported, and never written over or removed (removing that job leaves it)', async () => {
    const future = JSON.stringify({ version: FILE_VERSION + 1, job: { id: '21', kind: 'write', addedAt: 1, somethingNew: true } });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '21.json'), future);
    const files = new JobFiles(dir);
    const warnings: string[] = [];
    assert.deepStrictEqual(files.loadSync((w) => warnings.push(w)).jobs, []);
    assert.strictEqual(warnings.length, 1);
    assert.match(warnings[0], /newer version/);
    await assert.rejects(files.write({ id: '21', kind: 'write', addedAt: 2 }), /21\.json could not be read and is left unchanged/);
    await files.remove({ id: '21' }); // stop tracking it: that file is not this version's to delete
    assert.strictEqual(fs.readFileSync(path.join(dir, '21.json'), 'utf8'), future);
  });

  it('a folder that cannot be listed is reported and says so (nothing may be concluded from it)', () => {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(dir, 'a file where the folder should be');
    const warnings: string[] = [];
    const r = new JobFiles(dir).loadSync((w) => warnings.push(w));
    assert.deepStrictEqual(r, { jobs: [], listed: false });
    assert.strictEqual(warnings.length, 1);
    assert.strictEqual(fs.readFileSync(dir, 'utf8'), 'a file where the folder should be');
  });

  it('removes a job\'s file; removing one that is not there is no error', async () => {
    const files = new JobFiles(dir);
    await files.write({ id: '31', kind: 'read', addedAt: 1 });
    await files.remove({ id: '31' });
    await files.remove({ id: '32' });
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });
});
