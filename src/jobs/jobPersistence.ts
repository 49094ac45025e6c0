// Saving the tracked jobs, in one import: one file per job under the extension's global storage
// (persistence/jobFiles.ts), kept in step with the store (persistence/jobPersistence.ts), opened
// and migrated from the old single-value format at activation (persistence/openJobs.ts).
export { decodeSavedBody, decodeJob, encodeJob, type SavedJob } from './persistence/savedJob';
export { readLegacy, STATE_KEY, UNREADABLE_STATE_KEY, type StateStorage } from './persistence/legacyState';
export { FILE_VERSION, fileNameFor, JobFiles, UNREADABLE_DIR, type JobFile } from './persistence/jobFiles';
export { JobPersistence, type JobWriter } from './persistence/jobPersistence';
export { openJobs, type OpenedJobs } from './persistence/openJobs';
