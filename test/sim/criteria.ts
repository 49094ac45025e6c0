// Bulk read criteria (reference §2.1, §2.4): a single {field:{api_name}, comparator, value} or a
// group {group_operator:"and"|"or", group:[…]}, at most 25 conditions, comparators that suit the
// field's type. Returns Zoho's error for the first problem found, or undefined.
import { simField, type SimModule } from './metadata';

export interface CriteriaError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const COMPARATORS = ['equal', 'not_equal', 'in', 'not_in', 'less_than', 'less_equal', 'greater_than', 'greater_equal', 'contains', 'not_contains', 'starts_with', 'ends_with', 'between', 'not_between'];
const TEXT = ['equal', 'not_equal', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with'];
const ORDERED = ['equal', 'not_equal', 'in', 'not_in', 'less_than', 'less_equal', 'greater_than', 'greater_equal', 'between', 'not_between'];
const MAX_CONDITIONS = 25;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function supported(dataType: string): string[] {
  if (['integer', 'currency', 'double', 'bigint', 'date', 'datetime'].includes(dataType)) return ORDERED;
  if (['lookup', 'ownerlookup', 'picklist', 'boolean'].includes(dataType)) return ['equal', 'not_equal', 'in', 'not_in'];
  return TEXT;
}

export function checkCriteria(c: unknown, module: SimModule): CriteriaError | undefined {
  let conditions = 0;
  const visit = (node: unknown, path: string): CriteriaError | undefined => {
    const fail = (code: string, message: string, details: Record<string, unknown> = {}): CriteriaError => ({ code, message, details: { json_path: path, ...details } });
    if (!isObj(node)) return fail('INVALID_CRITERIA', 'invalid criteria');
    const isGroup = node.group !== undefined || node.group_operator !== undefined;
    const isLeaf = node.field !== undefined || node.comparator !== undefined;
    if (isGroup && isLeaf) return fail('AMBIGUOUS_CRITERIA', 'the criteria has both a group and a condition');
    if (isGroup) {
      if (node.group_operator !== 'and' && node.group_operator !== 'or') return fail('GROUP_OPERATOR_NOT_SUPPORTED', 'the group operator is not supported', { supported: ['and', 'or'] });
      if (!Array.isArray(node.group) || node.group.length < 2) return fail('AMBIGUOUS_GROUP_IN_CRITERIA', 'a group needs at least two criteria');
      for (const [i, g] of node.group.entries()) {
        const bad = visit(g, `${path}.group[${i}]`);
        if (bad) return bad;
      }
      return undefined;
    }
    conditions++;
    if (conditions > MAX_CONDITIONS) return fail('CRITERIA_LIMIT_EXCEEDED', 'criteria limit exceeded', { limit: MAX_CONDITIONS });
    const apiName = isObj(node.field) ? node.field.api_name : undefined;
    if (typeof apiName !== 'string' || typeof node.comparator !== 'string' || node.value === undefined) return fail('INVALID_CRITERIA', 'invalid criteria');
    const field = simField(module, apiName.split('.')[0]);
    if (!field) return fail('FIELD_IN_CRITERIA_NOT_SUPPORTED', 'the field is not supported in criteria', { api_name: apiName });
    if (!COMPARATORS.includes(node.comparator)) return fail('INVALID_CRITERIA', 'invalid comparator', { api_name: apiName });
    const ok = supported(field.dataType);
    if (!ok.includes(node.comparator)) {
      return fail('FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED', 'the comparator is not supported for the field', { api_name: apiName, comparator: node.comparator, supported: ok });
    }
    const many = ['in', 'not_in', 'between', 'not_between'].includes(node.comparator);
    if (many !== Array.isArray(node.value) || (!many && isObj(node.value))) return fail('VALUE_TYPE_NOT_SUPPORTED', 'the value type is not supported', { api_name: apiName });
    return undefined;
  };
  return visit(c, '$.query.criteria');
}
