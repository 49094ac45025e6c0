// The simulator's clock and job store. A job's status is not stored: it is computed from the
// job's creation time on the simulator clock and its schedule, unless setStatus forced a raw
// string. Counters grow linearly while a job is in progress and are final once it is done.
import { defaultFieldMappings, DEFAULT_CREATED_BY, moduleIdFor } from './modules';
import type { ImportSpec } from './importResult';
import type { CreatedBy, FieldMappingSpec, InProgressSpelling, ReadJobSpec, WriteJobSpec } from './types';

/** Simulated time: real time × timeScale since the clock was (re)based, plus advance() offsets. */
export class SimClock {
  private base = Date.now();
  private offset = 0;
  constructor(private readonly timeScale = 1) {}
  now(): number {
    return this.base + (Date.now() - this.base) * this.timeScale + this.offset;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    this.offset += ms;
  }
  reset(): void {
    this.base = Date.now();
    this.offset = 0;
  }
}

/** Where a job is in its life, whatever the raw spelling. */
export type Phase = 'added' | 'queued' | 'running' | 'completed' | 'failed';

export interface JobState {
  /** the exact status string served */
  raw: string;
  phase: Phase;
  /** share of the final counters reached (0…1) */
  fraction: number;
}

export interface WriteJob {
  kind: 'write';
  id: string;
  module: string;
  moduleId: string;
  operation: WriteJobSpec['operation'];
  total: number;
  final: { added: number; updated: number; skipped: number };
  fieldMappings: FieldMappingSpec[];
  createdBy: CreatedBy;
  schedule?: WriteJobSpec['schedule'];
  spelling: InProgressSpelling;
  createdAt: number;
  fileId?: string;
  fileIdAsNumber: boolean;
  fileName: string;
  callback?: WriteJobSpec['callback'];
  ignoreEmpty?: boolean;
  /** a raw status forced by setStatus (or the captured job's initial INPROGRESS) */
  forced?: string;
  /** fixed created_time text (the captured job) instead of one computed from createdAt */
  createdTime?: string;
  /** the captured seed job (serialised like the capture: no character_encoding / file while running) */
  captured?: boolean;
  /** the captured seed job, untouched by setStatus: v2 serves the capture's bytes */
  exactCapture?: boolean;
  /** a job created through POST /crm/bulk/{v}/write: the uploaded zip and the mapping (its result is built from them) */
  imported?: { zip: Buffer; csvName: string; spec: ImportSpec };
}

export interface ReadJob {
  kind: 'read';
  id: string;
  module: string;
  moduleId: string;
  fields?: string[];
  count: number;
  createdBy: CreatedBy;
  schedule?: ReadJobSpec['schedule'];
  spelling: InProgressSpelling;
  createdAt: number;
  forced?: string;
  /** the page this export is of (default 1) and records per page (default READ_PER_PAGE) */
  page?: number;
  perPage?: number;
}

export type Job = WriteJob | ReadJob;

const ID_RE = /^\d{1,19}$/;

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private nextId = 4150868000005397001n;

  constructor(private readonly clock: SimClock) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  clear(): void {
    this.jobs.clear();
  }

  addWrite(spec: WriteJobSpec, extra: Partial<WriteJob> = {}): string {
    if (!spec || typeof spec.module !== 'string' || !['insert', 'update', 'upsert'].includes(spec.operation)) {
      throw new Error('write job spec needs module and operation insert|update|upsert');
    }
    const total = nonNegative(spec.total, 'total');
    const id = this.takeId(spec.id);
    const skipped = spec.skipped ?? 0;
    const rest = Math.max(0, total - skipped);
    const defaults =
      spec.operation === 'insert' ? { added: rest, updated: 0 }
      : spec.operation === 'update' ? { added: 0, updated: rest }
      : { added: rest - Math.floor(rest / 2), updated: Math.floor(rest / 2) };
    const job: WriteJob = {
      kind: 'write',
      id,
      module: spec.module,
      moduleId: spec.moduleId ?? moduleIdFor(spec.module),
      operation: spec.operation,
      total,
      final: { added: spec.added ?? defaults.added, updated: spec.updated ?? defaults.updated, skipped },
      fieldMappings: spec.fieldMappings ?? defaultFieldMappings(spec.module),
      createdBy: spec.createdBy ?? DEFAULT_CREATED_BY,
      schedule: checkSchedule(spec.schedule),
      spelling: spec.inProgressSpelling ?? 'IN PROGRESS',
      createdAt: this.clock.now() - (spec.createdAgoMs ?? 0),
      fileId: spec.fileId,
      fileIdAsNumber: spec.fileIdAsNumber ?? false,
      fileName: spec.fileName ?? `${spec.module}.csv`,
      callback: spec.callback,
      ignoreEmpty: spec.ignoreEmpty,
      ...extra,
    };
    this.jobs.set(id, job);
    return id;
  }

  addRead(spec: ReadJobSpec): string {
    if (!spec || typeof spec.module !== 'string') throw new Error('read job spec needs module');
    const id = this.takeId(spec.id);
    const job: ReadJob = {
      kind: 'read',
      id,
      module: spec.module,
      moduleId: spec.moduleId ?? moduleIdFor(spec.module),
      fields: spec.fields,
      count: nonNegative(spec.count, 'count'),
      createdBy: spec.createdBy ?? DEFAULT_CREATED_BY,
      schedule: checkSchedule(spec.schedule),
      spelling: spec.inProgressSpelling ?? 'IN PROGRESS',
      createdAt: this.clock.now() - (spec.createdAgoMs ?? 0),
    };
    this.jobs.set(id, job);
    return id;
  }

  setStatus(id: string, status: string): void {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no such job: ${id}`);
    if (typeof status !== 'string' || status === '') throw new Error('status must be a non-empty string');
    job.forced = status;
    if (job.kind === 'write') job.exactCapture = false;
  }

  /** The job's state now. */
  state(job: Job): JobState {
    const running = scheduledFraction(job, this.clock.now());
    if (job.forced !== undefined) {
      const phase = phaseOf(job.forced);
      const fraction = phase === 'completed' || phase === 'failed' ? 1 : phase === 'running' ? running ?? 0.5 : 0;
      return { raw: job.forced, phase, fraction };
    }
    const s = job.schedule;
    if (!s) return { raw: 'ADDED', phase: 'added', fraction: 0 };
    const elapsed = this.clock.now() - job.createdAt;
    if (elapsed < s.inProgressAfterMs) {
      const queued = job.kind === 'read' && job.schedule?.queuedFirst && elapsed >= s.inProgressAfterMs / 2;
      return queued ? { raw: 'QUEUED', phase: 'queued', fraction: 0 } : { raw: 'ADDED', phase: 'added', fraction: 0 };
    }
    if (elapsed < s.doneAfterMs) return { raw: job.spelling, phase: 'running', fraction: running ?? 0 };
    const outcome = s.outcome ?? 'COMPLETED';
    return { raw: outcome, phase: outcome === 'COMPLETED' ? 'completed' : 'failed', fraction: 1 };
  }

  private takeId(id: string | undefined): string {
    if (id !== undefined) {
      if (typeof id !== 'string' || !ID_RE.test(id)) throw new Error(`job id must be a string of up to 19 digits, got ${String(id)}`);
      return id;
    }
    while (this.jobs.has(String(this.nextId))) this.nextId++;
    return String(this.nextId++);
  }
}

/** Maps any raw spelling to a phase: 'IN PROGRESS', 'INPROGRESS', 'in_progress' → running; unknown → running. */
export function phaseOf(raw: string): Phase {
  const k = raw.toUpperCase().replace(/[\s_-]/g, '');
  if (k === 'ADDED') return 'added';
  if (k === 'QUEUED') return 'queued';
  if (k === 'COMPLETED') return 'completed';
  if (k === 'FAILED' || k === 'FAILURE') return 'failed';
  return 'running';
}

/** Progress through the schedule's in-progress window, or undefined when outside it / no schedule. */
function scheduledFraction(job: Job, now: number): number | undefined {
  const s = job.schedule;
  if (!s) return undefined;
  const elapsed = now - job.createdAt;
  if (elapsed < s.inProgressAfterMs || elapsed >= s.doneAfterMs) return undefined;
  return (elapsed - s.inProgressAfterMs) / (s.doneAfterMs - s.inProgressAfterMs);
}

function checkSchedule<S extends { inProgressAfterMs: number; doneAfterMs: number }>(s: S | undefined): S | undefined {
  if (s === undefined) return undefined;
  nonNegative(s.inProgressAfterMs, 'schedule.inProgressAfterMs');
  nonNegative(s.doneAfterMs, 'schedule.doneAfterMs');
  if (s.doneAfterMs < s.inProgressAfterMs) throw new Error('schedule.doneAfterMs must be >= inProgressAfterMs');
  return s;
}

function nonNegative(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${what} must be a number >= 0`);
  return n;
}
