// Validates losslessly parsed job-details bodies and converts them into the typed shapes of types.ts.
import { ErrorContext, ZohoError, errorFromBody } from './errors';
import { normaliseStatus } from './status';
import type { BulkReadJob, BulkReadResult, BulkWriteJob, CreatedBy, FieldMapping, JobKind, ResourceFile, WriteResource } from './types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Text of a string, or of a number/bigint (ids may be bare numbers; big ones arrive as exact strings). */
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) {
    const n = Number(v);
    return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : undefined;
  }
  return undefined;
}

function invalid(ctx: ErrorContext, what: string): ZohoError {
  return new ZohoError({ code: 'INVALID_RESPONSE', kind: ctx.kind, jobId: ctx.jobId, httpStatus: 200, detail: what });
}

function checkError(body: unknown, ctx: ErrorContext): void {
  const err = errorFromBody(body, 200, ctx);
  if (err) throw err;
}

function createdBy(v: unknown): CreatedBy | undefined {
  if (!isObj(v)) return undefined;
  const out: CreatedBy = {};
  if (text(v.id) !== undefined) out.id = text(v.id);
  if (typeof v.name === 'string') out.name = v.name;
  return out.id === undefined && out.name === undefined ? undefined : out;
}

/** `default_value` is `{value}` / `{name}` / `{name, module}`, value possibly an object: show it as text. */
export function defaultValueText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const direct = text(v) ?? (typeof v === 'boolean' ? String(v) : undefined);
  if (direct !== undefined) return direct;
  if (Array.isArray(v)) {
    const parts = v.map(defaultValueText).filter((p): p is string => p !== undefined);
    return parts.length ? parts.join(', ') : undefined;
  }
  if (!isObj(v)) return undefined;
  const inner = defaultValueText(v.value) ?? defaultValueText(v.name) ?? text(v.id) ?? text(v.api_name);
  if (inner !== undefined) return inner;
  const keys = Object.keys(v);
  return keys.length ? JSON.stringify(v) : undefined;
}

function moduleOf(v: unknown): { module?: string; moduleId?: string } {
  if (typeof v === 'string') return { module: v };
  if (isObj(v)) return { module: text(v.api_name) ?? text(v.name), moduleId: text(v.id) };
  return {};
}

function fieldMapping(v: unknown): FieldMapping | undefined {
  if (!isObj(v) || typeof v.api_name !== 'string') return undefined;
  const m: FieldMapping = { apiName: v.api_name };
  const index = num(v.index);
  if (index !== undefined) m.index = index;
  if (typeof v.format === 'string') m.format = v.format;
  if (typeof v.find_by === 'string') m.findBy = v.find_by;
  const mod = moduleOf(v.module).module;
  if (mod !== undefined) m.module = mod;
  const dv = defaultValueText(v.default_value);
  if (dv !== undefined) m.defaultValue = dv;
  return m;
}

function resourceFile(v: unknown): ResourceFile | undefined {
  if (!isObj(v)) return undefined;
  const f: ResourceFile = {};
  if (v.status !== undefined && v.status !== null) f.status = normaliseStatus(v.status);
  if (typeof v.name === 'string') f.name = v.name;
  const counts: [keyof ResourceFile, unknown][] = [
    ['addedCount', v.added_count],
    ['updatedCount', v.updated_count],
    ['skippedCount', v.skipped_count],
    ['totalCount', v.total_count],
  ];
  for (const [key, raw] of counts) {
    const n = num(raw);
    if (n !== undefined) (f as Record<string, unknown>)[key] = n;
  }
  return f;
}

function writeResource(v: unknown): WriteResource | undefined {
  if (!isObj(v)) return undefined;
  const { module, moduleId } = moduleOf(v.module);
  const r: WriteResource = {
    module: module ?? '',
    status: normaliseStatus(v.status),
    fieldMappings: Array.isArray(v.field_mappings)
      ? v.field_mappings.map(fieldMapping).filter((m): m is FieldMapping => m !== undefined)
      : [],
  };
  if (moduleId !== undefined) r.moduleId = moduleId;
  if (typeof v.type === 'string') r.type = v.type;
  if (typeof v.code === 'string') r.code = v.code;
  if (text(v.file_id) !== undefined) r.fileId = text(v.file_id);
  const file = resourceFile(v.file);
  if (file) r.file = file;
  return r;
}

function jobBasics(o: Obj, statusKey: 'status' | 'state', ctx: ErrorContext, label: string) {
  const id = text(o.id);
  if (id === undefined || id === '') throw invalid(ctx, `the ${label} job has no id`);
  const rawStatus = o[statusKey] ?? (statusKey === 'state' ? o.status : undefined);
  if (typeof rawStatus !== 'string' || rawStatus.trim() === '') throw invalid(ctx, `the ${label} job has no ${statusKey}`);
  return { id, status: normaliseStatus(rawStatus) };
}

/** Bulk write job details: a bare object `{id, status, resource[], result?, …}`. */
export function parseWriteJob(body: unknown, ctx: ErrorContext = { kind: 'write' }): BulkWriteJob {
  checkError(body, ctx);
  if (!isObj(body)) throw invalid(ctx, 'expected a JSON object');
  const { id, status } = jobBasics(body, 'status', ctx, 'bulk write');
  const job: BulkWriteJob = {
    kind: 'write',
    id,
    status,
    resources: Array.isArray(body.resource) ? body.resource.map(writeResource).filter((r): r is WriteResource => r !== undefined) : [],
  };
  if (typeof body.operation === 'string') job.operation = body.operation;
  const by = createdBy(body.created_by);
  if (by) job.createdBy = by;
  if (typeof body.created_time === 'string') job.createdTime = body.created_time;
  if (typeof body.character_encoding === 'string') job.characterEncoding = body.character_encoding;
  const ignore = bool(body.ignore_empty);
  if (ignore !== undefined) job.ignoreEmpty = ignore;
  if (isObj(body.result) && typeof body.result.download_url === 'string' && body.result.download_url !== '') {
    job.downloadUrl = body.result.download_url;
  }
  return job;
}

function readResult(v: unknown): BulkReadResult | undefined {
  if (!isObj(v)) return undefined;
  const r: BulkReadResult = {};
  const page = num(v.page);
  if (page !== undefined) r.page = page;
  const perPage = num(v.per_page);
  if (perPage !== undefined) r.perPage = perPage;
  const count = num(v.count);
  if (count !== undefined) r.count = count;
  if (typeof v.download_url === 'string' && v.download_url !== '') r.downloadUrl = v.download_url;
  const more = bool(v.more_records);
  if (more !== undefined) r.moreRecords = more;
  if (typeof v.next_page_token === 'string' && v.next_page_token !== '') r.nextPageToken = v.next_page_token;
  if (isObj(v.error_message)) {
    r.errorMessage = { code: text(v.error_message.code), message: text(v.error_message.message) };
  }
  return r;
}

/** Bulk read job details: `{data:[{id, state, query, result?, …}]}`, first element. */
export function parseReadJob(body: unknown, ctx: ErrorContext = { kind: 'read' }): BulkReadJob {
  checkError(body, ctx);
  if (!isObj(body)) throw invalid(ctx, 'expected a JSON object');
  if (!Array.isArray(body.data) || body.data.length === 0) throw invalid(ctx, 'expected {"data":[…]} with one job');
  const o = body.data[0];
  if (!isObj(o)) throw invalid(ctx, 'the job entry is not an object');
  const { id, status } = jobBasics(o, 'state', ctx, 'bulk read');
  const job: BulkReadJob = { kind: 'read', id, status };
  if (typeof o.operation === 'string') job.operation = o.operation;
  const query = isObj(o.query) ? o.query : undefined;
  const module = moduleOf(query?.module).module;
  if (module !== undefined) job.module = module;
  if (Array.isArray(query?.fields)) {
    job.fields = query.fields.map((f) => text(f) ?? (isObj(f) ? text(f.api_name) : undefined)).filter((f): f is string => f !== undefined);
  }
  const fileType = text(o.file_type) ?? text(query?.file_type);
  if (fileType !== undefined) job.fileType = fileType;
  const by = createdBy(o.created_by);
  if (by) job.createdBy = by;
  if (typeof o.created_time === 'string') job.createdTime = o.created_time;
  const result = readResult(o.result);
  if (result) job.result = result;
  return job;
}

export function parseJob(kind: JobKind, body: unknown, ctx?: ErrorContext): BulkWriteJob | BulkReadJob {
  return kind === 'write' ? parseWriteJob(body, ctx ?? { kind }) : parseReadJob(body, ctx ?? { kind });
}
