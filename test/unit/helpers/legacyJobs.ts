// The version-1 saved list (one globalState value), as the tests build and read it: the extension
// itself only migrates it (src/jobs/persistence/legacyState.ts readLegacy).
import { encodeJob, readLegacy, STATE_KEY, type SavedJob, type StateStorage } from '../../../src/jobs/jobPersistence';
import type { TrackedJob } from '../../../src/jobs/trackedJob';

export interface LegacyState { version: 1; jobs: SavedJob[] }

/** The version-1 value the previous version saved for `jobs`. */
export function serialiseJobs(jobs: Iterable<TrackedJob>): LegacyState {
  return { version: 1, jobs: [...jobs].map(encodeJob) };
}

/** Reads the version-1 list as the migration does; anything unreadable is skipped and reported through `warn`. */
export function readJobs(storage: StateStorage, warn: (message: string) => void): TrackedJob[] {
  return readLegacy(storage.get(STATE_KEY), warn).jobs;
}
