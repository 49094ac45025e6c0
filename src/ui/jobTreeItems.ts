// TreeItems for each kind of node: labels, descriptions, icons (from the one status table)
// and markdown tooltips. Zoho's values are escaped: they are data, never markup.
import * as vscode from 'vscode';
import { keyOf } from '../jobs/connections/jobKey';
import { statusInfo } from '../jobs/statusTable';
import { isFinished, jobStatus, jobTitle, resultUrl, writeCounts, type TrackedJob } from '../jobs/trackedJob';
import { hasMorePages } from '../jobs/export/exportJobs';
import { resultSummaryText } from './resultTreeItems';
import type { JobStatus } from '../zoho/types';
import { formatCounts, mdEscape, relativeTime } from './format';

function icon(status: JobStatus): vscode.ThemeIcon {
  const s = statusInfo(status);
  return new vscode.ThemeIcon(s.icon, s.color ? new vscode.ThemeColor(s.color) : undefined);
}

export function jobItem(job: TrackedJob): vscode.TreeItem {
  const status = jobStatus(job);
  const item = new vscode.TreeItem(jobTitle(job), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `job:${keyOf(job)}`;
  const when = job.createdMs ?? job.fetchedAt;
  const label = job.data ? statusInfo(status).label : job.error ? 'Not loaded' : 'Loading…';
  item.description = when ? `${label} · ${relativeTime(when)}` : label;
  item.iconPath = job.error && !job.data ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : icon(status);
  item.contextValue = (resultUrl(job) ? 'job.finished.downloadable' : isFinished(job) ? 'job.finished' : 'job') + (hasMorePages(job) ? '.morePages' : '');
  item.accessibilityInformation = { label: `${jobTitle(job)}, ${label}${job.error ? ', last refresh failed' : ''}` };
  return item;
}

export function jobTooltip(job: TrackedJob): vscode.MarkdownString {
  const d = job.data;
  const lines = [`**${mdEscape(jobTitle(job))}**`, '', `Job ID: \`${job.id}\` (bulk ${job.kind})`];
  if (d) {
    lines.push(`Status: ${statusInfo(d.status.status).label} (\`${mdEscape(d.status.raw)}\`)`);
    if (d.createdBy?.name || d.createdTime) {
      lines.push(`Created${d.createdBy?.name ? ` by ${mdEscape(d.createdBy.name)}` : ''}${d.createdTime ? ` at ${mdEscape(d.createdTime)}` : ''}`);
    }
    const counts = writeCounts(job);
    if (counts) lines.push(`Records: ${formatCounts(counts)}`);
    if (d.kind === 'read' && d.result?.count !== undefined) lines.push(`Records: ${d.result.count}`);
  }
  if (job.result) lines.push(`Result: ${mdEscape(resultSummaryText(job.result))}`);
  if (job.fetchedAt) lines.push(`Last refreshed: ${new Date(job.fetchedAt).toLocaleString()}`);
  if (job.error) lines.push('', `$(warning) Last refresh failed: ${mdEscape(job.error.message)}`);
  const md = new vscode.MarkdownString(lines.join('  \n'), true);
  md.isTrusted = false;
  return md;
}

export function resourceItem(job: TrackedJob, index: number): vscode.TreeItem {
  const r = job.data?.kind === 'write' ? job.data.resources[index] : undefined;
  if (!r) return new vscode.TreeItem('');
  const item = new vscode.TreeItem(r.module || '(module)', r.fieldMappings.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `job:${keyOf(job)}/resource:${index}`;
  const f = r.file;
  const counts = f && (f.addedCount !== undefined || f.totalCount !== undefined)
    ? formatCounts({ added: f.addedCount ?? 0, updated: f.updatedCount ?? 0, skipped: f.skippedCount ?? 0, total: f.totalCount ?? 0 })
    : undefined;
  item.description = [statusInfo(r.status.status).label, counts].filter(Boolean).join(' · ');
  item.iconPath = icon(r.status.status);
  item.contextValue = 'resource';
  item.tooltip = `${r.module}: ${r.status.raw}${counts ? ` — ${counts}` : ''}${f?.name ? ` (${f.name})` : ''}`;
  return item;
}

export function mappingItem(job: TrackedJob, resource: number, index: number): vscode.TreeItem {
  const m = job.data?.kind === 'write' ? job.data.resources[resource]?.fieldMappings[index] : undefined;
  if (!m) return new vscode.TreeItem('');
  const item = new vscode.TreeItem(m.index !== undefined ? `${m.apiName} ← column ${m.index}` : m.apiName, vscode.TreeItemCollapsibleState.None);
  item.id = `job:${keyOf(job)}/resource:${resource}/mapping:${index}`;
  const extra: string[] = [];
  if (m.format) extra.push(`format ${m.format}`);
  if (m.findBy) extra.push(`find by ${m.findBy}`);
  if (m.defaultValue !== undefined) extra.push(`default ${m.defaultValue}`);
  item.description = extra.join(' · ') || undefined;
  item.iconPath = new vscode.ThemeIcon('symbol-field');
  item.contextValue = 'mapping';
  return item;
}

export function readDetailItems(job: TrackedJob): vscode.TreeItem[] {
  const d = job.data;
  if (!d || d.kind !== 'read') return [];
  const detail = (label: string, description: string, iconId: string, key: string) => {
    const item = new vscode.TreeItem(label);
    item.description = description;
    item.iconPath = new vscode.ThemeIcon(iconId);
    item.id = `job:${keyOf(job)}/detail:${key}`;
    return item;
  };
  const out = [detail('Module', d.module ?? '—', 'symbol-class', 'module'), detail('State', d.status.raw, statusInfo(d.status.status).icon.replace('~spin', ''), 'state')];
  const r = d.result;
  if (r?.count !== undefined) out.push(detail('Records', String(r.count), 'list-ordered', 'count'));
  if (r?.page !== undefined) out.push(detail('Page', `${r.page}${r.moreRecords ? ' · more records' : ' · no more records'}`, 'files', 'page'));
  if (r?.errorMessage) out.push(detail('Error', `${r.errorMessage.code ?? ''} ${r.errorMessage.message ?? ''}`.trim(), 'error', 'error'));
  if (d.fields?.length) out.push(detail('Fields', d.fields.join(', '), 'symbol-field', 'fields'));
  return out;
}

export function errorItem(job: TrackedJob): vscode.TreeItem {
  const e = job.error;
  // the label is the plain words only; the code sits in the description, the advice in the tooltip
  const cut = e ? e.message.indexOf(` (${e.code})`) : -1;
  const item = new vscode.TreeItem(e ? (cut > 0 ? e.message.slice(0, cut) : e.message) : '', vscode.TreeItemCollapsibleState.None);
  item.id = `job:${keyOf(job)}/error`;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.description = e ? `${e.code}${e.httpStatus ? ` · HTTP ${e.httpStatus}` : ''}${job.data ? ' · showing last good data' : ''}` : undefined;
  item.tooltip = e ? `${e.message}\n${e.code}${e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''} at ${new Date(e.at).toLocaleString()}` : undefined;
  item.contextValue = 'error';
  return item;
}
