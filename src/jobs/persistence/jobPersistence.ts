// Keeps the saved jobs in step with the JobStore, one job at a time:
// - a job added or removed is written (or its file removed) at once; `saveNow(id)` resolves when
//   that is on disk, so a command can wait for it before it resolves;
// - what polls change (a new body, a new error, a result) is coalesced: one write per changed job
//   after `delayMs`;
// - a poll that only confirms a job (same body, same error) writes nothing; those `fetchedAt`s are
//   written by `flush()` (deactivate).
import type { JobStore } from '../jobStore';
import { keyOf, splitKey } from '../connections/jobKey';
import type { TrackedJob } from '../trackedJob';
import { encodeJob, sameKey, savedKey, type SavedJob, type SavedKey } from './savedJob';

/** Where jobs are written (JobFiles). */
export interface JobWriter {
  write(job: SavedJob): Promise<void>;
  remove(job: { id: string; connection?: string }): Promise<void>;
}

export interface JobPersistenceOptions {
  /** how long poll updates are gathered before they are written */
  delayMs?: number;
  /** the ids already saved as they are in the store (loaded from disk) */
  savedIds?: Iterable<string>;
  /** a write that failed (once per failure; the next change of that job tries again) */
  onError?: (message: string) => void;
}

const settle = (p: Promise<unknown>): Promise<void> => p.then(() => undefined, () => undefined);

export class JobPersistence {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: { dispose(): void }[];
  /** per job, what its file holds (or the write on its way holds) */
  private readonly saved = new Map<string, SavedKey>();
  /** changed by polls, waiting for the coalesced write */
  private readonly dirty = new Set<string>();
  /** refreshed without a change since the last write: their `fetchedAt`s wait for flush() */
  private readonly timesOnly = new Set<string>();
  /** the last write or removal per job, until it settles */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly delayMs: number;
  private readonly onError: (message: string) => void;
  private closed: Promise<void> | undefined;

  constructor(private readonly store: JobStore, private readonly writer: JobWriter, opts: JobPersistenceOptions = {}) {
    this.delayMs = opts.delayMs ?? 300;
    this.onError = opts.onError ?? (() => undefined);
    const onDisk = new Set(opts.savedIds ?? []);
    for (const j of store.all()) if (onDisk.has(keyOf(j))) this.saved.set(keyOf(j), savedKey(j));
    this.subs = [
      store.onDidChangeList(() => this.syncList()),
      store.onDidChangeJob(({ job }) => this.changed(job)),
    ];
    this.syncList(); // jobs loaded from elsewhere (the old format) are written now
  }

  /** Writes a job's present state (or its removal) now unless that is already on disk or on its way; resolves when done. */
  saveNow(id: string): Promise<void> { // id: the job's store key (see keyOf)
    if (this.closed) return this.closed; // deactivated: the host is going away, the store is no longer followed
    const job = this.store.get(id);
    if (job) {
      const was = this.saved.get(id);
      if (!was || this.dirty.has(id) || this.timesOnly.has(id) || !sameKey(was, savedKey(job))) this.writeJob(job);
    } else if (this.saved.has(id)) {
      this.removeJob(id);
    }
    const p = this.pending.get(id);
    return p ? p.catch((e: unknown) => {
      throw new Error(`Job ${id} could not be ${job ? 'saved' : 'removed from the saved jobs'}, so a restart would not show it as it is now: ${e instanceof Error ? e.message : String(e)}`);
    }) : Promise.resolve();
  }

  /** Writes everything that waits (coalesced changes, refresh times); resolves when every write so far is done. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    for (const id of [...this.dirty, ...this.timesOnly]) {
      const job = this.store.get(id);
      if (job) this.writeJob(job);
    }
    this.dirty.clear();
    this.timesOnly.clear();
    return this.whenSaved();
  }

  /** Settles when every write and removal started so far is done; rejects if one of them failed. */
  async whenSaved(): Promise<void> {
    const failed = (await Promise.allSettled([...this.pending.values()])).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** Stops listening and writes what waits; the promise (for deactivate) settles when it is on disk, failures being reported. */
  dispose(): Promise<void> {
    if (!this.closed) {
      for (const s of this.subs) s.dispose();
      this.closed = settle(this.flush());
    }
    return this.closed;
  }

  private syncList(): void {
    for (const j of this.store.all()) if (!this.saved.has(keyOf(j))) this.writeJob(j);
    for (const id of [...this.saved.keys()]) if (!this.store.has(id)) this.removeJob(id);
  }

  private changed(job: TrackedJob): void {
    const key = keyOf(job);
    const was = this.saved.get(key);
    if (!was) { this.writeJob(job); return; }
    if (sameKey(was, savedKey(job))) {
      if (!this.dirty.has(key)) this.timesOnly.add(key);
      return;
    }
    this.timesOnly.delete(key);
    this.dirty.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) {
        const j = this.store.get(id);
        if (j) this.writeJob(j);
      }
    }, this.delayMs);
  }

  private writeJob(job: TrackedJob): void {
    const key = keyOf(job);
    this.dirty.delete(key);
    this.timesOnly.delete(key);
    this.saved.set(key, savedKey(job));
    this.track(key, this.writer.write(encodeJob(job)), 'save');
  }

  private removeJob(id: string): void {
    this.dirty.delete(id);
    this.timesOnly.delete(id);
    this.saved.delete(id);
    this.track(id, this.writer.remove(splitKey(id)), 'forget');
  }

  private track(id: string, p: Promise<void>, what: 'save' | 'forget'): void {
    this.pending.set(id, p);
    p.then(() => {
      if (this.pending.get(id) === p) this.pending.delete(id);
    }, (e: unknown) => {
      if (this.pending.get(id) === p) this.pending.delete(id);
      // the next change (or list change) of this job tries again
      if (what === 'save' && this.store.has(id)) this.saved.delete(id);
      this.onError(`Could not ${what} job ${id}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}
