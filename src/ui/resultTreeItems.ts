// Tree items for a downloaded result: "Result — 3 skipped · DUPLICATE_DATA (Email) ×2 · …" (click
// opens the CSV), then one child per status count and per error code and column.
import * as path from 'path';
import * as vscode from 'vscode';
import { keyOf } from '../jobs/connections/jobKey';
import { summaryLine, type ResultStatus } from '../jobs/results/resultSummary';
import type { JobResult, TrackedJob } from '../jobs/trackedJob';

export function resultSummaryText(r: JobResult): string {
  if (r.byStatus) {
    return summaryLine({ rows: r.rows, byStatus: r.byStatus as Record<ResultStatus, number>, byError: r.byError ?? [] });
  }
  return `${r.rows.toLocaleString('en-US')} rows${r.columns ? ` · ${r.columns} columns` : ''}`;
}

export function resultItem(job: TrackedJob): vscode.TreeItem {
  const r = job.result as JobResult;
  const item = new vscode.TreeItem('Result', r.byStatus ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `job:${keyOf(job)}/result`;
  item.description = resultSummaryText(r);
  item.tooltip = `${path.basename(r.csvPath)} — ${resultSummaryText(r)}\nSaved at ${r.csvPath}\nDownloaded ${new Date(r.downloadedAt).toLocaleString()}`;
  item.iconPath = new vscode.ThemeIcon('file-zip');
  item.resourceUri = vscode.Uri.file(r.csvPath);
  item.command = { command: 'vscode.open', title: 'Open Result', arguments: [vscode.Uri.file(r.csvPath)] };
  item.contextValue = 'result';
  return item;
}

export function resultDetailItems(job: TrackedJob): vscode.TreeItem[] {
  const r = job.result;
  if (!r?.byStatus) return [];
  const out: vscode.TreeItem[] = [];
  for (const [status, n] of Object.entries(r.byStatus)) {
    if (!n) continue;
    const item = new vscode.TreeItem(`${n.toLocaleString('en-US')} ${status}`);
    item.id = `job:${keyOf(job)}/result/status:${status}`;
    item.iconPath = status === 'added' || status === 'updated'
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.orange'));
    out.push(item);
  }
  for (const e of r.byError ?? []) {
    const item = new vscode.TreeItem(`${e.code}${e.column ? ` (${e.column})` : ''}`);
    item.id = `job:${keyOf(job)}/result/error:${e.code}:${e.column ?? ''}`;
    item.description = `×${e.count.toLocaleString('en-US')}`;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    out.push(item);
  }
  return out;
}
