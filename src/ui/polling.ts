// Connects the polling scheduler to VS Code: window focus, and the auto-refresh settings.
import * as vscode from 'vscode';
import type { JobService } from '../jobs/jobService';
import type { JobStore } from '../jobs/jobStore';
import { DEFAULT_POLL, PollScheduler, type PollSettings } from '../jobs/pollScheduler';
import { SECTION } from './settings';

export function readPollSettings(): PollSettings & { concurrency: number } {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const num = (key: string, fallback: number) => {
    const v = cfg.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  return {
    enabled: cfg.get<unknown>('autoRefresh') !== false,
    baseIntervalMs: num('pollIntervalSeconds', DEFAULT_POLL.baseIntervalMs / 1000) * 1000,
    maxIntervalMs: num('maxPollIntervalSeconds', DEFAULT_POLL.maxIntervalMs / 1000) * 1000,
    concurrency: Math.round(num('maxConcurrentRequests', 4)),
  };
}

export function startPolling(store: JobStore, service: JobService): { scheduler: PollScheduler; disposable: vscode.Disposable } {
  const initial = readPollSettings();
  service.setConcurrency(initial.concurrency);
  const scheduler = new PollScheduler(store, service, initial, { focused: vscode.window.state.focused });
  const subs = [
    vscode.window.onDidChangeWindowState((s) => scheduler.setFocused(s.focused)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const s = readPollSettings();
      service.setConcurrency(s.concurrency);
      scheduler.configure(s);
    }),
    scheduler,
  ];
  return { scheduler, disposable: vscode.Disposable.from(...subs) };
}
