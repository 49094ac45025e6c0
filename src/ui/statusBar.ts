// The status-bar job indicator: "$(sync~spin) 2 running", "$(error) 1 failed", "$(check) 5 done";
// hidden when there are no jobs; a click focuses the view. With several connections it sums them
// all and its tooltip splits the counts by connection.
import * as vscode from 'vscode';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { connectionOf } from '../jobs/connections/jobKey';
import type { JobStore } from '../jobs/jobStore';
import { statusInfo } from '../jobs/statusTable';
import { jobStatus, jobTitle, type TrackedJob } from '../jobs/trackedJob';
import { mdEscape } from './format';

export interface JobTally { running: number; failed: number; done: number; other: number; total: number }

export function tallyJobs(store: JobStore): JobTally {
  return tallyOf(store.all());
}

export function tallyOf(jobs: readonly TrackedJob[]): JobTally {
  const t: JobTally = { running: 0, failed: 0, done: 0, other: 0, total: jobs.length };
  for (const job of jobs) {
    const s = jobStatus(job);
    if (s === 'failed' || (job.error && !job.data)) t.failed++;
    else if (statusInfo(s).polled) t.running++;
    else if (statusInfo(s).terminal) t.done++;
    else t.other++;
  }
  return t;
}

export function statusText(t: JobTally): string {
  const parts: string[] = [];
  if (t.running) parts.push(`$(sync~spin) ${t.running} running`);
  if (t.failed) parts.push(`$(error) ${t.failed} failed`);
  if (!parts.length) parts.push(t.done ? `$(check) ${t.done} done` : `$(question) ${t.total} unknown`);
  return parts.join('  ');
}

export class JobStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: JobStore, private readonly focusCommand: string, private readonly connections?: ConnectionList) {
    this.item = vscode.window.createStatusBarItem('zohoBulkJobs.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Zoho Bulk Jobs';
    this.item.command = focusCommand;
    const update = () => this.schedule();
    this.subs = [store.onDidChangeList(update), store.onDidChangeJob(update)];
    this.update();
  }

  /** The text shown now ('' when hidden), for tests and the scripting API. */
  get text(): string { return this.visible ? this.item.text : ''; }
  private visible = false;

  /** While signed out of every connection (and jobs are tracked) the item asks the user to sign in; `signedOut` names those signed out. */
  setSignedIn(signedIn: boolean, signedOut: readonly string[] = []): void {
    if (this.signedIn === signedIn && this.signedOut.join('\n') === signedOut.join('\n')) return;
    this.signedIn = signedIn;
    this.signedOut = signedOut;
    this.update();
  }
  private signedOut: readonly string[] = [];
  private signedIn = true;

  update(): void {
    const t = tallyJobs(this.store);
    if (t.total === 0) { this.item.hide(); this.visible = false; return; }
    if (!this.signedIn) {
      this.item.text = '$(account) Sign in to Zoho';
      this.item.command = 'zohoBulkJobs.signIn';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.tooltip = `Signed out of Zoho: ${t.total} tracked job${t.total === 1 ? ' is' : 's are'} not updating. Click to sign in.`;
      this.item.accessibilityInformation = { label: 'Sign in to Zoho' };
      this.item.show();
      this.visible = true;
      return;
    }
    this.item.command = this.focusCommand;
    this.item.text = statusText(t);
    this.item.backgroundColor = t.failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: `Zoho bulk jobs: ${t.running} running, ${t.failed} failed, ${t.done} done` };
    this.item.tooltip = this.tooltip(t);
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.update(); }, 50);
  }

  private tooltip(t: JobTally): vscode.MarkdownString {
    const lines = [`**Zoho Bulk Jobs** — ${t.running} running, ${t.failed} failed, ${t.done} done`, ''];
    const cs = this.connections;
    if (cs?.several) {
      for (const c of cs.all()) {
        const jobs = this.store.sorted().filter((j) => connectionOf(j) === c.id);
        const ct = tallyOf(jobs);
        lines.push(`- **${mdEscape(c.name)}** (${c.dataCenter}${c.environment === 'production' ? '' : ` ${c.environment}`}) — ${ct.running} running, ${ct.failed} failed, ${ct.done} done${this.signedOut.includes(c.name) ? ' · signed out' : ''}`);
      }
      lines.push('', 'Click to show the jobs.');
      return new vscode.MarkdownString(lines.join('\n'));
    }
    for (const job of this.store.sorted().slice(0, 8)) {
      lines.push(`- ${mdEscape(jobTitle(job))} — ${statusInfo(jobStatus(job)).label}`);
    }
    if (t.total > 8) lines.push(`- … and ${t.total - 8} more`);
    lines.push('', 'Click to show the jobs.');
    return new vscode.MarkdownString(lines.join('\n'));
  }
}
