// Activation with the old format (version 1: the whole list in one globalState value): every job
// is written as a file before the old value is retired; interrupted half-way nothing is lost; a
// value that cannot be read in full is moved aside, never dropped.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  decodeSavedBody, FILE_VERSION, openJobs, STATE_KEY, UNREADABLE_STATE_KEY, type StateStorage,
} from '../../src/jobs/jobPersistence';
import { JobStore } from '../../src/jobs/jobStore';
import { toSnapshot } from '../../src/jobs/snapshot';
import { readJobs, serialiseJobs } from './helpers/legacyJobs';
import { SEED, tempDir, writeBody } from './helpers/savedJobs';

class MapStorage implements StateStorage {
  data = new Map<string, unknown>();
  /** the files in `dir` at each update */
  seen: { key: string; files: string[] }[] = [];
  constructor(private readonly dir?: string) {}
  get(key: string) { return this.data.get(key); }
  async update(key: string, value: unknown) {
    if (this.dir) this.seen.push({ key, files: fs.existsSync(this.dir) ? fs.readdirSync(this.dir).sort() : [] });
    if (value === undefined) this.data.delete(key); else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

/** A version-1 state as the previous version saved it: a body with a big number, an error, a result. */
function oldState(): { state: unknown; store: JobStore } {
  const store = new JobStore();
  store.add(SEED, 'write');
  store.recordSuccess(SEED, decodeSavedBody('write', writeBody(SEED, 'IN PROGRESS')), 1000);
  store.add('7', 'read');
  store.recordError('7', { code: 'RESOURCE_NOT_FOUND', httpStatus: 404, message: 'gone' });
  store.add('8', 'write');
  store.recordResult('8', { csvPath: '/r/8.csv', files: ['/r/8.csv'], rows: 2, downloadedAt: 3 });
  return { state: JSON.parse(JSON.stringify(serialiseJobs(store.all()))) as unknown, store };
}

const sortById = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('migrating the version-1 list', () => {
  let root: string;
  let dir: string;
  beforeEach(() => { root = tempDir(); dir = path.join(root, 'jobs'); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const open = (legacy: StateStorage) => {
    const store = new JobStore();
    const warnings: string[] = [];
    const errors: string[] = [];
    const opened = openJobs(store, { dir, legacy, warn: (w) => warnings.push(w), onError: (e) => errors.push(e), delayMs: 1 });
    return { store, warnings, errors, ...opened };
  };

  it('loads every job, writes each as a file, and only then retires the old value', async () => {
    const { state, store: before } = oldState();
    const legacy = new MapStorage(dir);
    legacy.data.set(STATE_KEY, state);
    const a = open(legacy);
    assert.deepStrictEqual(sortById(a.store.all().map((j) => toSnapshot(j, 'x'))), sortById(before.all().map((j) => toSnapshot(j, 'x'))));
    await a.migrated;
    assert.deepStrictEqual(a.warnings, []);
    assert.strictEqual(legacy.get(STATE_KEY), undefined, 'retired');
    assert.deepStrictEqual(legacy.seen, [{ key: STATE_KEY, files: [`${SEED}.json`, '7.json', '8.json'] }], 'every file was on disk before');
    await a.persistence.dispose();

    const b = open(legacy); // the next activation: from the files alone
    await b.migrated;
    assert.deepStrictEqual(b.warnings, []);
    assert.deepStrictEqual(sortById(b.store.all().map((j) => toSnapshot(j, 'x'))), sortById(before.all().map((j) => toSnapshot(j, 'x'))));
    assert.strictEqual(b.store.get(SEED)?.fetchedAt, 1000);
    assert.match(fs.readFileSync(path.join(dir, `${SEED}.json`), 'utf8'), /4150868000005396001/);
    await b.persistence.dispose();
  });

  it('interrupted half-way (some files written, the old value still there): the files win, the rest is migrated, nothing lost', async () => {
    const { state } = oldState();
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, state);
    fs.mkdirSync(dir, { recursive: true });
    const newer = { version: FILE_VERSION, job: { id: SEED, kind: 'write', addedAt: 1, body: writeBody(SEED, 'COMPLETED'), fetchedAt: 2000 } };
    fs.writeFileSync(path.join(dir, `${SEED}.json`), JSON.stringify(newer));
    const a = open(legacy);
    await a.migrated;
    assert.deepStrictEqual(a.store.all().map((j) => j.id).sort(), [SEED, '7', '8'].sort());
    assert.strictEqual(a.store.get(SEED)?.data?.status.status, 'completed', 'the file, newer than the old value');
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, `${SEED}.json`), 'utf8')), newer, 'not written over');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [`${SEED}.json`, '7.json', '8.json']);
    assert.strictEqual(legacy.get(STATE_KEY), undefined);
    await a.persistence.dispose();
  });

  it('a job that cannot be written keeps the old value in place (migrated next time), the others are written', async () => {
    const { state } = oldState();
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, state);
    const a = open(legacy);
    fs.mkdirSync(path.join(dir, '7.json', 'in-the-way'), { recursive: true }); // before the rename: 7's write fails
    await assert.rejects(a.migrated);
    assert.deepStrictEqual(legacy.get(STATE_KEY), state, 'still there, unchanged');
    assert.ok(a.errors.some((e) => /migrated next time/.test(e)), a.errors.join('\n'));
    assert.ok(fs.existsSync(path.join(dir, `${SEED}.json`)) && fs.existsSync(path.join(dir, '8.json')));
    assert.deepStrictEqual(a.store.all().map((j) => j.id).sort(), [SEED, '7', '8'].sort(), 'shown meanwhile');
    await a.persistence.dispose();
  });

  it('a job whose file a newer version wrote is skipped: the rest migrates, the old value is moved aside, no error on the next activation', async () => {
    const { state } = oldState();
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, state);
    fs.mkdirSync(dir, { recursive: true });
    const newer = JSON.stringify({ version: FILE_VERSION + 1, job: {} });
    fs.writeFileSync(path.join(dir, '7.json'), newer);
    const a = open(legacy);
    await a.migrated;
    assert.deepStrictEqual(a.errors, []);
    assert.deepStrictEqual(a.store.all().map((j) => j.id).sort(), [SEED, '8'].sort(), 'the newer version holds job 7');
    assert.strictEqual(legacy.get(STATE_KEY), undefined, 'retired');
    assert.deepStrictEqual((legacy.get(UNREADABLE_STATE_KEY) as { value: unknown }[]).map((x) => x.value), [state], 'moved aside whole, not dropped');
    assert.strictEqual(fs.readFileSync(path.join(dir, '7.json'), 'utf8'), newer, 'left unchanged');
    await a.persistence.dispose();
    const b = open(legacy);
    await b.migrated;
    assert.deepStrictEqual(b.errors, [], 'not reported again');
    assert.strictEqual(b.warnings.length, 1, 'only the newer file, as on every activation');
    await b.persistence.dispose();
  });

  it('a job removed while the migration is unfinished does not come back from the old value', async () => {
    const { state } = oldState();
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, state);
    const a = open(legacy);
    const blocker = path.join(dir, '8.json');
    fs.mkdirSync(path.join(blocker, 'in-the-way'), { recursive: true }); // 8's write fails: the old value stays
    await assert.rejects(a.migrated);
    assert.ok(a.store.remove('7'));
    await a.persistence.saveNow('7');
    assert.ok(!fs.existsSync(path.join(dir, '7.json')));
    await a.persistence.dispose();

    fs.rmSync(blocker, { recursive: true });
    const b = open(legacy); // the next activation finishes the migration
    assert.deepStrictEqual(b.store.all().map((j) => j.id).sort(), [SEED, '8'].sort(), 'job 7 stays removed');
    await b.migrated;
    assert.deepStrictEqual(b.errors, []);
    assert.strictEqual(legacy.get(STATE_KEY), undefined, 'retired');
    assert.deepStrictEqual([...legacy.data.keys()], [], 'nothing of the migration left behind');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [`${SEED}.json`, '8.json']);
    await b.persistence.dispose();
  });

  it('a version-1 value read in part: the readable jobs migrate, the value is moved aside whole, reported once', async () => {
    const { state } = oldState();
    const jobs = (state as { jobs: unknown[] }).jobs;
    const damaged = { version: 1, jobs: [...jobs, 'garbage', { id: '9', kind: 'delete' }] };
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, damaged);
    const a = open(legacy);
    await a.migrated;
    assert.strictEqual(a.store.size, 3);
    assert.strictEqual(a.warnings.length, 2);
    assert.strictEqual(legacy.get(STATE_KEY), undefined);
    const aside = legacy.get(UNREADABLE_STATE_KEY) as { value: unknown }[];
    assert.deepStrictEqual(aside.map((x) => x.value), [damaged]);
    await a.persistence.dispose();
    const b = open(legacy);
    assert.deepStrictEqual(b.warnings, [], 'reported once');
    assert.strictEqual(b.store.size, 3);
    await b.persistence.dispose();

    legacy.data.set(STATE_KEY, 'not even an object'); // e.g. an older version ran meanwhile and broke it
    const c = open(legacy);
    await c.migrated;
    assert.strictEqual(c.warnings.length, 1);
    assert.strictEqual(c.store.size, 3, 'the files are still loaded');
    assert.deepStrictEqual((legacy.get(UNREADABLE_STATE_KEY) as { value: unknown }[]).map((x) => x.value), [damaged, 'not even an object']);
    await c.persistence.dispose();
  });

  it('a version-1 value from a newer version: what can be read is loaded, the value kept aside', async () => {
    const { state } = oldState();
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, { ...(state as object), version: 3 });
    const a = open(legacy);
    await a.migrated;
    assert.strictEqual(a.store.size, 3);
    assert.strictEqual(a.warnings.length, 1);
    assert.match(a.warnings[0], /version 3/);
    assert.strictEqual((legacy.get(UNREADABLE_STATE_KEY) as unknown[]).length, 1);
    await a.persistence.dispose();
  });

  it('readJobs (version 1) drops corrupt entries with a warning each and never throws', () => {
    const storage = new MapStorage();
    const good = { id: SEED, kind: 'write', addedAt: 1, body: writeBody(SEED, 'ADDED') };
    storage.data.set(STATE_KEY, { version: 1, jobs: [good, 7, { id: '1' }, { id: '2', kind: 'write', body: '{' }, { id: '3', kind: 'write', body: writeBody('4', 'ADDED') }, good] });
    const warnings: string[] = [];
    assert.deepStrictEqual(readJobs(storage, (w) => warnings.push(w)).map((j) => j.id), [SEED]);
    assert.strictEqual(warnings.length, 5);
    for (const junk of [null, 'x', 42, [], { version: 1 }, { version: 1, jobs: 'no' }]) {
      storage.data.set(STATE_KEY, junk);
      assert.deepStrictEqual(readJobs(storage, () => undefined), []);
    }
  });
});
