// POST /crm/bulk/{v}/write and POST /crm/bulk/{v}/read: job creation, checked the way Zoho checks
// it (reference §1.3, §2.1, §2.4; the OAS Request_Wrapper shapes): JSON content type, required
// keys, the module (one with fields here), the upload's file_id, field mappings (fields exist,
// are writable, columns exist, mandatory fields mapped for insert/upsert, at most 200),
// find_by (a unique field or id) for update/upsert; for bulk read the fields, criteria and page.
// A created job runs on the simulator clock like a seeded one; a write job's counts and result
// come from the uploaded rows (importResult.ts).
import { unzipSync } from 'fflate';
import { formatZohoTime } from './bodies';
import { csvRows, countOutcomes, evaluateRows, type ImportSpec } from './importResult';
import type { JobStore, ReadJob } from './jobStore';
import { simField, simModule, type SimModule } from './metadata';
import { HEADERS, type SimResponse } from './respond';
import type { FileStore } from './uploads';
import type { CreatedBy, Schedule } from './types';
import { checkCriteria } from './criteria';

export interface CreateContext {
  store: JobStore;
  files: FileStore;
  now: number;
  createdBy: CreatedBy;
  writeSchedule: Schedule<'COMPLETED'>;
  readSchedule: Schedule<'COMPLETED'>;
  /** records a read job of this module exports in all (default 8 764) */
  readCount: (module: string) => number;
  readPerPage: number;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_PAGE = 50;

const err = (status: number, code: string, message: string, details: Json = {}): SimResponse => ({
  status,
  body: JSON.stringify({ code, details, message, status: 'error' }),
  headers: HEADERS.gateway,
});
const missing = (key: string, path: string): SimResponse => err(400, 'MANDATORY_NOT_FOUND', `required key ${key} is not found in request body.`, { api_name: key, json_path: path });
const invalidData = (key: string, path: string, message = 'invalid data'): SimResponse => err(400, 'INVALID_DATA', message, { api_name: key, json_path: path });

/** The body as JSON, or the error Zoho gives for a wrong content type or unreadable body. */
function jsonBody(contentType: string | undefined, text: string): Json | SimResponse {
  if (!/^application\/json\b/i.test(contentType ?? '')) return err(415, 'MEDIA_TYPE_NOT_SUPPORTED', 'The media type of the request body is not supported');
  try {
    const v = JSON.parse(text) as unknown;
    return isObj(v) ? v : invalidData('body', '$', 'the request body must be a JSON object');
  } catch {
    return invalidData('body', '$', 'the request body is not valid JSON');
  }
}
const isResponse = (v: Json | SimResponse): v is SimResponse => typeof (v as SimResponse).status === 'number' && 'headers' in v;

export function createWriteJob(contentType: string | undefined, text: string, ctx: CreateContext): SimResponse {
  const body = jsonBody(contentType, text);
  if (isResponse(body)) return body;
  if (body.operation === undefined) return missing('operation', '$.operation');
  if (!['insert', 'update', 'upsert'].includes(body.operation as string)) return invalidData('operation', '$.operation');
  const operation = body.operation as ImportSpec['operation'];
  if (body.callback !== undefined && (!isObj(body.callback) || body.callback.method !== 'post')) {
    return { ...err(400, 'INVALID_CALLBACK_METHOD', 'invalid callback method', {}), body: JSON.stringify({ code: 'INVALID_CALLBACK_METHOD', details: { supported_callback_methods: ['post'] }, message: 'invalid callback method', status: 'error' }) };
  }
  if (!Array.isArray(body.resource) || body.resource.length === 0) return missing('resource', '$.resource');
  if (body.resource.length > 1) return err(400, 'FILE_NOT_SUPPORTED', 'File not supported for bulk write');
  const r = body.resource[0];
  if (!isObj(r)) return invalidData('resource', '$.resource[0]');
  if (r.type !== undefined && r.type !== 'data') return invalidData('type', '$.resource[0].type');
  const apiName = isObj(r.module) ? r.module.api_name : undefined;
  if (typeof apiName !== 'string') return missing('module', '$.resource[0].module');
  const module = simModule(apiName);
  if (!module) return err(400, 'MODULE_NOT_AVAILABLE', `Requested module '${apiName.slice(0, 50)}' is not available.`, { api_name: apiName });
  if (r.file_id === undefined) return missing('file_id', '$.resource[0].file_id');
  const file = typeof r.file_id === 'string' ? ctx.files.get(r.file_id) : undefined;
  if (!file) return err(400, 'INVALID_FILE_ID', 'improper file id', { api_name: 'file_id', json_path: '$.resource[0].file_id' });
  const rows = csvRows(Buffer.from(unzipSync(new Uint8Array(file.zip))[file.csvName]).toString('utf8'));
  const header = rows[0] ?? [];
  const findBy = r.find_by;
  if (operation !== 'insert') {
    if (typeof findBy !== 'string' || findBy === '') return missing('find_by', '$.resource[0].find_by');
    if (findBy !== 'id' && !simField(module, findBy)?.unique) return invalidData('find_by', '$.resource[0].find_by', `${findBy.slice(0, 50)} is not a unique field`);
  }
  const mapped = mappingsOf(r.field_mappings, header, module);
  if (!Array.isArray(mapped)) return mapped;
  if (operation !== 'update') {
    const notMapped = (module.fields ?? []).filter((f) => f.mandatory && !mapped.some((m) => m.api_name === f.apiName));
    if (notMapped.length > 0) return err(400, 'MANDATORY_FIELDS_NOT_MAPPED', 'All mandatory fields are not mapped for the layout', { api_name: notMapped[0].apiName });
  }
  if (typeof findBy === 'string' && findBy !== 'id' && operation !== 'insert' && !mapped.some((m) => m.api_name === findBy)) {
    return invalidData('find_by', '$.resource[0].find_by', `the find_by field ${findBy} is not mapped`);
  }
  const spec: ImportSpec = { module, operation, findBy: typeof findBy === 'string' ? findBy : undefined, mappings: mapped, ignoreEmpty: body.ignore_empty === true };
  const counts = countOutcomes(evaluateRows(rows, spec));
  const id = ctx.store.addWrite(
    {
      module: module.apiName,
      operation,
      total: Math.max(0, rows.length - 1),
      ...counts,
      fieldMappings: mapped.map((m) => ({ api_name: m.api_name, index: m.index, find_by: m.find_by ?? null })),
      fileId: file.id,
      fileName: file.csvName,
      ignoreEmpty: spec.ignoreEmpty,
      createdBy: ctx.createdBy,
      schedule: ctx.writeSchedule,
      callback: isObj(body.callback) ? (body.callback as { url: string; method: 'post' }) : undefined,
    },
    { imported: { zip: file.zip, csvName: file.csvName, spec } },
  );
  return {
    status: 201,
    body: JSON.stringify({ status: 'success', code: 'SUCCESS', message: 'success', details: { id, created_by: ctx.createdBy } }),
    headers: HEADERS.gateway,
  };
}

type Mapping = { api_name: string; index: number; find_by?: string };

function mappingsOf(raw: unknown, header: string[], module: SimModule): Mapping[] | SimResponse {
  // without field_mappings the CSV header names are read as field API names
  const list: unknown[] = raw === undefined ? header.map((h, index) => ({ api_name: h.trim(), index })) : Array.isArray(raw) ? raw : [];
  if (raw !== undefined && !Array.isArray(raw)) return invalidData('field_mappings', '$.resource[0].field_mappings');
  if (list.length > 200) return err(400, 'HEADER_LIMIT_EXCEEDED', 'header limit exceeded', { limit: 200 });
  const out: Mapping[] = [];
  for (const [i, m] of list.entries()) {
    const path = `$.resource[0].field_mappings[${i}]`;
    if (!isObj(m) || typeof m.api_name !== 'string') return missing('api_name', `${path}.api_name`);
    if (m.index === undefined) return err(400, 'MANDATORY_NOT_FOUND', `required key index for field ${m.api_name} is not found in request body.`, { api_name: 'index', json_path: `${path}.index` });
    const field = simField(module, m.api_name);
    if (!field) return err(400, 'INVALID_FIELD', `invalid mapping. invalid api_name ${m.api_name.slice(0, 50)}.`, { api_name: m.api_name });
    if (field.readOnly) return err(400, 'INVALID_FIELD', `invalid mapping. ${m.api_name} is read only.`, { api_name: m.api_name });
    if (typeof m.index !== 'number' || !Number.isInteger(m.index) || m.index < 0 || m.index >= header.length) {
      return err(400, 'COLUMN_INDEX_NOT_FOUND', `column index ${String(m.index)} is not found`, { api_name: m.api_name, index: m.index as number });
    }
    out.push({ api_name: m.api_name, index: m.index, ...(typeof m.find_by === 'string' ? { find_by: m.find_by } : {}) });
  }
  return out;
}

export function createReadJob(contentType: string | undefined, text: string, ctx: CreateContext): SimResponse {
  const body = jsonBody(contentType, text);
  if (isResponse(body)) return body;
  if (body.callback !== undefined && (!isObj(body.callback) || body.callback.method !== 'post')) return err(400, 'INVALID_CALLBACK_METHOD', 'invalid callback method');
  const q = body.query;
  if (!isObj(q)) return err(400, 'REQUEST_BODY_NOT_SUPPORTED', 'query is not found in the request body', { api_name: 'query' });
  const apiName = isObj(q.module) ? q.module.api_name : undefined;
  if (typeof apiName !== 'string') return err(400, 'REQUEST_BODY_NOT_SUPPORTED', 'module is not found in the request body', { api_name: 'module' });
  const module = simModule(apiName);
  if (!module) return err(400, 'MODULE_NOT_SUPPORTED', `the module ${apiName.slice(0, 50)} is not supported`, { api_name: apiName });
  let fields: string[] | undefined;
  if (q.fields !== undefined) {
    if (!Array.isArray(q.fields) || q.fields.some((x) => typeof x !== 'string')) return err(400, 'REQUEST_BODY_NOT_SUPPORTED', 'fields must be a list of field API names');
    const unknown = (q.fields as string[]).find((x) => x !== 'id' && !simField(module, x.split('.')[0]));
    if (unknown) return { ...err(400, 'FIELD_NOT_AVAILABLE', 'the field is not available', { api_name: unknown }), body: JSON.stringify({ data: [{ code: 'FIELD_NOT_AVAILABLE', details: { api_name: unknown, module: apiName }, message: 'the field is not available', status: 'error' }] }) };
    fields = q.fields as string[];
  }
  if (q.criteria !== undefined) {
    const bad = checkCriteria(q.criteria, module);
    if (bad) return err(400, bad.code, bad.message, bad.details);
  }
  // page_token: a previous page's next_page_token (this simulator's name the page it leads to, …p<n>)
  const token = q.page_token === undefined ? undefined : typeof q.page_token === 'string' ? /^sim\d{9}p(\d+)$/.exec(q.page_token) : null;
  if (token === null) return invalidData('page_token', '$.query.page_token');
  const page = token ? Number(token[1]) : q.page ?? 1;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) return invalidData('page', '$.query.page');
  if (!token && page > MAX_PAGE) return err(400, 'PAGE_RANGE_EXCEEDED', 'page range exceeded', { max_limit: MAX_PAGE });
  const id = ctx.store.addRead({ module: module.apiName, fields, count: ctx.readCount(module.apiName), createdBy: ctx.createdBy, schedule: ctx.readSchedule });
  const job = ctx.store.get(id) as ReadJob;
  job.page = page;
  job.perPage = ctx.readPerPage;
  return {
    status: 201,
    body: JSON.stringify({
      data: [{ status: 'success', code: 'ADDED_SUCCESSFULLY', message: 'Added successfully.', details: { id, operation: 'read', state: 'ADDED', created_by: ctx.createdBy, created_time: formatZohoTime(ctx.now) } }],
      info: {},
    }),
    headers: HEADERS.gateway,
  };
}
