// Saving with 10,000 tracked jobs (realistic COMPLETED bodies), on a real temporary folder:
//  - save after one change: a job's body changes, flush() → that job's file on disk (the 300 ms
//    coalescing delay of poll updates is left out: it is a wait, not work); target < 50 ms;
//  - add a job / remove a job, as the commands do (store change + saveNow, awaited);
//  - restart: the 10,000 files read back into a new store (activation's synchronous load) → 0 lost;
//  - Remove Connection: all 10,000 jobs stopped at once (JobService.removeMany), every file gone;
//  - the one-time migration from the version-1 globalState list, and the first write of every file.
// Called from bench/run.ts (results.json `storage`); alone: `npx tsx bench/storage.ts [jobs]`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  decodeSavedBody, JobFiles, JobPersistence, openJobs, STATE_KEY, type SavedJob, type StateStorage,
} from '../src/jobs/jobPersistence';
import { keyOf } from '../src/jobs/connections/jobKey';
import { JobService } from '../src/jobs/jobService';
import { JobStore } from '../src/jobs/jobStore';
import { startSimulator } from '../test/sim/server';
import { fetchSampleBodies, savedState, trackedFromSaved, variantBodies, type SavedBody } from './bodies';
import { benchClient, median, round, TOKEN } from './common';

export interface StorageFigures {
  jobs: number;
  /** one job's body changed → flush() resolved with its file on disk (median, ms) */
  saveOneChangeMs: number;
  saveOneChangeRuns: number[];
  /** files written per such change, counted on disk (new inode, mtime or size; the most of any run; must be 1) */
  filesPerChange: number;
  /** store.add + saveNow (what Add Job waits for before it fetches), median ms */
  addJobMs: number;
  /** store.remove + saveNow, median ms */
  removeJobMs: number;
  /** activation's load of every file into a new store (median of 5, ms) */
  loadMs: number;
  loadRuns: number[];
  /** jobs missing, different or extra after a restart (the most of the 5 loads; must be 0) */
  lost: number;
  /** every job removed at once, as Remove Connection does, until the last file is gone (ms) */
  removeAllMs: number;
  /** version-1 list → one file per job, until the old value is retired (one time, ms) */
  migrationMs: number;
  migratedFiles: number;
  /** the saved folder on disk, bytes of JSON */
  folderBytes: number;
  /** the version-1 value's size, for comparison (it was rewritten whole on each change) */
  oldFormatChars: number;
}

class CountingFiles extends JobFiles {
  writes = 0;
  override write(job: SavedJob) { this.writes++; return super.write(job); }
}

class MapStorage implements StateStorage {
  readonly data = new Map<string, unknown>();
  get(key: string) { return this.data.get(key); }
  async update(key: string, value: unknown) { if (value === undefined) this.data.delete(key); else this.data.set(key, value); }
}

const fail = (m: string): never => { throw new Error(m); };

/** Each file in `dir` with what changes when it is written (a rename over it gives a new inode). */
function fileStamps(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir).map((f) => {
    const st = fs.statSync(path.join(dir, f));
    return [f, `${st.ino}:${st.mtimeMs}:${st.size}`];
  }));
}

/** Files written, created or removed between two fileStamps. */
function filesChanged(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [f, stamp] of after) if (before.get(f) !== stamp) n++;
  for (const f of before.keys()) if (!after.has(f)) n++;
  return n;
}

export async function benchStorage(samples: readonly SavedBody[], n: number, log: (s: string) => void = () => undefined): Promise<StorageFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-bench-storage-'));
  const dir = path.join(root, 'jobs');
  try {
    const saved = variantBodies(samples, n);
    const state = savedState(saved);
    const oldFormatChars = JSON.stringify(state).length;

    // the one-time migration: the version-1 list in globalState, no files yet
    log(`  storage: migrating ${n} jobs from the version-1 list…`);
    const legacy = new MapStorage();
    legacy.data.set(STATE_KEY, state);
    let t = performance.now();
    const first = openJobs(new JobStore(), { dir, legacy, warn: fail, onError: fail });
    await first.migrated;
    const migrationMs = performance.now() - t;
    if (legacy.get(STATE_KEY) !== undefined) fail('the version-1 value was not retired');
    const migratedFiles = fs.readdirSync(dir).length;
    await first.persistence.dispose();

    // one change with n jobs tracked
    log('  storage: saving one change…');
    const store = new JobStore();
    store.load(trackedFromSaved(saved));
    const files = new CountingFiles(dir);
    const persistence = new JobPersistence(store, files, { delayMs: 60_000, savedIds: saved.map((s) => s.id) });
    if (files.writes !== 0) fail(`${files.writes} files written for jobs already saved`);
    const runs: number[] = [];
    let filesPerChange = 0;
    for (let i = 0; i < 15; i++) {
      const s = saved[(i * 997) % n];
      const body = s.body.replace(/"COMPLETED"/g, i % 2 ? '"COMPLETED"' : '"FAILED"'); // a real change, not a confirmation
      const fetch = decodeSavedBody(s.kind, i % 2 ? s.body : body);
      const before = fileStamps(dir); // outside the timed part
      t = performance.now();
      store.recordSuccess(s.id, fetch);
      await persistence.flush();
      runs.push(performance.now() - t);
      filesPerChange = Math.max(filesPerChange, filesChanged(before, fileStamps(dir)));
    }
    const adds: number[] = [];
    const removes: number[] = [];
    for (let i = 0; i < 15; i++) {
      const id = String(4150868000009000000n + BigInt(i));
      t = performance.now();
      store.add(id, 'write');
      await persistence.saveNow(id);
      adds.push(performance.now() - t);
      t = performance.now();
      store.remove(id);
      await persistence.saveNow(id);
      removes.push(performance.now() - t);
    }
    await persistence.dispose();
    const expected = new Map(store.all().map((j) => [j.id, j.rawJson]));

    // restart: activation reads every file back
    log('  storage: restarting (loading every file)…');
    const loadRuns: number[] = [];
    let lost = 0;
    for (let i = 0; i < 5; i++) {
      const fresh = new JobStore();
      t = performance.now();
      const opened = openJobs(fresh, { dir, legacy: new MapStorage(), warn: fail, onError: fail });
      loadRuns.push(performance.now() - t);
      await opened.persistence.dispose();
      const lostNow = [...expected].filter(([id, body]) => fresh.get(id)?.rawJson !== body).length + Math.max(0, fresh.size - expected.size);
      lost = Math.max(lost, lostNow); // every load counts, not only the last
      if (fresh.size !== n) log(`  storage: ${fresh.size} of ${n} jobs loaded`);
    }
    const folderBytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

    // Remove Connection: every job at once, awaited until its file is gone
    log(`  storage: removing all ${n} jobs at once…`);
    const last = new JobStore();
    const opened = openJobs(last, { dir, legacy: new MapStorage(), warn: fail, onError: fail });
    const service = new JobService(last, { getJob: () => fail('nothing is fetched') }, { saveNow: (id) => opened.persistence.saveNow(id) });
    t = performance.now();
    const removedAll = await service.removeMany(last.all().map(keyOf));
    const removeAllMs = performance.now() - t;
    await opened.persistence.dispose();
    const left = fs.readdirSync(dir).length;
    if (removedAll !== n || left !== 0) fail(`Remove Connection: ${removedAll} of ${n} jobs removed, ${left} files left`);
    return {
      jobs: n,
      saveOneChangeMs: round(median(runs), 2), saveOneChangeRuns: runs.map((x) => round(x, 2)), filesPerChange,
      addJobMs: round(median(adds), 2), removeJobMs: round(median(removes), 2),
      loadMs: round(median(loadRuns)), loadRuns: loadRuns.map((x) => round(x)), lost, removeAllMs: round(removeAllMs),
      migrationMs: round(migrationMs), migratedFiles, folderBytes, oldFormatChars,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Sample bodies from a simulator of our own (when run alone). */
export async function sampleBodies(): Promise<SavedBody[]> {
  const sim = await startSimulator({ port: 0, token: TOKEN, seed: false });
  try { return await fetchSampleBodies(sim, benchClient(sim)); } finally { await sim.close(); }
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10_000);
  sampleBodies()
    .then((samples) => benchStorage(samples, n, (s) => process.stderr.write(`${s}\n`)))
    .then((figures) => console.log(JSON.stringify(figures, null, 1)))
    .catch((e: unknown) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
}
