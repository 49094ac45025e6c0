// Saving in step with the store, on a real temporary folder: a job added or removed is on disk
// when saveNow()/JobService.add()/remove() resolve; poll changes are coalesced into one write
// per changed job; a poll that only confirms a job writes nothing until flush/dispose.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSavedBody, FILE_VERSION, JobFiles, JobPersistence, type SavedJob } from '../../src/jobs/jobPersistence';
import { JobService } from '../../src/jobs/jobService';
import { JobStore } from '../../src/jobs/jobStore';
import { jobStack, type JobStack } from './helpers/jobStack';
import { SEED, tempDir, writeBody } from './helpers/savedJobs';

/** The real JobFiles, counting what it is asked to do. */
class CountingFiles extends JobFiles {
  writes: string[] = [];
  removes: string[] = [];
  override write(job: SavedJob) { this.writes.push(job.id); return super.write(job); }
  override remove(job: { id: string }) { this.removes.push(job.id); return super.remove(job); }
}

const settle = (ms = 40) => new Promise((r) => setTimeout(r, ms));

describe('job persistence', () => {
  let root: string;
  let dir: string;
  let files: CountingFiles;
  beforeEach(() => { root = tempDir(); dir = path.join(root, 'jobs'); files = new CountingFiles(dir); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const onDisk = (id: string) => {
    const f = path.join(dir, `${id}.json`);
    return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as { version: number; job: SavedJob }) : undefined;
  };

  it('an added job is on disk when saveNow resolves, a removed one gone; no timer involved', async () => {
    const store = new JobStore();
    const p = new JobPersistence(store, files, { delayMs: 60_000 });
    store.add(SEED, 'write');
    await p.saveNow(SEED);
    assert.deepStrictEqual(onDisk(SEED), { version: FILE_VERSION, job: { id: SEED, kind: 'write', addedAt: store.get(SEED)!.addedAt } });
    assert.deepStrictEqual(files.writes, [SEED], 'the list event and saveNow share one write');
    store.remove(SEED);
    await p.saveNow(SEED);
    assert.strictEqual(onDisk(SEED), undefined);
    assert.deepStrictEqual(files.removes, [SEED]);
    await p.dispose();
  });

  it('with 2,000 saved jobs, one job\'s change writes that job\'s file alone; poll bursts are coalesced per job', async () => {
    const store = new JobStore();
    const ids = Array.from({ length: 2000 }, (_, i) => `41508680000054${String(i).padStart(5, '0')}`);
    store.load(ids.map((id) => ({ id, kind: 'write' as const, addedAt: 1 })));
    const p = new JobPersistence(store, files, { delayMs: 20, savedIds: ids });
    assert.deepStrictEqual(files.writes, [], 'jobs loaded from disk are not written again');
    store.recordSuccess(ids[5], decodeSavedBody('write', writeBody(ids[5], 'IN PROGRESS')));
    store.recordSuccess(ids[5], decodeSavedBody('write', writeBody(ids[5], 'COMPLETED')));
    store.recordError(ids[9], { code: 'NETWORK_ERROR', message: 'reset' });
    assert.deepStrictEqual(files.writes, [], 'poll changes wait for the coalesced write');
    await settle();
    assert.deepStrictEqual(files.writes.sort(), [ids[5], ids[9]].sort());
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [`${ids[5]}.json`, `${ids[9]}.json`]);
    assert.match(onDisk(ids[5])!.job.body!, /COMPLETED/);
    await p.dispose();
  });

  it('writes when what it saves changes, not when a poll only confirms a job; dispose() saves the refresh times', async () => {
    const store = new JobStore();
    store.add(SEED, 'write');
    store.recordSuccess(SEED, decodeSavedBody('write', writeBody(SEED, 'IN PROGRESS')), 1000);
    const p = new JobPersistence(store, files, { delayMs: 1 });
    await p.whenSaved();
    files.writes = [];
    const same = () => store.recordSuccess(SEED, decodeSavedBody('write', writeBody(SEED, 'IN PROGRESS')), Date.now());

    same(); // a saved job confirmed by a poll
    await settle();
    assert.strictEqual(files.writes.length, 0);
    store.recordError(SEED, { code: 'NETWORK_ERROR', message: 'reset' });
    await settle();
    assert.strictEqual(files.writes.length, 1, 'a new error is saved');
    store.recordError(SEED, { code: 'NETWORK_ERROR', message: 'reset' }); // the same error, later
    await settle();
    assert.strictEqual(files.writes.length, 1);
    same(); // the error clears
    await settle();
    assert.strictEqual(files.writes.length, 2);
    same();
    same();
    await settle();
    assert.strictEqual(files.writes.length, 2, 'confirming polls write nothing');
    store.recordResult(SEED, { csvPath: '/r/x.csv', files: ['/r/x.csv'], rows: 1, downloadedAt: 1 });
    await settle();
    assert.strictEqual(files.writes.length, 3, 'a result is saved');
    const confirmedAt = Date.now() + 5000;
    store.recordSuccess(SEED, decodeSavedBody('write', writeBody(SEED, 'IN PROGRESS')), confirmedAt);
    await settle();
    assert.strictEqual(files.writes.length, 3);
    const closing = p.dispose();
    assert.strictEqual(files.writes.length, 4, 'dispose writes the refresh times polls left unsaved');
    await closing;
    assert.strictEqual(onDisk(SEED)!.job.fetchedAt, confirmedAt, 'on disk when the dispose promise resolves');
    assert.strictEqual(p.dispose(), closing, 'disposing twice writes nothing more');
  });

  it('a pending poll write is on disk when the dispose promise (deactivate) resolves', async () => {
    const store = new JobStore();
    store.add(SEED, 'write');
    const p = new JobPersistence(store, files, { delayMs: 60_000 });
    await p.whenSaved();
    store.recordSuccess(SEED, decodeSavedBody('write', writeBody(SEED, 'COMPLETED')));
    assert.match(onDisk(SEED)?.job.body ?? 'no body yet', /no body yet/);
    await p.dispose();
    assert.match(onDisk(SEED)!.job.body!, /COMPLETED/);
  });

  it('a failed write is reported with the job id, and the next change tries again', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${SEED}.json`), JSON.stringify({ version: FILE_VERSION + 1, job: {} }));
    files.loadSync(() => undefined); // a newer version's file: never written over
    const store = new JobStore();
    const errors: string[] = [];
    const p = new JobPersistence(store, files, { delayMs: 1, onError: (m) => errors.push(m) });
    store.add(SEED, 'write');
    await assert.rejects(p.saveNow(SEED), new RegExp(`Job ${SEED} could not be saved, so a restart would not show it`));
    assert.strictEqual(errors.length, 1);
    store.recordError(SEED, { code: 'X', message: 'y' });
    await settle();
    assert.strictEqual(files.writes.length, 2, 'tried again');
    await p.dispose();
  });
});

describe('JobService with persistence', () => {
  let s: JobStack;
  let root: string;
  afterEach(async () => { await s.close(); fs.rmSync(root, { recursive: true, force: true }); });
  /** A simulator-backed stack whose JobService saves through the real JobPersistence into a temporary folder. */
  const persisted = async () => {
    s = await jobStack();
    root = tempDir();
    const dir = path.join(root, 'jobs');
    const persistence = new JobPersistence(s.store, new JobFiles(dir), { delayMs: 60_000 });
    return { dir, persistence, service: new JobService(s.store, s.client, { saveNow: (id) => persistence.saveNow(id) }) };
  };

  it('add() resolves with the job and its first answer on disk; remove() once its file is gone', async () => {
    const { dir, persistence, service } = await persisted();
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 3 });
    await service.add(id);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, `${id}.json`), 'utf8')) as { job: SavedJob };
    assert.strictEqual(saved.job.id, id);
    assert.match(saved.job.body ?? '', new RegExp(`"id":\\s*"?${id}`), 'the answer of the add, not only the id');
    assert.strictEqual(await service.remove(id), true);
    assert.ok(!fs.existsSync(path.join(dir, `${id}.json`)));
    assert.strictEqual(await service.remove(id), false);
    await persistence.dispose();
  });

  it('removeMany() (Remove Connection): one list event for 3,000 jobs, resolves once every file is gone, other jobs kept', async () => {
    const { dir, persistence, service } = await persisted();
    const ids = Array.from({ length: 3000 }, (_, i) => `41508680000054${String(i).padStart(5, '0')}`);
    for (const id of ids) s.store.add(id, 'write', undefined, 'c2');
    s.store.add(SEED, 'write');
    await persistence.flush();
    assert.strictEqual(fs.readdirSync(dir).length, 3001);
    let listEvents = 0;
    s.store.onDidChangeList(() => listEvents++);
    const keys = s.store.ofConnection('c2').map((j) => `c2~${j.id}`);
    assert.strictEqual(await service.removeMany([...keys, ...keys.slice(0, 5), 'c2~1']), 3000, 'counts each tracked job once; an unknown key is no error');
    assert.strictEqual(listEvents, 1);
    assert.deepStrictEqual(fs.readdirSync(dir), [`${SEED}.json`], 'resolved with every removed file gone, the other connection\'s job kept');
    assert.deepStrictEqual(s.store.all().map((j) => j.id), [SEED]);
    assert.strictEqual(await service.removeMany(keys), 0);
    assert.strictEqual(listEvents, 1, 'nothing removed: no event');
    await persistence.dispose();
  });
});
