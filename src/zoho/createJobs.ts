// Bulk write step 2 (reference §1.3) and bulk read creation (§2.1): the request is checked here
// first (nothing malformed is sent), then POSTed once as JSON; the answer (HTTP 201) gives the job
// id. Not idempotent: never sent again once it may have reached Zoho (sender.ts).
import { refineError } from './createErrors';
import { ZohoError } from './errors';
import type { ZohoSender } from './sender';
import type { CreatedBy, JobKind } from './types';

export type WriteOperation = 'insert' | 'update' | 'upsert';

export interface WriteMapping {
  /** the field's API name */
  apiName: string;
  /** zero-based CSV column */
  index: number;
  /** for lookup columns: the unique field of the looked-up module to match on */
  findBy?: string;
  /** a date / number format other than Zoho's default */
  format?: string;
}

export interface WriteJobRequest {
  operation: WriteOperation;
  module: string;
  fileId: string;
  /** required for update and upsert: a unique field or "id" */
  findBy?: string;
  fieldMappings: WriteMapping[];
  ignoreEmpty?: boolean;
  signal?: AbortSignal;
}

export interface ReadJobRequest {
  module: string;
  /** field API names (dot notation reaches lookups); none = every field */
  fields?: string[];
  /** Zoho's criteria JSON: {field:{api_name}, comparator, value} or {group_operator, group:[…]} */
  criteria?: unknown;
  /** 1-based page of 200,000 records */
  page?: number;
  /** the previous page's next_page_token, to go past what `page` reaches */
  pageToken?: string;
  signal?: AbortSignal;
}

export interface CreatedJob {
  kind: JobKind;
  id: string;
  createdBy?: CreatedBy;
  createdTime?: string;
}

/** Zoho's limit of mapped fields per bulk write (HEADER_LIMIT_EXCEEDED above it). */
export const MAX_MAPPED_FIELDS = 200;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_$]{0,99}(\.[A-Za-z][A-Za-z0-9_$]{0,99})?$/;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const idText = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined);

function invalid(kind: JobKind, detail: string): ZohoError {
  return new ZohoError({ code: 'INVALID_JOB_REQUEST', kind, detail, action: `create the bulk ${kind} job` });
}

/** The JSON body of POST /crm/bulk/{v}/write, or an error that says what is wrong with the request. */
export function writeJobBody(req: WriteJobRequest): Record<string, unknown> {
  const bad = (d: string) => invalid('write', d);
  if (!isObj(req)) throw bad('no request');
  if (!['insert', 'update', 'upsert'].includes(req.operation)) throw bad(`the operation must be insert, update or upsert, not ${JSON.stringify(String(req.operation)).slice(0, 30)}`);
  if (typeof req.module !== 'string' || !NAME.test(req.module)) throw bad('the module must be a module API name such as Leads');
  if (typeof req.fileId !== 'string' || !/^[0-9A-Za-z_-]{1,64}$/.test(req.fileId)) throw bad('the file id of the upload is missing');
  if (req.operation !== 'insert' && (typeof req.findBy !== 'string' || !NAME.test(req.findBy))) {
    throw bad(`an ${req.operation} needs the field to match records on (a unique field or id)`);
  }
  if (!Array.isArray(req.fieldMappings) || req.fieldMappings.length === 0) throw bad('no column is mapped to a field');
  if (req.fieldMappings.length > MAX_MAPPED_FIELDS) throw bad(`${req.fieldMappings.length} fields are mapped; Zoho takes at most ${MAX_MAPPED_FIELDS}`);
  const seen = new Set<string>();
  const mappings = req.fieldMappings.map((m, i) => {
    if (!isObj(m) || typeof m.apiName !== 'string' || !NAME.test(m.apiName)) throw bad(`mapping ${i + 1} has no valid field API name`);
    if (!Number.isSafeInteger(m.index) || m.index < 0) throw bad(`the column of ${m.apiName} must be a column number from 0`);
    if (seen.has(m.apiName)) throw bad(`${m.apiName} is mapped twice`);
    seen.add(m.apiName);
    if (m.findBy !== undefined && (typeof m.findBy !== 'string' || !NAME.test(m.findBy))) throw bad(`the lookup match field of ${m.apiName} is not a field API name`);
    const out: Record<string, unknown> = { api_name: m.apiName, index: m.index };
    if (m.findBy !== undefined) out.find_by = m.findBy;
    if (typeof m.format === 'string' && m.format !== '') out.format = m.format;
    return out;
  });
  const resource: Record<string, unknown> = { type: 'data', module: { api_name: req.module }, file_id: req.fileId };
  if (req.operation !== 'insert') resource.find_by = req.findBy;
  resource.field_mappings = mappings;
  return { operation: req.operation, ignore_empty: req.ignoreEmpty === true, resource: [resource] };
}

/** The JSON body of POST /crm/bulk/{v}/read, or an error that says what is wrong with the request. */
export function readJobBody(req: ReadJobRequest): Record<string, unknown> {
  const bad = (d: string) => invalid('read', d);
  if (!isObj(req)) throw bad('no request');
  if (typeof req.module !== 'string' || !NAME.test(req.module)) throw bad('the module must be a module API name such as Contacts');
  const query: Record<string, unknown> = { module: { api_name: req.module } };
  if (req.fields !== undefined) {
    if (!Array.isArray(req.fields) || req.fields.some((f) => typeof f !== 'string' || !FIELD_PATH.test(f))) throw bad('fields must be field API names such as Last_Name or Account_Name.Phone');
    if (req.fields.length > 0) query.fields = [...new Set(req.fields)];
  }
  if (req.criteria !== undefined && req.criteria !== null) {
    if (!isObj(req.criteria)) throw bad('the criteria must be a JSON object ({"field":{"api_name":…},"comparator":…,"value":…} or {"group_operator":…,"group":[…]})');
    query.criteria = req.criteria;
  }
  if (req.page !== undefined) {
    if (!Number.isSafeInteger(req.page) || req.page < 1) throw bad('the page must be a whole number from 1');
    query.page = req.page;
  }
  if (req.pageToken !== undefined) {
    if (typeof req.pageToken !== 'string' || !/^[\x21-\x7e]{1,500}$/.test(req.pageToken)) throw bad('the next-page token is malformed');
    query.page_token = req.pageToken;
  }
  return { query };
}

export async function createWriteJob(sender: ZohoSender, version: string, req: WriteJobRequest): Promise<CreatedJob> {
  const body = JSON.stringify(writeJobBody(req));
  let answer;
  try {
    answer = await sender.send({ target: `/crm/bulk/${version}/write`, contentType: 'application/json', body: () => body, contentLength: Buffer.byteLength(body), signal: req.signal }, { kind: 'write' });
  } catch (e) {
    throw refineError(e, 'create-write');
  }
  // {status:"success", code:"SUCCESS", details:{id, created_by}}
  return created('write', answer.status, isObj(answer.body) ? answer.body.details : undefined);
}

export async function createReadJob(sender: ZohoSender, version: string, req: ReadJobRequest): Promise<CreatedJob> {
  const body = JSON.stringify(readJobBody(req));
  let answer;
  try {
    answer = await sender.send({ target: `/crm/bulk/${version}/read`, contentType: 'application/json', body: () => body, contentLength: Buffer.byteLength(body), signal: req.signal }, { kind: 'read' });
  } catch (e) {
    throw refineError(e, 'create-read');
  }
  // {data:[{status:"success", code:"ADDED_SUCCESSFULLY", details:{id, operation, state, created_by, created_time}}], info:{}}
  const entry = isObj(answer.body) && Array.isArray(answer.body.data) ? answer.body.data[0] : undefined;
  return created('read', answer.status, isObj(entry) ? entry.details : undefined);
}

function created(kind: JobKind, status: number, details: unknown): CreatedJob {
  const id = isObj(details) ? idText(details.id) : undefined;
  if (id === undefined || !/^\d{1,25}$/.test(id)) {
    throw new ZohoError({ code: 'INVALID_RESPONSE', httpStatus: status, kind, detail: `the answer names no ${kind === 'write' ? 'bulk write' : 'bulk read'} job id` });
  }
  const job: CreatedJob = { kind, id };
  const by = isObj(details) && isObj(details.created_by) ? details.created_by : undefined;
  if (by) {
    const createdBy: CreatedBy = {};
    if (idText(by.id)) createdBy.id = idText(by.id);
    if (typeof by.name === 'string') createdBy.name = by.name;
    job.createdBy = createdBy;
  }
  if (isObj(details) && typeof details.created_time === 'string') job.createdTime = details.created_time;
  return job;
}
