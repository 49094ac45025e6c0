// What each create-side call is for (words for messages) and the OAuth scopes it needs, and the
// step that turns a generic ZohoError from such a call into one that names them, plus what
// Zoho's `details` pointed at (a field, a JSON path, a page limit).
import { ZohoError } from './errors';
import type { JobKind } from './types';

export type CreateOperation = 'upload' | 'create-write' | 'create-read' | 'org' | 'modules' | 'fields';

interface OperationInfo {
  kind: JobKind;
  action: string;
  /** every scope the call needs (Zoho's OAUTH_SCOPE_MISMATCH does not say which one is missing) */
  scopes: readonly string[];
}

export const OPERATIONS: Readonly<Record<CreateOperation, OperationInfo>> = Object.freeze({
  upload: { kind: 'write', action: 'upload the file to Zoho', scopes: ['ZohoFiles.files.ALL'] },
  'create-write': { kind: 'write', action: 'create the bulk write job', scopes: ['ZohoCRM.bulk.CREATE (or ZohoCRM.bulk.ALL)', 'ZohoCRM.modules.ALL (or the module’s CREATE scope)'] },
  'create-read': { kind: 'read', action: 'create the bulk read job', scopes: ['ZohoCRM.bulk.READ (or ZohoCRM.bulk.ALL)', 'ZohoCRM.modules.ALL (or the module’s READ scope)'] },
  org: { kind: 'write', action: 'read the organisation’s details', scopes: ['ZohoCRM.org.READ'] },
  modules: { kind: 'write', action: 'read the list of modules', scopes: ['ZohoCRM.settings.modules.READ'] },
  fields: { kind: 'write', action: 'read the module’s fields', scopes: ['ZohoCRM.settings.fields.READ'] },
});

/** Every scope creating jobs needs, in the form the sign-in asks for them. */
export const CREATE_SCOPES: readonly string[] = Object.freeze([
  'ZohoCRM.bulk.ALL',
  'ZohoCRM.modules.ALL',
  'ZohoFiles.files.ALL',
  'ZohoCRM.org.READ',
  'ZohoCRM.settings.modules.READ',
  'ZohoCRM.settings.fields.READ',
]);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** What Zoho's `details` points at, in a few words ("field Email", "resource[0].find_by", "5"). */
export function detailOf(code: string, details: unknown): string | undefined {
  if (!isObj(details)) return undefined;
  if (code === 'PAGE_RANGE_EXCEEDED') return text(details.max_limit);
  const parts: string[] = [];
  const field = text(details.api_name) ?? text(details.field) ?? text(details.param_name);
  if (field) parts.push(`field ${field}`);
  const path = text(details.json_path);
  if (path) parts.push(path.replace(/^\$\./, ''));
  const index = text(details.index);
  if (index) parts.push(`column ${index}`);
  if (Array.isArray(details.supported)) parts.push(`supported: ${details.supported.map(String).join(', ')}`);
  return parts.length ? parts.join(', ').slice(0, 200) : undefined;
}

/** The same failure, named for the operation. Errors that are not Zoho answers (network, ours) pass unchanged. */
export function refineError(e: unknown, op: CreateOperation): unknown {
  if (!(e instanceof ZohoError) || e.httpStatus === undefined) return e;
  const info = OPERATIONS[op];
  const details = e.details;
  let code = e.code;
  let detail = detailOf(code, details);
  // the upload host's upper-case shape: {ERROR_CODE: 400, x-error: "check if headers [feature, X-CRM-ORG] …"}
  if (/^HTTP_\d{3}$/.test(code) && isObj(details) && typeof details['x-error'] === 'string' && /header/i.test(details['x-error'])) {
    code = 'INVALID_UPLOAD_HEADERS';
    detail = undefined;
  }
  return new ZohoError({
    code,
    httpStatus: e.httpStatus,
    zohoMessage: e.zohoMessage,
    details,
    retryAfterMs: e.retryAfterMs,
    kind: info.kind,
    detail,
    action: info.action,
    scopes: code === 'OAUTH_SCOPE_MISMATCH' ? info.scopes : undefined,
    cause: e,
  });
}
