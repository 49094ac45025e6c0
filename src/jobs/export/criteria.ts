// Bulk read criteria (reference §2.1 `query.criteria`): checked against the module's fields before
// anything is sent, and built from a few simple conditions. A condition is
// `{field:{api_name}, comparator, value}`; a group is `{group_operator:"and"|"or", group:[…]}`.
import type { FieldMeta } from './exportPort';
import type { Criteria } from './exportQuery';

export const COMPARATORS = [
  'equal', 'not_equal', 'in', 'not_in', 'less_than', 'less_equal', 'greater_than', 'greater_equal',
  'contains', 'not_contains', 'starts_with', 'ends_with', 'between', 'not_between',
] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Zoho's documented limit of conditions in one criteria (reference §2.1, medium confidence). */
export const MAX_CONDITIONS = 25;
/** `${EMPTY}` matches an empty value. */
export const EMPTY_VALUE = '${EMPTY}';

const LIST: Comparator[] = ['equal', 'not_equal', 'in', 'not_in'];
const TEXT: Comparator[] = [...LIST, 'contains', 'not_contains', 'starts_with', 'ends_with'];
const ORDERED: Comparator[] = [...LIST, 'less_than', 'less_equal', 'greater_than', 'greater_equal', 'between', 'not_between'];
const BY_TYPE: Record<string, Comparator[]> = {
  text: TEXT, textarea: TEXT, email: TEXT, phone: TEXT, website: TEXT, autonumber: TEXT,
  picklist: LIST, lookup: LIST, ownerlookup: LIST, userlookup: LIST, multiselectpicklist: [...LIST, 'contains', 'not_contains'],
  integer: ORDERED, bigint: ORDERED, double: ORDERED, decimal: ORDERED, currency: ORDERED, percent: ORDERED,
  date: ORDERED, datetime: ORDERED,
  boolean: ['equal'],
};
const NUMERIC = new Set(['integer', 'bigint', 'double', 'decimal', 'currency', 'percent']);

/** The comparators a field of this data type takes (every comparator for a type not listed: Zoho decides). */
export function comparatorsFor(dataType: string): readonly Comparator[] {
  return BY_TYPE[dataType.toLowerCase()] ?? COMPARATORS;
}

export type CriteriaCheck = { ok: true; criteria: Criteria; conditions: number } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const shown = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

/**
 * Checks criteria (an object, or JSON text of one) against a module's fields: every field exists,
 * every comparator is known and fits the field's data type, values have the right shape, groups
 * say "and" or "or" and hold at least two entries. Returns Zoho's shape (group operators lower case).
 */
export function checkCriteria(input: unknown, fields: readonly FieldMeta[], module = 'the module'): CriteriaCheck {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, reason: `The criteria are not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const byName = new Map(fields.map((f) => [f.apiName, f]));
  let conditions = 0;
  const walk = (v: unknown, at: string, depth: number): Criteria | string => {
    if (!isRecord(v)) return `${at} must be an object: a condition {"field":{"api_name":…},"comparator":…,"value":…} or a group {"group_operator":"and"|"or","group":[…]}.`;
    if ('group_operator' in v || 'group' in v) {
      if (depth > 5) return `${at} nests groups too deeply.`;
      const op = typeof v.group_operator === 'string' ? v.group_operator.toLowerCase() : undefined;
      if (op !== 'and' && op !== 'or') return `${at}.group_operator must be "and" or "or", not ${shown(v.group_operator)}.`;
      if (!Array.isArray(v.group) || v.group.length < 2) return `${at}.group must be a list of at least two conditions or groups.`;
      const group: Criteria[] = [];
      for (const [i, g] of v.group.entries()) {
        const c = walk(g, `${at}.group[${i}]`, depth + 1);
        if (typeof c === 'string') return c;
        group.push(c);
      }
      return { group_operator: op, group };
    }
    conditions++;
    return checkCondition(v, at, byName, module);
  };
  const result = walk(value, 'criteria', 0);
  if (typeof result === 'string') return { ok: false, reason: result };
  if (conditions > MAX_CONDITIONS) return { ok: false, reason: `The criteria hold ${conditions} conditions; Zoho takes at most ${MAX_CONDITIONS}.` };
  return { ok: true, criteria: result, conditions };
}

function checkCondition(v: Record<string, unknown>, at: string, byName: Map<string, FieldMeta>, module: string): Criteria | string {
  const name = isRecord(v.field) ? v.field.api_name : typeof v.field === 'string' ? v.field : undefined;
  if (typeof name !== 'string' || name === '') return `${at}.field must be {"api_name":"<field API name>"}.`;
  const field = fieldFor(name, byName);
  if (!field) return `${at}: ${module} has no field "${name}".`;
  if (typeof field === 'string') return `${at}: ${field}`;
  const comparator = v.comparator;
  if (typeof comparator !== 'string' || !(COMPARATORS as readonly string[]).includes(comparator)) {
    return `${at}.comparator ${shown(comparator)} is not one Zoho knows; use one of ${COMPARATORS.join(', ')}.`;
  }
  const allowed = field.dataType === '' ? COMPARATORS : comparatorsFor(field.dataType);
  if (!(allowed as readonly string[]).includes(comparator)) {
    return `${at}: "${comparator}" does not apply to ${name} (${field.dataType}); use one of ${allowed.join(', ')}.`;
  }
  const bad = valueProblem(comparator as Comparator, v.value, field.dataType);
  if (bad) return `${at}.value ${bad}`;
  return { field: { api_name: name }, comparator, value: v.value };
}

/** The field a criteria or export names; "Lookup.Field" reaches a lookup's field (its type unknown here). */
function fieldFor(name: string, byName: Map<string, FieldMeta>): FieldMeta | string | undefined {
  const direct = byName.get(name);
  if (direct) return direct;
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  const lookup = byName.get(name.slice(0, dot));
  if (!lookup) return undefined;
  if (!/lookup$/i.test(lookup.dataType)) return `"${name.slice(0, dot)}" is not a lookup field, so "${name}" cannot reach into it.`;
  return { apiName: name, label: name, dataType: '' };
}

/** True when the name is one of the fields, or a lookup's field ("Account_Name.Phone"). */
export function fieldExists(name: string, fields: readonly FieldMeta[]): boolean {
  const f = fieldFor(name, new Map(fields.map((x) => [x.apiName, x])));
  return f !== undefined && typeof f !== 'string';
}

function valueProblem(comparator: Comparator, value: unknown, dataType: string): string | undefined {
  const type = dataType.toLowerCase();
  const one = (v: unknown): string | undefined => {
    if (!isScalar(v)) return `must be a string, number or true/false, not ${shown(v)}.`;
    if (v === EMPTY_VALUE) return undefined;
    if (type === 'boolean' && typeof v !== 'boolean') return `must be true or false for a boolean field, not ${shown(v)}.`;
    if (NUMERIC.has(type) && (typeof v === 'boolean' || (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim())))) return `must be a number for a ${type} field, not ${shown(v)}.`;
    if (type === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) return `must be a date like "2024-12-31", not ${shown(v)}.`;
    if (type === 'datetime' && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) return `must be a date-time like "2024-12-31T17:00:00+05:30", not ${shown(v)}.`;
    return undefined;
  };
  if (comparator === 'in' || comparator === 'not_in') {
    if (!Array.isArray(value) || value.length === 0) return `must be a non-empty list for "${comparator}".`;
    for (const v of value) { const p = one(v); if (p) return p; }
    return undefined;
  }
  if (comparator === 'between' || comparator === 'not_between') {
    if (!Array.isArray(value) || value.length !== 2) return `must be a list of two values (from, to) for "${comparator}".`;
    for (const v of value) { const p = one(v); if (p) return p; }
    return undefined;
  }
  if (value === undefined || value === null || value === '') return `is missing (use "${EMPTY_VALUE}" to match an empty value).`;
  return one(value);
}

/** One condition of the builder, its value as typed. */
export interface ConditionInput { field: FieldMeta; comparator: Comparator; text: string }

/** The builder's typed text as a value: lists split on commas, numbers and true/false read as such. */
export function valueFromText(field: FieldMeta, comparator: Comparator, text: string): unknown {
  const type = field.dataType.toLowerCase();
  const scalar = (s: string): unknown => {
    const t = s.trim();
    if (t === EMPTY_VALUE) return t;
    if (type === 'boolean' && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
    if (NUMERIC.has(type) && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    return t;
  };
  if (comparator === 'in' || comparator === 'not_in' || comparator === 'between' || comparator === 'not_between') {
    return text.split(',').map((s) => s.trim()).filter((s) => s !== '').map(scalar);
  }
  return scalar(text);
}

/** The builder's conditions as Zoho criteria, checked: one condition alone, several in an and/or group. */
export function buildCriteria(conditions: readonly ConditionInput[], operator: 'and' | 'or', fields: readonly FieldMeta[], module?: string): CriteriaCheck {
  if (conditions.length === 0) return { ok: false, reason: 'No condition was given.' };
  const items = conditions.map((c) => ({ field: { api_name: c.field.apiName }, comparator: c.comparator, value: valueFromText(c.field, c.comparator, c.text) }));
  return checkCriteria(items.length === 1 ? items[0] : { group_operator: operator, group: items }, fields, module);
}
