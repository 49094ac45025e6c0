// The tree item of an import sent in several parts: "leads.csv", "Leads · insert · Completed ·
// 59,990 added, 10 skipped of 60,000 · 3 parts", with its jobs beneath (jobsTree.ts).
import * as vscode from 'vscode';
import { groupCounts, groupParts, groupStatus } from '../jobs/import/importGroups';
import { statusInfo } from '../jobs/statusTable';
import { jobTitle, writeCounts, type TrackedJob } from '../jobs/trackedJob';
import { formatCounts, mdEscape } from './format';
import { jobItem } from './jobTreeItems';

/** A job beneath its import: "Part 2 of 3", then the job's own status and counts. */
export function partItem(job: TrackedJob): vscode.TreeItem {
  const item = jobItem(job);
  const g = job.importGroup;
  if (!g) return item;
  const label = `Part ${g.part + 1} of ${g.parts}`;
  item.label = label;
  const counts = writeCounts(job);
  if (counts) item.description = `${String(item.description ?? '')} · ${formatCounts(counts)}`;
  item.accessibilityInformation = { label: `${label} of ${g.file}, ${jobTitle(job)}, ${String(item.description ?? '')}` };
  return item;
}

export function importGroupItem(groupId: string, jobs: readonly TrackedJob[]): vscode.TreeItem {
  const g = jobs[0]?.importGroup;
  const item = new vscode.TreeItem(g?.file ?? 'Import', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `import:${groupId}`;
  if (!g) return item;
  const status = groupStatus(jobs);
  const info = statusInfo(status);
  const counts = groupCounts(jobs);
  const planned = groupParts(jobs);
  const parts = jobs.length < planned ? `${jobs.length} of ${planned} parts` : `${jobs.length} parts`;
  const failed = jobs.filter((j) => j.error && !j.data).length;
  item.description = [`${g.module} · ${g.operation}`, info.label, counts ? formatCounts(counts) : undefined, parts].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(info.icon, info.color ? new vscode.ThemeColor(info.color) : undefined);
  item.contextValue = 'importGroup';
  item.accessibilityInformation = { label: `Import of ${g.file} into ${g.module}, ${g.operation}, ${info.label}, ${parts}` };
  const lines = [
    `**${mdEscape(g.file)}** → ${mdEscape(g.module)} (${mdEscape(g.operation)})`, '',
    `Status: ${info.label}`,
    `Parts: ${parts}${jobs.length < planned ? ' (the import was stopped before the rest were sent)' : ''}`,
    ...(counts ? [`Records: ${formatCounts(counts)}`] : []),
    `Jobs: ${jobs.map((j) => `\`${j.id}\``).join(', ')}`,
    ...(failed ? ['', `$(warning) ${failed} part${failed === 1 ? '' : 's'} could not be loaded`] : []),
  ];
  const md = new vscode.MarkdownString(lines.join('  \n'), true);
  md.isTrusted = false;
  item.tooltip = md;
  return item;
}
