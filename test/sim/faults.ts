// Injected faults. Each API request consumes every matching `latency` fault (their delays add
// up) and at most one other fault (the oldest matching one). A fault matches when it has no
// jobId or its jobId is the job the request path names; `times` counts down per request.
import type { Fault, FaultKind } from './types';

type Pending = Fault & { left: number };

const KINDS = ['latency', 'status', 'html502', 'reset', 'stall', 'truncated'];

export function validateFault(f: unknown): Fault {
  if (!f || typeof f !== 'object') throw new Error('fault must be an object');
  const x = f as Record<string, unknown>;
  if (typeof x.kind !== 'string' || !KINDS.includes(x.kind)) throw new Error(`fault.kind must be one of ${KINDS.join(', ')}`);
  const ms = (v: unknown, what: string): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${what} must be a number >= 0`);
  };
  if (x.kind === 'latency') ms(x.ms, 'fault.ms');
  if (x.kind === 'stall' && x.ms !== undefined) ms(x.ms, 'fault.ms');
  if (x.kind === 'status') {
    if (typeof x.status !== 'number' || !Number.isInteger(x.status) || x.status < 100 || x.status > 599) {
      throw new Error('fault.status must be an HTTP status code');
    }
    if (x.retryAfter !== undefined) ms(x.retryAfter, 'fault.retryAfter');
  }
  if (x.times !== undefined && (typeof x.times !== 'number' || !(x.times >= 1))) throw new Error('fault.times must be >= 1 (or Infinity)');
  if (x.jobId !== undefined && typeof x.jobId !== 'string') throw new Error('fault.jobId must be a string');
  return f as Fault;
}

export interface TakenFaults {
  /** total extra delay from latency faults */
  latencyMs: number;
  /** the one non-latency fault to apply, if any */
  fault?: FaultKind;
}

export class FaultQueue {
  private pending: Pending[] = [];

  add(f: Fault): void {
    validateFault(f);
    this.pending.push({ ...f, left: f.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  list(): Fault[] {
    return this.pending.map(({ left, ...f }) => ({ ...f, times: left }));
  }

  take(jobId: string | undefined): TakenFaults {
    const taken: TakenFaults = { latencyMs: 0 };
    for (const p of this.pending) {
      if (p.left <= 0 || (p.jobId !== undefined && p.jobId !== jobId)) continue;
      if (p.kind === 'latency') {
        taken.latencyMs += p.ms;
      } else if (taken.fault) {
        continue;
      } else {
        taken.fault = p;
      }
      p.left--;
    }
    this.pending = this.pending.filter((p) => p.left > 0);
    return taken;
  }
}
