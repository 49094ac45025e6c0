// Module and field metadata (GET /crm/v8/settings/modules, /crm/v8/settings/fields?module=…),
// validated and reduced to what importing and exporting need.
//
// Which modules bulk write takes: api_supported and creatable, not a web tab, visible, and not
// one Zoho's docs exclude (Users, notes, attachments, activities' calls and events, the inventory
// modules). Bulk read: api_supported and viewable, not notes / attachments / e-mails.
// A field is unique when `unique` is a non-empty object ({"casesensitive": …}); Zoho sends {}
// for the others.
import { refineError } from './createErrors';
import { ZohoError } from './errors';
import type { ZohoHttp } from './http';

export interface CrmModule {
  apiName: string;
  id: string;
  singularLabel?: string;
  pluralLabel?: string;
  generatedType?: string;
  apiSupported: boolean;
  creatable: boolean;
  viewable: boolean;
  /** can be imported with bulk write */
  bulkWrite: boolean;
  /** can be exported with bulk read */
  bulkRead: boolean;
}

export interface CrmField {
  apiName: string;
  label: string;
  dataType: string;
  id?: string;
  /** system_mandatory: a bulk write must map it (insert) */
  mandatory: boolean;
  /** may be used as find_by */
  unique: boolean;
  /** read_only or field_read_only: cannot be written */
  readOnly: boolean;
  custom: boolean;
  /** for lookups: the module looked up */
  lookupModule?: string;
  length?: number;
}

const NO_BULK_WRITE = new Set(['Users', 'Notes', 'Attachments', 'Emails', 'Calls', 'Events', 'Quotes', 'Sales_Orders', 'Purchase_Orders', 'Invoices', 'Activities', 'Visits']);
const NO_BULK_READ = new Set(['Notes', 'Attachments', 'Emails', 'Activities']);
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function invalid(kind: 'modules' | 'fields', what: string): ZohoError {
  return new ZohoError({ code: 'INVALID_RESPONSE', kind: 'write', httpStatus: 200, detail: `the ${kind === 'modules' ? 'module list' : 'field list'} ${what}` });
}

export function parseModules(body: unknown): CrmModule[] {
  if (!isObj(body) || !Array.isArray(body.modules)) throw invalid('modules', 'is not {"modules":[…]}');
  const out: CrmModule[] = [];
  for (const m of body.modules) {
    if (!isObj(m) || typeof m.api_name !== 'string' || text(m.id) === undefined) continue;
    const apiSupported = m.api_supported === true;
    const creatable = m.creatable === true;
    const viewable = m.viewable !== false;
    const generatedType = typeof m.generated_type === 'string' ? m.generated_type : undefined;
    const visible = m.status === undefined || m.status === 'visible';
    const mod: CrmModule = {
      apiName: m.api_name,
      id: text(m.id) as string,
      apiSupported,
      creatable,
      viewable,
      bulkWrite: apiSupported && creatable && visible && generatedType !== 'web' && !NO_BULK_WRITE.has(m.api_name),
      bulkRead: apiSupported && viewable && generatedType !== 'web' && !NO_BULK_READ.has(m.api_name),
    };
    if (typeof m.singular_label === 'string') mod.singularLabel = m.singular_label;
    if (typeof m.plural_label === 'string') mod.pluralLabel = m.plural_label;
    if (generatedType) mod.generatedType = generatedType;
    out.push(mod);
  }
  return out;
}

export function parseFields(body: unknown): CrmField[] {
  if (!isObj(body) || !Array.isArray(body.fields)) throw invalid('fields', 'is not {"fields":[…]}');
  const out: CrmField[] = [];
  for (const f of body.fields) {
    if (!isObj(f) || typeof f.api_name !== 'string') continue;
    const field: CrmField = {
      apiName: f.api_name,
      label: typeof f.field_label === 'string' ? f.field_label : typeof f.display_label === 'string' ? f.display_label : f.api_name,
      dataType: typeof f.data_type === 'string' ? f.data_type : 'unknown',
      mandatory: f.system_mandatory === true,
      unique: f.unique === true || (isObj(f.unique) && Object.keys(f.unique).length > 0),
      readOnly: f.read_only === true || f.field_read_only === true,
      custom: f.custom_field === true,
    };
    if (text(f.id) !== undefined) field.id = text(f.id);
    const lookup = isObj(f.lookup) && isObj(f.lookup.module) ? text(f.lookup.module.api_name) : undefined;
    if (lookup) field.lookupModule = lookup;
    if (typeof f.length === 'number' && Number.isFinite(f.length)) field.length = f.length;
    out.push(field);
  }
  return out;
}

export async function getModules(http: ZohoHttp, signal?: AbortSignal): Promise<CrmModule[]> {
  try {
    return parseModules((await http.getJson('/crm/v8/settings/modules', { kind: 'write' }, signal)).body);
  } catch (e) {
    throw refineError(e, 'modules');
  }
}

export async function getFields(http: ZohoHttp, module: string, signal?: AbortSignal): Promise<CrmField[]> {
  if (typeof module !== 'string' || !NAME.test(module)) {
    throw new ZohoError({ code: 'INVALID_JOB_REQUEST', kind: 'write', detail: 'the module must be a module API name such as Leads' });
  }
  try {
    return parseFields((await http.getJson(`/crm/v8/settings/fields?module=${encodeURIComponent(module)}`, { kind: 'write' }, signal)).body);
  } catch (e) {
    throw refineError(e, 'fields');
  }
}
