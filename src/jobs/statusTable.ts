// The one status table: every place that shows or reasons about a job's status reads it here.
// Icons are codicon ids and colours are theme colour ids, kept as strings (no vscode import).
import type { JobStatus } from '../zoho/types';

export interface StatusInfo {
  label: string;
  icon: string;
  /** theme colour id for the icon */
  color?: string;
  /** the job will not change any more */
  terminal: boolean;
  /** the scheduler polls jobs in this state */
  polled: boolean;
  /** sort rank: unfinished first */
  rank: number;
}

export const STATUS_TABLE: Readonly<Record<JobStatus, StatusInfo>> = {
  'in-progress': { label: 'In progress', icon: 'sync~spin', color: 'charts.blue', terminal: false, polled: true, rank: 0 },
  queued: { label: 'Queued', icon: 'watch', color: 'charts.yellow', terminal: false, polled: true, rank: 1 },
  added: { label: 'Added', icon: 'clock', color: 'charts.yellow', terminal: false, polled: true, rank: 2 },
  unknown: { label: 'Unknown', icon: 'question', color: 'descriptionForeground', terminal: false, polled: false, rank: 3 },
  failed: { label: 'Failed', icon: 'error', color: 'testing.iconFailed', terminal: true, polled: false, rank: 4 },
  skipped: { label: 'Skipped', icon: 'circle-slash', color: 'charts.orange', terminal: true, polled: false, rank: 5 },
  completed: { label: 'Completed', icon: 'pass', color: 'testing.iconPassed', terminal: true, polled: false, rank: 5 },
};

export function statusInfo(status: JobStatus): StatusInfo {
  return STATUS_TABLE[status] ?? STATUS_TABLE.unknown;
}
