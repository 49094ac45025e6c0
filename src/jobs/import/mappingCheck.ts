// Checks a mapping the user (or a script) gives: CSV column name → field api name, against the
// file's header and the module's fields, and turns it into Zoho's field_mappings.
import { IMPORT_LIMITS } from './csvProblems';
import { isLookup, normaliseName, splitLookupName, type FieldMapping, type ImportField, type ImportOperation } from './autoMap';

export type MappingErrorCode =
  | 'UNKNOWN_COLUMN'
  | 'AMBIGUOUS_COLUMN'
  | 'UNKNOWN_FIELD'
  | 'READ_ONLY_FIELD'
  | 'NOT_A_LOOKUP'
  | 'FIELD_MAPPED_TWICE'
  | 'TOO_MANY_FIELDS'
  | 'MANDATORY_NOT_MAPPED'
  | 'FIND_BY_NOT_MAPPED'
  | 'FIND_BY_NOT_UNIQUE'
  | 'EMPTY_MAPPING';

export interface MappingError {
  code: MappingErrorCode;
  message: string;
  /** the CSV column concerned, as given */
  column?: string;
  /** the field concerned */
  field?: string;
}

export interface MappingCheckOptions {
  operation?: ImportOperation;
  /** the job's find_by (update and upsert): `id` or a unique field */
  findBy?: string;
  maxFields?: number;
}

export interface MappingCheck {
  ok: boolean;
  errors: MappingError[];
  /** the valid entries, by column index */
  mappings: FieldMapping[];
}

/** Finds the column a name means: exact (trimmed) first, then ignoring letter case. */
function findColumn(header: readonly string[], name: string): number[] {
  const trimmed = header.map((h) => h.trim());
  const exact = trimmed.flatMap((h, i) => (h === name.trim() ? [i] : []));
  if (exact.length > 0) return exact;
  return trimmed.flatMap((h, i) => (h.toLowerCase() === name.trim().toLowerCase() ? [i] : []));
}

export function checkMapping(
  header: readonly string[],
  fields: readonly ImportField[],
  mapping: Readonly<Record<string, string>>,
  options: MappingCheckOptions = {},
): MappingCheck {
  const operation = options.operation ?? 'insert';
  const maxFields = options.maxFields ?? IMPORT_LIMITS.maxColumns;
  const errors: MappingError[] = [];
  const mappings: FieldMapping[] = [];
  const byApi = new Map(fields.map((f) => [f.api_name, f]));
  const usedBy = new Map<string, string>(); // api_name → column
  const entries = Object.entries(mapping);
  if (entries.length === 0) errors.push({ code: 'EMPTY_MAPPING', message: 'The mapping is empty: map at least one column to a field.' });
  for (const [column, target] of entries) {
    const at = findColumn(header, column);
    if (at.length === 0) {
      errors.push({ code: 'UNKNOWN_COLUMN', column, message: `The file has no column "${column}". Its columns are: ${header.map((h) => `"${h.trim()}"`).join(', ')}.` });
      continue;
    }
    if (at.length > 1) {
      errors.push({ code: 'AMBIGUOUS_COLUMN', column, message: `The file has ${at.length} columns named "${column}" (columns ${at.map((i) => i + 1).join(', ')}); rename them so each is unique.` });
      continue;
    }
    const lookupPart = byApi.has(target.trim()) ? undefined : splitLookupName(target);
    const api = (lookupPart?.field ?? target).trim();
    let findBy = lookupPart?.findBy;
    const field = api === 'id' && operation !== 'insert' ? { api_name: 'id', field_label: 'Record Id', data_type: 'bigint', system_mandatory: false, read_only: false } : byApi.get(api);
    if (!field) {
      const near = fields.find((f) => normaliseName(f.api_name) === normaliseName(api) || normaliseName(f.field_label) === normaliseName(api));
      errors.push({ code: 'UNKNOWN_FIELD', column, field: target, message: `The module has no field "${api}" (mapped from column "${column}").${near ? ` Did you mean "${near.api_name}"?` : ''}` });
      continue;
    }
    if (field.read_only) {
      errors.push({ code: 'READ_ONLY_FIELD', column, field: api, message: `The field "${api}" is read-only: Zoho does not import into it. Leave column "${column}" unmapped.` });
      continue;
    }
    if (!findBy && isLookup(field)) findBy = splitLookupName(header[at[0]].trim())?.findBy;
    if (findBy && !isLookup(field)) {
      errors.push({ code: 'NOT_A_LOOKUP', column, field: api, message: `The field "${api}" is not a lookup, so it cannot be matched by "${findBy}".` });
      continue;
    }
    const other = usedBy.get(api);
    if (other !== undefined) {
      errors.push({ code: 'FIELD_MAPPED_TWICE', column, field: api, message: `The field "${api}" is mapped from two columns, "${other}" and "${column}". Map it from one only.` });
      continue;
    }
    usedBy.set(api, column);
    mappings.push({ api_name: api, index: at[0], ...(findBy ? { find_by: findBy } : {}) });
  }
  if (mappings.length > maxFields) {
    errors.push({ code: 'TOO_MANY_FIELDS', message: `${mappings.length} fields are mapped; Zoho accepts at most ${maxFields} in one import.` });
  }
  if (operation !== 'update') {
    for (const f of fields) {
      if (f.system_mandatory && !f.read_only && !usedBy.has(f.api_name)) {
        errors.push({ code: 'MANDATORY_NOT_MAPPED', field: f.api_name, message: `The mandatory field "${f.field_label}" (${f.api_name}) is not mapped: map a column to it.` });
      }
    }
  }
  if (operation !== 'insert' && options.findBy) {
    const fb = options.findBy;
    const target = byApi.get(fb);
    if (fb !== 'id' && !target) {
      errors.push({ code: 'UNKNOWN_FIELD', field: fb, message: `Records are to be matched by "${fb}", but the module has no such field.` });
    } else if (fb !== 'id' && target && !target.unique) {
      errors.push({ code: 'FIND_BY_NOT_UNIQUE', field: fb, message: `"${fb}" is not a unique field, so it cannot identify records: use "id" or a unique field.` });
    } else if (!usedBy.has(fb)) {
      errors.push({ code: 'FIND_BY_NOT_MAPPED', field: fb, message: `Records are matched by "${fb}", but no column is mapped to it.` });
    }
  }
  mappings.sort((a, b) => a.index - b.index);
  return { ok: errors.length === 0, errors, mappings };
}
