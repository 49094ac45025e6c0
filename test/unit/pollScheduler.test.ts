// The polling schedule on a fake clock (the scheduler's own timers), with real HTTP to the
// simulator for the refreshes themselves.
import * as assert from 'assert';
import { createClock } from '@sinonjs/fake-timers';
import { PollScheduler, type Timers } from '../../src/jobs/pollScheduler';
import { jobStack, until, type JobStack } from './helpers/jobStack';

type Clock = ReturnType<typeof createClock>;

describe('PollScheduler', () => {
  let s: JobStack;
  let clock: Clock;
  let timers: Timers;
  let scheduler: PollScheduler;

  beforeEach(async () => {
    s = await jobStack();
    clock = createClock(1_000_000);
    timers = { now: () => clock.now, setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as number) };
  });
  afterEach(async () => { scheduler?.dispose(); await s.close(); });

  const make = (settings = { enabled: true, baseIntervalMs: 10_000, maxIntervalMs: 120_000 }, focused = true) => {
    scheduler = new PollScheduler(s.store, s.service, settings, { timers, focused, random: () => 0.5, focusJitterMs: 1000 });
    return scheduler;
  };
  const requestsFor = (id: string) => s.sim.requests.filter((r) => r.path.endsWith(`/${id}`)).length;
  /** advance the fake clock, then let the real HTTP of a poll finish */
  const tick = async (ms: number) => { clock.tick(ms); await new Promise((r) => setImmediate(r)); await scheduler.idle(); };

  it('arms no timer when nothing is unfinished, and wakes when a job is added', async () => {
    make();
    assert.strictEqual(scheduler.armed, false);
    assert.strictEqual(clock.countTimers(), 0);
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    await s.service.add(id);
    assert.strictEqual(scheduler.armed, true);
    s.sim.setStatus(id, 'COMPLETED');
    await tick(10_000);
    assert.strictEqual(scheduler.polls, 1);
    assert.strictEqual(s.store.get(id)?.data?.status.status, 'completed');
    assert.strictEqual(scheduler.armed, false, 'stops when idle');
    assert.strictEqual(clock.countTimers(), 0);
  });

  it('polls only unfinished jobs, doubling the interval while nothing changes, up to the cap', async () => {
    const open = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    const done = s.sim.addWriteJob({ module: 'Deals', operation: 'update', total: 5 });
    s.sim.setStatus(done, 'COMPLETED');
    await s.service.add(open);
    await s.service.add(done);
    make({ enabled: true, baseIntervalMs: 10_000, maxIntervalMs: 40_000 });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const due = scheduler.nextDueAt! - clock.now;
      seen.push(due);
      await tick(due);
    }
    assert.deepStrictEqual(seen, [10_000, 20_000, 40_000, 40_000, 40_000]);
    assert.strictEqual(requestsFor(done), 1, 'a finished job is never polled');
    assert.strictEqual(requestsFor(open), 6);
  });

  it('returns to the base interval when a job changes', async () => {
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    await s.service.add(id);
    make();
    await tick(10_000);
    await tick(20_000);
    assert.strictEqual(scheduler.currentIntervalMs, 40_000);
    s.sim.setStatus(id, 'IN PROGRESS');
    await tick(40_000);
    assert.strictEqual(scheduler.currentIntervalMs, 10_000);
    assert.strictEqual(s.store.get(id)?.data?.status.status, 'in-progress');
  });

  it('pauses while unfocused and runs an overdue poll on focus, with a little jitter', async () => {
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    await s.service.add(id);
    make();
    scheduler.setFocused(false);
    assert.strictEqual(clock.countTimers(), 0);
    await tick(60_000);
    assert.strictEqual(scheduler.polls, 0, 'no poll while unfocused');
    scheduler.setFocused(true);
    assert.strictEqual(scheduler.nextDueAt! - clock.now, 500, 'catch-up after jitter (random 0.5 × 1000 ms)');
    await tick(500);
    assert.strictEqual(scheduler.polls, 1);
  });

  it('does not poll when auto-refresh is off, but manual refresh still works', async () => {
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    make({ enabled: false, baseIntervalMs: 10_000, maxIntervalMs: 120_000 });
    await s.service.add(id);
    await tick(120_000);
    assert.strictEqual(scheduler.polls, 0);
    assert.strictEqual(clock.countTimers(), 0);
    await s.service.refresh(id);
    assert.strictEqual(requestsFor(id), 2);
  });

  it('enforces the 5 s minimum interval', async () => {
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    await s.service.add(id);
    make({ enabled: true, baseIntervalMs: 1, maxIntervalMs: 2 });
    assert.strictEqual(scheduler.nextDueAt! - clock.now, 5000);
  });

  it('backs the whole scheduler off on a 429, honouring Retry-After', async () => {
    const a = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    const b = s.sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 5 });
    await s.service.add(a);
    await s.service.add(b);
    make();
    s.sim.injectFault({ kind: 'status', status: 429, retryAfter: 90, jobId: a });
    await tick(10_000);
    assert.strictEqual(s.store.get(a)?.error?.httpStatus, 429);
    const before = s.sim.requests.length;
    assert.ok(scheduler.nextDueAt! - clock.now <= 20_000);
    await tick(60_000);
    assert.strictEqual(s.sim.requests.length, before, 'nothing is sent before Retry-After has passed');
    await tick(30_000);
    assert.ok(s.sim.requests.length > before, 'polling resumes after Retry-After');
  });

  it('caps requests in flight at the concurrency setting', async () => {
    await s.close();
    s = await jobStack({ latencyMs: 60, concurrency: 3 });
    const ids = Array.from({ length: 9 }, (_, i) => s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: i + 1 }));
    for (const id of ids) s.store.add(id, 'write');
    const started = Date.now();
    await s.service.refreshAll();
    const arrivals = s.sim.requests.map((r) => r.at - started).sort((x, y) => x - y);
    assert.strictEqual(arrivals.length, 9);
    assert.ok(arrivals[3] - arrivals[0] >= 50, `4th request waited for a slot (${arrivals.join(', ')})`);
    assert.ok(arrivals[6] - arrivals[3] >= 50, `7th request waited for a slot (${arrivals.join(', ')})`);
  });

  it('shares one in-flight request per job between a poll and a manual refresh', async () => {
    await s.close();
    s = await jobStack({ latencyMs: 80 });
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 5 });
    s.store.add(id, 'write');
    const p1 = s.service.refresh(id);
    const p2 = s.service.refresh(id);
    assert.strictEqual(p1, p2);
    await Promise.all([p1, p2]);
    assert.strictEqual(requestsFor(id), 1);
    await until(() => s.service.inflightCount === 0);
  });
});
