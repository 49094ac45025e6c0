// Activation: loads the saved jobs into the store and starts saving them. The first time, the
// list in the old format (version 1, one globalState value) is migrated: its jobs are loaded and
// written as files, and only once each of them is on disk or deliberately skipped is the old
// value retired. Skipped are:
// - a job whose file this process leaves alone (a newer version's, or one that cannot be read):
//   that file holds the job, writing it would fail on every activation; the old value is then
//   moved to UNREADABLE_STATE_KEY instead of dropped, as is a value that could not be read in full;
// - a job removed while the migration is unfinished: until the old value is retired, removing one
//   of its jobs first records the id under REMOVED_DURING_MIGRATION_KEY, so that the next
//   activation does not bring it back from the old value (cleared once the old value is retired).
// Interrupted half-way, the old value is still there and the next activation finishes the job (a
// file already written wins over the old value's copy).
import type { JobStore } from '../jobStore';
import { keyOf } from '../connections/jobKey';
import { JobFiles } from './jobFiles';
import { JobPersistence, type JobWriter } from './jobPersistence';
import { readLegacy, REMOVED_DURING_MIGRATION_KEY, STATE_KEY, UNREADABLE_STATE_KEY, type StateStorage } from './legacyState';

export interface OpenJobsOptions {
  /** the folder of the job files */
  dir: string;
  /** where the old format lives (VS Code's globalState) */
  legacy: StateStorage;
  /** one call per thing that could not be read */
  warn: (message: string) => void;
  /** a write that failed */
  onError: (message: string) => void;
  delayMs?: number;
}

export interface OpenedJobs {
  persistence: JobPersistence;
  files: JobFiles;
  /** settles when the old format is migrated (at once when there is none); rejects if it stays in place */
  migrated: Promise<void>;
}

export function openJobs(store: JobStore, opts: OpenJobsOptions): OpenedJobs {
  const files = new JobFiles(opts.dir);
  const loaded = files.loadSync(opts.warn);
  const onDisk = loaded.jobs.map(keyOf);
  const old = opts.legacy.get(STATE_KEY);
  if (old === undefined) {
    // retired earlier; what a removal recorded meanwhile may have outlived it
    if (opts.legacy.get(REMOVED_DURING_MIGRATION_KEY) !== undefined) opts.legacy.update(REMOVED_DURING_MIGRATION_KEY, undefined).then(undefined, () => undefined);
    store.load(loaded.jobs);
    return { persistence: new JobPersistence(store, files, { delayMs: opts.delayMs, savedIds: onDisk, onError: opts.onError }), files, migrated: Promise.resolve() };
  }
  const legacy = readLegacy(old, opts.warn);
  const removed = new Removals(opts.legacy, legacy.jobs.map((j) => j.id));
  const have = new Set(onDisk);
  const skipped = legacy.jobs.filter((j) => files.keeps(j));
  store.load([...loaded.jobs, ...legacy.jobs.filter((j) => !have.has(keyOf(j)) && !files.keeps(j) && !removed.has(j.id))]);
  const writer: JobWriter = { write: (job) => files.write(job), remove: async (job) => { if (job.connection === undefined) await removed.record(job.id); await files.remove(job); } };
  // the jobs only the old value holds are written now (the constructor writes what is not on disk)
  const persistence = new JobPersistence(store, writer, { delayMs: opts.delayMs, savedIds: onDisk, onError: opts.onError });
  const migrated = retireLegacy(persistence, opts.legacy, old, legacy.complete && loaded.listed && skipped.length === 0, removed);
  migrated.catch((e: unknown) => opts.onError(`The saved jobs of the previous version stay where they were and will be migrated next time: ${e instanceof Error ? e.message : String(e)}`));
  return { persistence, files, migrated };
}

async function retireLegacy(persistence: JobPersistence, legacy: StateStorage, old: unknown, complete: boolean, removed: Removals): Promise<void> {
  await persistence.whenSaved();
  if (!complete) {
    const aside = legacy.get(UNREADABLE_STATE_KEY);
    const kept = Array.isArray(aside) ? aside : aside === undefined ? [] : [aside];
    await legacy.update(UNREADABLE_STATE_KEY, [...kept, { movedAt: Date.now(), value: old }]);
  }
  await legacy.update(STATE_KEY, undefined);
  await removed.clear();
}

/** The old value's jobs removed while it is not retired yet, kept beside it (REMOVED_DURING_MIGRATION_KEY). */
class Removals {
  private readonly ids: Set<string>;
  private readonly oldIds: Set<string>;
  private chain: Promise<unknown> = Promise.resolve();
  private retired = false;

  constructor(private readonly legacy: StateStorage, oldIds: string[]) {
    const v = legacy.get(REMOVED_DURING_MIGRATION_KEY);
    this.ids = new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    this.oldIds = new Set(oldIds);
  }

  has(id: string): boolean { return this.ids.has(id); }

  /** Resolves once `id` is recorded (at once when the old value does not hold it or is retired). */
  record(id: string): Promise<void> {
    if (this.retired || !this.oldIds.has(id) || this.ids.has(id)) return Promise.resolve();
    this.ids.add(id);
    return this.then(() => this.legacy.update(REMOVED_DURING_MIGRATION_KEY, [...this.ids]));
  }

  /** The old value is retired: nothing is recorded any more, and the record goes. */
  clear(): Promise<void> {
    this.retired = true;
    return this.ids.size === 0 ? Promise.resolve() : this.then(() => this.legacy.update(REMOVED_DURING_MIGRATION_KEY, undefined));
  }

  private then(op: () => PromiseLike<void>): Promise<void> {
    const next = this.chain.catch(() => undefined).then(op);
    this.chain = next;
    return next;
  }
}
