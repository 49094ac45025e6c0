// Identifiers shared with package.json's contributions.
export const VIEW_ID = 'zohoBulkJobsView';
export const FOCUS_VIEW_COMMAND = `${VIEW_ID}.focus`;
export const CONTEXT_SIGNED_IN = 'zohoBulkJobs.signedIn';
export const CONTEXT_JOB_COUNT = 'zohoBulkJobs.jobCount';
