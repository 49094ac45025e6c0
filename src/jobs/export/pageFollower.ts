// "All pages": when a bulk read created with allPages finishes and Zoho says more records are
// left, the next page's job is created (once: ExportJobs records it on the finished job, and that
// record is saved, so a restart neither loses the chain nor sends a page twice). The chain stops
// when a page finishes without more records, fails, or its job is removed.
import type { Disposable } from '../emitter';
import { keyOf } from '../connections/jobKey';
import type { JobStore } from '../jobStore';
import type { TrackedJob } from '../trackedJob';
import { hasMorePages, type ExportJobs } from './exportJobs';

export interface PageFollowerEvents {
  /** a next page's job was created (after `from` finished) */
  onCreated?(from: string, next: string): void;
  /** creating the next page failed; the message says why (the chain stops at `from`) */
  onError?(from: string, message: string): void;
}

export function wantsNextPage(job: TrackedJob): boolean {
  return job.export?.allPages === true && job.export.next === undefined && hasMorePages(job);
}

export class PageFollower implements Disposable {
  private readonly subs: Disposable[];
  private disposed = false;

  constructor(private readonly store: JobStore, private readonly exports: ExportJobs, private readonly events: PageFollowerEvents = {}) {
    this.subs = [
      store.onDidChangeJob(({ job }) => this.consider(job)),
      store.onDidChangeList(() => this.scan()),
    ];
    this.scan(); // jobs that finished before a restart, their next page never created
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subs) s.dispose();
  }

  private scan(): void {
    for (const job of this.store.all()) this.consider(job);
  }

  private consider(job: TrackedJob): void {
    if (!wantsNextPage(job)) return;
    // after the event that made it ready has reached every listener
    queueMicrotask(() => {
      const now = this.store.get(keyOf(job));
      if (this.disposed || !now || !wantsNextPage(now)) return;
      // an answer that comes after dispose (a restart) is not reported: whoever reported it is gone
      this.exports.createNextPage(keyOf(job)).then(
        (next) => { if (!this.disposed) this.events.onCreated?.(job.id, next); },
        (e: unknown) => { if (!this.disposed) this.events.onError?.(job.id, e instanceof Error ? e.message : String(e)); },
      );
    });
  }
}
