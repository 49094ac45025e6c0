// The scripting options of zohoBulkJobs.createExport, checked against the org's metadata before
// anything is created: `{ module, fields?, criteria?, page?, allPages? }`. Each problem is named.
import { checkCriteria, fieldExists } from './criteria';
import type { ExportApi, FieldMeta, ModuleMeta } from './exportPort';
import type { ReadQuery } from './exportQuery';

export interface ExportOptions {
  module: string;
  fields?: string[];
  criteria?: unknown;
  page?: number;
  /** create each next page's job when the previous one finishes, until Zoho has no more records */
  allPages?: boolean;
  /** the connection's name (absent: the only or first connection) */
  connection?: string;
}

export interface ExportPlan { query: ReadQuery; allPages: boolean }

const KNOWN_KEYS = new Set(['module', 'fields', 'criteria', 'page', 'allPages', 'connection']);
const list = (names: string[], max = 12) => names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length} in all)` : '');

/** The shape alone (no metadata needed): throws an Error naming the first problem. */
export function checkOptionShape(options: unknown): ExportOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Error('The export options must be an object like { module: "Leads", fields?: [...], criteria?: {...}, page?: 1 }.');
  }
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length) throw new Error(`Unknown export option ${unknown.map((k) => `"${k}"`).join(', ')}; the options are ${[...KNOWN_KEYS].join(', ')}.`);
  if (typeof o.module !== 'string' || o.module.trim() === '') throw new Error('The export options need a module: its API name, e.g. "Leads".');
  if (o.fields !== undefined && (!Array.isArray(o.fields) || o.fields.length === 0 || !o.fields.every((f) => typeof f === 'string' && f.trim() !== ''))) {
    throw new Error('fields must be a non-empty list of field API names, e.g. ["Last_Name", "Email"].');
  }
  if (o.page !== undefined && (typeof o.page !== 'number' || !Number.isInteger(o.page) || o.page < 1)) {
    throw new Error(`page must be a positive integer (1 is the first 200,000 records), not ${JSON.stringify(o.page) ?? String(o.page)}.`);
  }
  if (o.allPages !== undefined && typeof o.allPages !== 'boolean') throw new Error('allPages must be true or false.');
  return o as unknown as ExportOptions;
}

/** The module's metadata entry; an unknown module throws an Error that lists the known ones. */
export function findModule(modules: readonly ModuleMeta[], name: string): ModuleMeta {
  const exact = modules.find((m) => m.apiName === name.trim());
  if (exact) return exact;
  const other = modules.find((m) => m.apiName.toLowerCase() === name.trim().toLowerCase());
  const hint = other ? ` Did you mean "${other.apiName}"?` : ` Modules that can be exported: ${list(modules.map((m) => m.apiName))}.`;
  throw new Error(`Unknown module "${name}": this org has no module by that API name that a bulk read can export.${hint}`);
}

/** Checks fields, criteria and page against the module's fields; throws an Error naming the problem. */
export function planExport(o: ExportOptions, module: ModuleMeta, fields: readonly FieldMeta[]): ExportPlan {
  const query: ReadQuery = { module: module.apiName };
  if (o.fields) {
    const missing = o.fields.filter((f) => !fieldExists(f.trim(), fields));
    if (missing.length) {
      throw new Error(`Unknown field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f}"`).join(', ')} in ${module.apiName}. Its fields: ${list(fields.map((f) => f.apiName))}.`);
    }
    query.fields = [...new Set(o.fields.map((f) => f.trim()))];
  }
  if (o.criteria !== undefined && o.criteria !== null) {
    const c = checkCriteria(o.criteria, fields, module.apiName);
    if (!c.ok) throw new Error(`Bad criteria: ${c.reason}`);
    query.criteria = c.criteria;
  }
  if (o.page !== undefined) query.page = o.page;
  return { query, allPages: o.allPages === true };
}

/** The whole check for scripted options: shape, then the module and its fields from Zoho's metadata. */
export async function planFromOptions(options: unknown, api: Pick<ExportApi, 'modules' | 'fields'>): Promise<ExportPlan> {
  const o = checkOptionShape(options);
  const module = findModule(await api.modules(), o.module);
  return planExport(o, module, await api.fields(module.apiName));
}
