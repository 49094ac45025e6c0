// Maps a CSV's columns to a module's fields automatically: by api name first, then by label,
// letter case, spaces and underscores ignored; `Account_Name.id` maps a lookup with find_by id.

/** A module field as Zoho's fields metadata describes it (GET /crm/v8/settings/fields). */
export interface ImportField {
  api_name: string;
  field_label: string;
  data_type: string;
  system_mandatory: boolean;
  unique?: boolean;
  read_only: boolean;
}

export type ImportOperation = 'insert' | 'update' | 'upsert';

/** One entry of a bulk write job's `field_mappings` (reference §1.3). */
export interface FieldMapping {
  api_name: string;
  /** zero-based CSV column */
  index: number;
  /** for lookup columns: the field of the looked-up module to match on */
  find_by?: string;
}

export interface UnmappedColumn {
  index: number;
  name: string;
  /** plain words: why it was left out */
  reason: string;
}

export interface AutoMapping {
  /** by column index; one entry per mapped column */
  mappings: FieldMapping[];
  unmappedColumns: UnmappedColumn[];
  /** mandatory, writable fields no column maps to */
  unmappedMandatory: ImportField[];
}

/** Lower case, without spaces and underscores: "Last Name", "last_name" and "LASTNAME" all match. */
export const normaliseName = (s: string): string => s.trim().toLowerCase().replace(/[\s_]+/g, '');

export const isLookup = (f: ImportField): boolean => /lookup/i.test(f.data_type);

/** Splits "Account_Name.id" into the field part and the find_by part (undefined without a dot). */
export function splitLookupName(name: string): { field: string; findBy: string } | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  return { field: name.slice(0, dot).trim(), findBy: name.slice(dot + 1).trim() };
}

/** api_name and label lookup tables over the fields (the first field wins a normalised name). */
function index(fields: readonly ImportField[]): { byApi: Map<string, ImportField>; byLabel: Map<string, ImportField> } {
  const byApi = new Map<string, ImportField>();
  const byLabel = new Map<string, ImportField>();
  for (const f of fields) {
    const api = normaliseName(f.api_name);
    const label = normaliseName(f.field_label ?? '');
    if (api && !byApi.has(api)) byApi.set(api, f);
    if (label && !byLabel.has(label)) byLabel.set(label, f);
  }
  return { byApi, byLabel };
}

/**
 * Proposes a mapping for `header` onto `fields`. Read-only fields are never targets. A field
 * matched by two columns goes to the first (api-name matches are placed before label matches).
 * With update or upsert, a column named "id" maps to the record id.
 */
export function autoMap(header: readonly string[], fields: readonly ImportField[], operation: ImportOperation = 'insert'): AutoMapping {
  const { byApi, byLabel } = index(fields);
  const taken = new Map<string, number>(); // api_name → column
  const chosen: (FieldMapping | undefined)[] = header.map(() => undefined);
  const why: string[] = header.map(() => 'no field with this api name or label');
  const tryPass = (lookup: (name: string) => ImportField | undefined): void => {
    header.forEach((raw, i) => {
      if (chosen[i]) return;
      const name = raw.trim();
      let field = lookup(name);
      let findBy: string | undefined;
      if (!field) {
        const parts = splitLookupName(name);
        const target = parts && lookup(parts.field);
        if (parts && target && isLookup(target)) {
          field = target;
          findBy = parts.findBy;
        } else if (parts && target) {
          why[i] = `"${target.api_name}" is not a lookup field, so "${name}" cannot name a field to match on`;
          return;
        }
      }
      if (!field) return;
      if (field.read_only) {
        why[i] = `the field "${field.api_name}" is read-only`;
        return;
      }
      const owner = taken.get(field.api_name);
      if (owner !== undefined) {
        why[i] = `the field "${field.api_name}" is already mapped from column ${owner + 1} ("${header[owner].trim()}")`;
        return;
      }
      taken.set(field.api_name, i);
      chosen[i] = { api_name: field.api_name, index: i, ...(findBy ? { find_by: findBy } : {}) };
    });
  };
  tryPass((n) => byApi.get(normaliseName(n)));
  tryPass((n) => byLabel.get(normaliseName(n)));
  if (operation !== 'insert' && !taken.has('id')) {
    const at = header.findIndex((h, i) => !chosen[i] && normaliseName(h) === 'id');
    if (at >= 0) {
      chosen[at] = { api_name: 'id', index: at };
      taken.set('id', at);
    }
  }
  return {
    mappings: chosen.filter((m): m is FieldMapping => m !== undefined),
    unmappedColumns: header.flatMap((name, i) => (chosen[i] ? [] : [{ index: i, name: name.trim(), reason: why[i] }])),
    unmappedMandatory: fields.filter((f) => f.system_mandatory && !f.read_only && !taken.has(f.api_name)),
  };
}
