// Activation: loads the saved jobs into the store and starts saving them. The first time, the
// list in the old format (version 1, one globalState value) is migrated: its jobs are loaded and
// written as files, and only once every file is on disk is the old value retired. Interrupted
// half-way, the old value is still there and the next activation finishes the job (a file already
// written wins over the old value's copy). A value that could not be read in full is moved to
// UNREADABLE_STATE_KEY, never dropped.
import type { JobStore } from '../jobStore';
import { JobFiles } from './jobFiles';
import { JobPersistence } from './jobPersistence';
import { readLegacy, STATE_KEY, UNREADABLE_STATE_KEY, type StateStorage } from './legacyState';

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
  const onDisk = loaded.jobs.map((j) => j.id);
  const old = opts.legacy.get(STATE_KEY);
  const legacy = old === undefined ? { jobs: [], complete: true } : readLegacy(old, opts.warn);
  const have = new Set(onDisk);
  store.load([...loaded.jobs, ...legacy.jobs.filter((j) => !have.has(j.id))]);
  // the jobs only the old value holds are written now (the constructor writes what is not on disk)
  const persistence = new JobPersistence(store, files, { delayMs: opts.delayMs, savedIds: onDisk, onError: opts.onError });
  const migrated = old === undefined ? Promise.resolve() : retireLegacy(persistence, opts.legacy, old, legacy.complete && loaded.listed);
  migrated.catch((e: unknown) => opts.onError(`The saved jobs of the previous version stay where they were and will be migrated next time: ${e instanceof Error ? e.message : String(e)}`));
  return { persistence, files, migrated };
}

async function retireLegacy(persistence: JobPersistence, legacy: StateStorage, old: unknown, complete: boolean): Promise<void> {
  await persistence.whenSaved();
  if (!complete) {
    const aside = legacy.get(UNREADABLE_STATE_KEY);
    const kept = Array.isArray(aside) ? aside : aside === undefined ? [] : [aside];
    await legacy.update(UNREADABLE_STATE_KEY, [...kept, { movedAt: Date.now(), value: old }]);
  }
  await legacy.update(STATE_KEY, undefined);
}
