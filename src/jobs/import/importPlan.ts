// Turns what a user or a script asked for (a CSV, a module, an operation, maybe a mapping) into
// an import plan, checking everything before anything is sent: the file (checkCsv), the module
// against the org's metadata, find_by, and the mapping (given, or proposed by autoMap).
// What is wrong is said in plain words; nothing here writes to Zoho.
import * as path from 'node:path';
import { autoMap, type FieldMapping, type ImportField, type ImportOperation } from './autoMap';
import { checkCsv, type CsvCheck } from './csvCheck';
import type { ImportGateway, ImportModule } from './importGateway';
import { checkMapping, type MappingError } from './mappingCheck';

export interface ImportOptions {
  module: string;
  operation: ImportOperation;
  findBy?: string;
  /** CSV column → field api name (`Account_Name.id` for a lookup matched by id) */
  mapping?: Record<string, string>;
  ignoreEmpty?: boolean;
}

export interface ImportPlan {
  file: string;
  module: string;
  operation: ImportOperation;
  findBy?: string;
  ignoreEmpty: boolean;
  /** Zoho's field_mappings, in column order */
  mappings: FieldMapping[];
  check: CsvCheck;
}

export type ImportInputCode = 'BAD_OPTIONS' | 'CSV_PROBLEMS' | 'UNKNOWN_MODULE' | 'FIND_BY' | 'MAPPING';

/** The request cannot be sent as it is: the message says what to change. */
export class ImportInputError extends Error {
  constructor(readonly code: ImportInputCode, message: string, readonly details: { check?: CsvCheck; mappingErrors?: MappingError[] } = {}) {
    super(message);
    this.name = 'ImportInputError';
  }
}

const OPERATIONS: readonly ImportOperation[] = ['insert', 'update', 'upsert'];

/** Checks the shape of scripted options (types only; names are checked against the metadata later). */
export function readImportOptions(v: unknown): ImportOptions {
  const bad = (m: string): never => { throw new ImportInputError('BAD_OPTIONS', m); };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('The import options must be an object: { module, operation, findBy?, mapping?, ignoreEmpty? }.');
  const o = v as Record<string, unknown>;
  if (typeof o.module !== 'string' || o.module.trim() === '') bad('The import options need a module: its api name, e.g. "Leads".');
  if (!OPERATIONS.includes(o.operation as ImportOperation)) bad(`The operation must be 'insert', 'update' or 'upsert', not ${JSON.stringify(o.operation)}.`);
  if (o.findBy !== undefined && (typeof o.findBy !== 'string' || o.findBy.trim() === '')) bad('findBy must be a field api name (or "id").');
  if (o.ignoreEmpty !== undefined && typeof o.ignoreEmpty !== 'boolean') bad('ignoreEmpty must be true or false.');
  if (o.mapping !== undefined) {
    if (typeof o.mapping !== 'object' || o.mapping === null || Array.isArray(o.mapping)) bad('The mapping must be an object: { "CSV column": "Field_API_Name" }.');
    for (const [k, t] of Object.entries(o.mapping as object)) if (typeof t !== 'string') bad(`The mapping of column "${k}" must be a field api name (a string).`);
  }
  return {
    module: (o.module as string).trim(),
    operation: o.operation as ImportOperation,
    ...(o.findBy !== undefined ? { findBy: (o.findBy as string).trim() } : {}),
    ...(o.mapping !== undefined ? { mapping: o.mapping as Record<string, string> } : {}),
    ...(o.ignoreEmpty !== undefined ? { ignoreEmpty: o.ignoreEmpty as boolean } : {}),
  };
}

/** The module the name means (api name, then label, letter case ignored), or an error naming the choices. */
export function findModule(modules: readonly ImportModule[], name: string): ImportModule {
  const lower = name.trim().toLowerCase();
  const m = modules.find((x) => x.api_name === name.trim()) ?? modules.find((x) => x.api_name.toLowerCase() === lower || x.label.toLowerCase() === lower);
  if (m) return m;
  const names = modules.map((x) => x.api_name);
  throw new ImportInputError('UNKNOWN_MODULE', `There is no module "${name}" that a bulk write can import into. The org's modules are: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}.`);
}

/** The fields find_by may name: `id` and the module's unique, writable fields. */
export function findByChoices(fields: readonly ImportField[]): string[] {
  return ['id', ...fields.filter((f) => f.unique && f.api_name !== 'id').map((f) => f.api_name)];
}

/** A mapping as the scripting contract writes it (column → field), from Zoho's field_mappings. */
export function mappingRecord(header: readonly string[], mappings: readonly FieldMapping[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of mappings) out[header[m.index].trim()] = m.find_by ? `${m.api_name}.${m.find_by}` : m.api_name;
  return out;
}

export function checkFindBy(operation: ImportOperation, findBy: string | undefined, fields: readonly ImportField[]): void {
  if (operation === 'insert' && !findBy) return; // optional for insert: rows matching a record are then skipped
  const choices = findByChoices(fields);
  if (!findBy) throw new ImportInputError('FIND_BY', `An ${operation} needs findBy: the field that identifies existing records, one of ${choices.join(', ')}.`);
  if (!choices.includes(findBy)) throw new ImportInputError('FIND_BY', `Records cannot be matched by "${findBy}": use ${choices.join(', ')} (id, or a unique field).`);
}

/** Everything checked, in the order a user would fix it: the file, the module, find_by, the mapping. */
export async function planImport(gateway: ImportGateway, file: string, options: ImportOptions, signal?: AbortSignal, known: { check?: CsvCheck; fields?: ImportField[] } = {}): Promise<ImportPlan> {
  const check = known.check ?? (await checkCsv(file, { signal }).catch((e: unknown) => {
    throw new ImportInputError('CSV_PROBLEMS', `${path.basename(file)} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }));
  if (!check.ok) {
    const first = check.problems.find((p) => p.severity === 'error');
    throw new ImportInputError('CSV_PROBLEMS', `${path.basename(file)} has ${check.errorCount} problem${check.errorCount === 1 ? '' : 's'} to fix before it can be imported${first ? `; line ${first.line}: ${first.message}` : ''}`, { check });
  }
  const module = known.fields ? { api_name: options.module, label: options.module } : findModule(await gateway.modules(signal), options.module);
  const fields = known.fields ?? (await gateway.fields(module.api_name, signal));
  checkFindBy(options.operation, options.findBy, fields);
  const mapping = options.mapping ?? mappingRecord(check.header, autoMap(check.header, fields, options.operation).mappings);
  const result = checkMapping(check.header, fields, mapping, { operation: options.operation, findBy: options.findBy });
  if (!result.ok) {
    throw new ImportInputError('MAPPING', `The mapping onto ${module.api_name} cannot be used: ${result.errors.map((e) => e.message).join(' ')}`, { check, mappingErrors: result.errors });
  }
  return {
    file,
    module: module.api_name,
    operation: options.operation,
    ...(options.findBy ? { findBy: options.findBy } : {}),
    ignoreEmpty: options.ignoreEmpty ?? false,
    mappings: result.mappings,
    check,
  };
}
