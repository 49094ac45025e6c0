// The one place raw Zoho job/resource statuses are normalised.
import type { JobStatus, NormalisedStatus } from './types';

const BY_KEY: Readonly<Record<string, JobStatus>> = Object.freeze({
  ADDED: 'added',
  QUEUED: 'queued',
  INPROGRESS: 'in-progress',
  COMPLETED: 'completed',
  FAILED: 'failed',
  FAILURE: 'failed', // bulk read's spelling
  SKIPPED: 'skipped',
});

/**
 * Maps a raw status ("IN PROGRESS", "INPROGRESS", "in progress", "FAILURE", …) to the normalised
 * vocabulary, ignoring case, whitespace, "_" and "-". Anything else is 'unknown', raw kept.
 */
export function normaliseStatus(raw: unknown): NormalisedStatus {
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
  const key = text.replace(/[\s_-]+/g, '').toUpperCase();
  const status = Object.prototype.hasOwnProperty.call(BY_KEY, key) ? BY_KEY[key] : 'unknown';
  return { status, raw: text };
}

