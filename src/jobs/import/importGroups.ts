// The tracked jobs as the view shows them: an import sent in several parts is one entry (its
// jobs beneath), every other job its own entry. Pure: the tree (src/ui/jobsTree.ts) and tests
// read it. A single-part import is shown as a plain job; only imports planned in two or more
// parts are grouped.
import { statusInfo } from '../statusTable';
import { jobStatus, writeCounts, type ImportGroup, type JobCounts, type TrackedJob } from '../trackedJob';
import type { JobStatus } from '../../zoho/types';

export type RootEntry =
  | { type: 'job'; job: TrackedJob }
  | { type: 'import'; group: ImportGroup; jobs: TrackedJob[] };

export const isGrouped = (job: TrackedJob): boolean => (job.importGroup?.parts ?? 0) > 1;

/** Root entries in the store's order (unfinished first): a group sits where its first job would; its jobs in part order. */
export function rootEntries(sorted: readonly TrackedJob[]): RootEntry[] {
  const out: RootEntry[] = [];
  const groups = new Map<string, { type: 'import'; group: ImportGroup; jobs: TrackedJob[] }>();
  for (const job of sorted) {
    if (!isGrouped(job)) { out.push({ type: 'job', job }); continue; }
    const g = job.importGroup as ImportGroup;
    let entry = groups.get(g.id);
    if (!entry) { entry = { type: 'import', group: g, jobs: [] }; groups.set(g.id, entry); out.push(entry); }
    entry.jobs.push(job);
  }
  for (const e of groups.values()) e.jobs.sort((a, b) => (a.importGroup?.part ?? 0) - (b.importGroup?.part ?? 0));
  return out;
}

/** The jobs of one group, in part order. */
export function groupJobs(all: readonly TrackedJob[], groupId: string): TrackedJob[] {
  return all.filter((j) => isGrouped(j) && j.importGroup?.id === groupId).sort((a, b) => (a.importGroup?.part ?? 0) - (b.importGroup?.part ?? 0));
}

/**
 * One status for the import: still running while any part runs (the busiest state shows: in progress before queued before added),
 * failed when a part failed, completed when every part has.
 */
export function groupStatus(jobs: readonly TrackedJob[]): JobStatus {
  const statuses = jobs.map(jobStatus);
  const running = statuses.filter((s) => !statusInfo(s).terminal);
  if (running.length > 0) return running.sort((a, b) => statusInfo(a).rank - statusInfo(b).rank)[0];
  if (statuses.includes('failed')) return 'failed';
  if (statuses.length > 0 && statuses.every((s) => s === 'skipped')) return 'skipped';
  return statuses.length > 0 ? 'completed' : 'unknown';
}

/** Added / updated / skipped / total over the parts Zoho has counted so far. */
export function groupCounts(jobs: readonly TrackedJob[]): JobCounts | undefined {
  let sum: JobCounts | undefined;
  for (const j of jobs) {
    const c = writeCounts(j);
    if (!c) continue;
    sum ??= { added: 0, updated: 0, skipped: 0, total: 0 };
    sum.added += c.added; sum.updated += c.updated; sum.skipped += c.skipped; sum.total += c.total;
  }
  return sum;
}

/** The parts the import was planned in (the largest any of its jobs recorded). */
export const groupParts = (jobs: readonly TrackedJob[]): number => Math.max(0, ...jobs.map((j) => j.importGroup?.parts ?? 0));
