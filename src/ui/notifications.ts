// Tells the user when a job finishes (setting zohoBulkJobs.notifications: all / failures / off):
// "Leads · insert finished: 120 added, 3 skipped" with "Show" and "Open JSON". Jobs that were
// already finished when first loaded do not notify.
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { JobStatus } from '../zoho/types';
import { statusInfo } from '../jobs/statusTable';
import { jobStatus, jobTitle, resultUrl, writeCounts, type TrackedJob } from '../jobs/trackedJob';
import { hasMorePages } from '../jobs/export/exportJobs';
import { formatCounts } from './format';
import { SECTION } from './settings';

export function finishMessage(job: TrackedJob): string {
  const status = jobStatus(job);
  const title = jobTitle(job);
  if (status === 'failed') {
    const reason = job.data?.kind === 'read' ? job.data.result?.errorMessage?.message : undefined;
    return `${title} failed${reason ? `: ${reason}` : ''}.`;
  }
  const counts = writeCounts(job);
  if (counts) return `${title} finished: ${formatCounts(counts)}.`;
  const d = job.data;
  if (d?.kind === 'read' && d.result?.count !== undefined) return `${title} finished: ${d.result.count.toLocaleString('en-US')} records.`;
  return `${title} finished.`;
}

export class FinishNotifier implements vscode.Disposable {
  /** the last messages shown (newest last), for the in-host tests */
  readonly history: string[] = [];
  private readonly sub: { dispose(): void };

  constructor(store: JobStore, private readonly actions: { show(id: string): unknown; openJson(id: string): unknown; downloadResult(id: string): unknown }) {
    this.sub = store.onDidChangeJob(({ job, previous, wasLoaded }) => this.onChange(job, previous, wasLoaded));
  }

  dispose(): void { this.sub.dispose(); }

  private onChange(job: TrackedJob, previous: JobStatus, wasLoaded: boolean): void {
    const now = jobStatus(job);
    if (!wasLoaded || statusInfo(previous).terminal || !statusInfo(now).terminal) return;
    const mode = vscode.workspace.getConfiguration(SECTION).get<string>('notifications', 'all');
    if (mode === 'off' || (mode === 'failures' && now !== 'failed')) return;
    const message = finishMessage(job);
    this.history.push(message);
    if (this.history.length > 20) this.history.shift();
    const show = now === 'failed' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choices = resultUrl(job) ? ['Download Result', 'Show', 'Open JSON'] : ['Show', 'Open JSON'];
    // a page of an export with more records, unless the all-pages chain creates the next one itself
    if (hasMorePages(job) && !job.export?.allPages) choices.splice(1, 0, 'Export Next Page');
    void show(message, ...choices).then((choice) => {
      if (choice === 'Show') this.actions.show(job.id);
      if (choice === 'Open JSON') this.actions.openJson(job.id);
      if (choice === 'Download Result') this.actions.downloadResult(job.id);
      if (choice === 'Export Next Page') void vscode.commands.executeCommand('zohoBulkJobs.exportNextPage', { jobId: job.id }).then(undefined, () => undefined);
    });
  }
}
