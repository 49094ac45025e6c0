// One polling scheduler for all jobs (no timer per job). It polls only unfinished jobs, backs
// off ×2 after a poll that changed nothing (up to a cap) and returns to the base interval when
// a job changes, pauses while the window is unfocused (an overdue poll runs on focus, with a
// little jitter), arms no timer when nothing is unfinished, and a 429 backs the whole
// scheduler off, honouring Retry-After. Time and focus are inputs, so it runs on fake timers.
import type { Disposable } from './emitter';
import type { JobStore } from './jobStore';
import type { RefreshOutcome } from './jobService';
import { needsPolling, type TrackedJob } from './trackedJob';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollSettings {
  enabled: boolean;
  /** base interval (ms); at least MIN_INTERVAL_MS */
  baseIntervalMs: number;
  /** cap of the back-off (ms) */
  maxIntervalMs: number;
}

export const MIN_INTERVAL_MS = 5000;
export const DEFAULT_POLL: PollSettings = { enabled: true, baseIntervalMs: 10_000, maxIntervalMs: 120_000 };

export interface Refresher {
  refreshMany(jobs: readonly TrackedJob[]): Promise<RefreshOutcome[]>;
}

export interface SchedulerOptions {
  timers?: Timers;
  /** 0..1, for the jitter of a catch-up poll on focus */
  random?: () => number;
  /** the most a catch-up poll is delayed on focus (ms) */
  focusJitterMs?: number;
  focused?: boolean;
}

const realTimers: Timers = { now: Date.now, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

export class PollScheduler implements Disposable {
  private settings: PollSettings;
  private interval: number;
  private dueAt: number | undefined;
  private backoffUntil = 0;
  private timer: unknown;
  private polling: Promise<void> | undefined;
  private focused: boolean;
  private disposed = false;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly focusJitterMs: number;
  private readonly subs: Disposable[];
  /** polls run so far (tests, logs) */
  polls = 0;

  constructor(private readonly store: JobStore, private readonly refresher: Refresher, settings: PollSettings = DEFAULT_POLL, opts: SchedulerOptions = {}) {
    this.timers = opts.timers ?? realTimers;
    this.random = opts.random ?? Math.random;
    this.focusJitterMs = opts.focusJitterMs ?? 1000;
    this.focused = opts.focused ?? true;
    this.settings = sanitise(settings);
    this.interval = this.settings.baseIntervalMs;
    this.subs = [
      store.onDidChangeList(() => this.wake()),
      store.onDidChangeJob(({ job }) => { if (!this.polling && needsPolling(job)) this.wake(); }),
    ];
    this.wake();
  }

  /** Whether a timer is armed (tests: none when nothing is unfinished). */
  get armed(): boolean { return this.timer !== undefined; }
  get currentIntervalMs(): number { return this.interval; }
  get nextDueAt(): number | undefined { return this.dueAt; }

  configure(settings: PollSettings): void {
    this.settings = sanitise(settings);
    this.interval = Math.min(Math.max(this.interval, this.settings.baseIntervalMs), this.settings.maxIntervalMs);
    this.wake();
  }

  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    if (!focused) { this.disarm(); return; }
    const now = this.timers.now();
    if (this.dueAt !== undefined && this.dueAt <= now) this.dueAt = now + Math.floor(this.random() * this.focusJitterMs);
    this.arm();
  }

  /** A job was added or found unfinished: poll at the base interval from now (or sooner if due). */
  wake(): void {
    if (this.disposed) return;
    this.interval = this.settings.baseIntervalMs;
    const soon = this.timers.now() + this.interval;
    this.dueAt = this.dueAt === undefined ? soon : Math.min(this.dueAt, soon);
    this.arm();
  }

  /** Resolves when the current poll (if any) has finished. */
  idle(): Promise<void> { return this.polling ?? Promise.resolve(); }

  dispose(): void {
    this.disposed = true;
    this.disarm();
    for (const s of this.subs) s.dispose();
  }

  private pollable(): TrackedJob[] {
    return this.store.all().filter(needsPolling);
  }

  private arm(): void {
    this.disarm();
    if (this.disposed || this.polling || !this.settings.enabled || !this.focused) return;
    if (!this.store.all().some(needsPolling)) { this.dueAt = undefined; return; }
    const now = this.timers.now();
    const at = Math.max(this.dueAt ?? now + this.interval, this.backoffUntil);
    this.timer = this.timers.setTimeout(() => { this.timer = undefined; void this.tick(); }, Math.max(0, at - now));
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    const jobs = this.pollable();
    if (jobs.length === 0) { this.dueAt = undefined; return; }
    this.polls++;
    let done!: () => void;
    this.polling = new Promise((r) => { done = r; });
    try {
      const outcomes = await this.refresher.refreshMany(jobs);
      const changed = outcomes.some((o) => o.changed);
      this.interval = changed ? this.settings.baseIntervalMs : Math.min(this.interval * 2, this.settings.maxIntervalMs);
      const throttled = outcomes.filter((o) => o.error?.httpStatus === 429 || o.error?.code === 'TOO_MANY_REQUESTS');
      if (throttled.length) {
        const wait = Math.max(...throttled.map((o) => o.error?.retryAfterMs ?? 0), this.interval);
        this.backoffUntil = this.timers.now() + wait;
      }
    } finally {
      this.polling = undefined;
      this.dueAt = this.timers.now() + this.interval;
      done();
      this.arm();
    }
  }
}

function sanitise(s: PollSettings): PollSettings {
  const base = Number.isFinite(s.baseIntervalMs) ? Math.max(MIN_INTERVAL_MS, s.baseIntervalMs) : DEFAULT_POLL.baseIntervalMs;
  const max = Number.isFinite(s.maxIntervalMs) ? Math.max(base, s.maxIntervalMs) : Math.max(base, DEFAULT_POLL.maxIntervalMs);
  return { enabled: s.enabled !== false, baseIntervalMs: base, maxIntervalMs: max };
}
