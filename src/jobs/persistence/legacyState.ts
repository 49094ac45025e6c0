// The format before one file per job (version 1): the whole list as one value in a key-value
// store (VS Code's globalState). Read only, to migrate it; anything unreadable is reported.
import { decodeJob, isRecord } from './savedJob';
import type { TrackedJob } from '../trackedJob';

export const STATE_KEY = 'zohoBulkJobs.jobs';
const STATE_VERSION = 1;
/** where a version-1 value that could not be read or migrated in full is moved, so that it is never lost */
export const UNREADABLE_STATE_KEY = 'zohoBulkJobs.jobs.unreadable';
/** the ids of the version-1 value's jobs removed while its migration is unfinished (cleared once it is retired) */
export const REMOVED_DURING_MIGRATION_KEY = 'zohoBulkJobs.jobs.removedDuringMigration';

export interface StateStorage {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

type Warn = (message: string) => void;

/** The version-1 value read: the jobs, and whether every part of it could be read. */
export function readLegacy(state: unknown, warn: Warn): { jobs: TrackedJob[]; complete: boolean } {
  if (state === undefined) return { jobs: [], complete: true };
  if (!isRecord(state) || !Array.isArray(state.jobs)) {
    warn('The saved Zoho Bulk Jobs list (format 1) is unreadable; it is kept aside, not loaded.');
    return { jobs: [], complete: false };
  }
  let complete = true;
  if (state.version !== STATE_VERSION) {
    complete = false;
    warn(`The saved Zoho Bulk Jobs list has version ${String(state.version)}, expected ${STATE_VERSION}; reading what can be read.`);
  }
  const jobs: TrackedJob[] = [];
  const seen = new Set<string>();
  state.jobs.forEach((entry: unknown, i: number) => {
    const job = decodeJob(entry);
    if (typeof job === 'string') { complete = false; warn(`Dropped saved job #${i + 1}: ${job}`); }
    else if (seen.has(job.id)) warn(`Dropped a duplicate saved job ${job.id}.`);
    else { seen.add(job.id); jobs.push(job); }
  });
  return { jobs, complete };
}
