// Export criteria and options: checked against a module's fields before anything is sent
// (field exists, comparator known and fitting the data type, value shapes, groups), the builder's
// typed text turned into Zoho's shape, and the scripting options' errors.
import * as assert from 'assert';
import { buildCriteria, checkCriteria, comparatorsFor, valueFromText } from '../../src/jobs/export/criteria';
import type { FieldMeta } from '../../src/jobs/export/exportPort';
import { checkOptionShape, findModule, planExport } from '../../src/jobs/export/exportOptions';

const F = (apiName: string, dataType: string): FieldMeta => ({ apiName, label: apiName.replace(/_/g, ' '), dataType });
const FIELDS = [
  F('Last_Name', 'text'), F('Email', 'email'), F('Lead_Source', 'picklist'), F('Annual_Revenue', 'currency'),
  F('No_of_Employees', 'integer'), F('Created_Time', 'datetime'), F('Birthday', 'date'), F('Email_Opt_Out', 'boolean'),
  F('Owner', 'ownerlookup'), F('Account_Name', 'lookup'),
];
const cond = (api_name: string, comparator: string, value: unknown) => ({ field: { api_name }, comparator, value });
const reason = (input: unknown): string => {
  const c = checkCriteria(input, FIELDS, 'Leads');
  assert.ok(!c.ok, `expected a rejection of ${JSON.stringify(input)}`);
  return c.reason;
};

describe('export criteria', () => {
  it('accepts a single condition and an and/or group, group operators lower-cased', () => {
    const one = checkCriteria(cond('Lead_Source', 'equal', 'Web Download'), FIELDS);
    assert.deepStrictEqual(one, { ok: true, criteria: cond('Lead_Source', 'equal', 'Web Download'), conditions: 1 });
    const g = checkCriteria({ group_operator: 'OR', group: [cond('Annual_Revenue', 'greater_than', 1000), { group_operator: 'and', group: [cond('Email', 'ends_with', '@example.com'), cond('Birthday', 'between', ['2000-01-01', '2000-12-31'])] }] }, FIELDS);
    assert.ok(g.ok);
    assert.strictEqual((g.criteria as { group_operator: string }).group_operator, 'or');
    assert.strictEqual(g.conditions, 3);
  });

  it('reads pasted JSON text and names a syntax error', () => {
    assert.ok(checkCriteria('{"field":{"api_name":"Email"},"comparator":"contains","value":"acme"}', FIELDS).ok);
    assert.match(reason('{"field":'), /not valid JSON/);
  });

  it('names an unknown field, with the path to it', () => {
    assert.match(reason({ group_operator: 'and', group: [cond('Email', 'equal', 'a@b.c'), cond('Emial', 'equal', 'x')] }), /^criteria\.group\[1\]: Leads has no field "Emial"/);
  });

  it('names an unknown comparator and one that does not fit the field type', () => {
    assert.match(reason(cond('Email', 'like', 'x')), /comparator "like" is not one Zoho knows/);
    assert.match(reason(cond('Lead_Source', 'starts_with', 'W')), /"starts_with" does not apply to Lead_Source \(picklist\); use one of equal, not_equal, in, not_in/);
    assert.match(reason(cond('Email_Opt_Out', 'not_equal', true)), /does not apply to Email_Opt_Out \(boolean\)/);
    assert.match(reason(cond('Annual_Revenue', 'contains', '10')), /does not apply/);
  });

  it('checks value shapes per comparator and data type', () => {
    assert.match(reason(cond('Lead_Source', 'in', 'Web')), /non-empty list for "in"/);
    assert.match(reason(cond('Annual_Revenue', 'between', [1])), /two values/);
    assert.match(reason(cond('Annual_Revenue', 'greater_than', 'lots')), /must be a number for a currency field/);
    assert.match(reason(cond('Birthday', 'equal', '31/12/2000')), /date like "2024-12-31"/);
    assert.match(reason(cond('Created_Time', 'greater_than', 'yesterday')), /date-time/);
    assert.match(reason(cond('Email_Opt_Out', 'equal', 'yes')), /true or false/);
    assert.match(reason(cond('Email', 'equal', '')), /missing.*\$\{EMPTY\}/);
    assert.match(reason(cond('Email', 'equal', { a: 1 })), /string, number or true\/false/);
    assert.ok(checkCriteria(cond('Email', 'equal', '${EMPTY}'), FIELDS).ok, '${EMPTY} matches an empty value');
    assert.ok(checkCriteria(cond('Annual_Revenue', 'greater_equal', '1500.50'), FIELDS).ok, 'numeric text is a number');
  });

  it('checks groups: operator, at least two entries, at most 25 conditions', () => {
    assert.match(reason({ group_operator: 'xor', group: [cond('Email', 'equal', 'a'), cond('Email', 'equal', 'b')] }), /group_operator must be "and" or "or"/);
    assert.match(reason({ group_operator: 'and', group: [cond('Email', 'equal', 'a')] }), /at least two/);
    assert.match(reason([cond('Email', 'equal', 'a')]), /must be an object/);
    const many = { group_operator: 'or', group: Array.from({ length: 26 }, (_, i) => cond('Email', 'equal', `a${i}@x.y`)) };
    assert.match(reason(many), /26 conditions; Zoho takes at most 25/);
  });

  it('reaches a lookup\'s fields with dot notation, and only a lookup\'s', () => {
    assert.ok(checkCriteria(cond('Account_Name.Phone', 'equal', '+1 555'), FIELDS).ok);
    assert.match(reason(cond('Email.Domain', 'equal', 'x')), /"Email" is not a lookup field/);
  });

  it('offers the comparators of each data type', () => {
    assert.deepStrictEqual([...comparatorsFor('boolean')], ['equal']);
    assert.ok(comparatorsFor('text').includes('starts_with') && !comparatorsFor('text').includes('between'));
    assert.ok(comparatorsFor('date').includes('between') && !comparatorsFor('date').includes('contains'));
    assert.strictEqual(comparatorsFor('someNewType').length, 14, 'an unknown type is left to Zoho');
  });

  it('builds criteria from typed text: lists, numbers, booleans; one condition alone, several in a group', () => {
    const revenue = FIELDS[3];
    assert.deepStrictEqual(valueFromText(revenue, 'between', ' 10 , 2000.5 '), [10, 2000.5]);
    assert.deepStrictEqual(valueFromText(FIELDS[2], 'in', 'Web, Partner,'), ['Web', 'Partner']);
    assert.strictEqual(valueFromText(FIELDS[7], 'equal', 'TRUE'), true);
    const one = buildCriteria([{ field: FIELDS[2], comparator: 'equal', text: 'Partner' }], 'or', FIELDS);
    assert.deepStrictEqual(one.ok && one.criteria, cond('Lead_Source', 'equal', 'Partner'));
    const two = buildCriteria([{ field: FIELDS[2], comparator: 'equal', text: 'Partner' }, { field: revenue, comparator: 'greater_than', text: '5000' }], 'or', FIELDS);
    assert.deepStrictEqual(two.ok && two.criteria, { group_operator: 'or', group: [cond('Lead_Source', 'equal', 'Partner'), cond('Annual_Revenue', 'greater_than', 5000)] });
    const bad = buildCriteria([{ field: revenue, comparator: 'greater_than', text: 'many' }], 'and', FIELDS);
    assert.ok(!bad.ok && /must be a number/.test(bad.reason));
  });
});

describe('export options', () => {
  const modules = [{ apiName: 'Leads', label: 'Leads' }, { apiName: 'Contacts', label: 'Contacts' }];

  it('rejects a bad shape with what is wrong', () => {
    assert.throws(() => checkOptionShape('Leads'), /must be an object/);
    assert.throws(() => checkOptionShape({}), /need a module/);
    assert.throws(() => checkOptionShape({ module: 'Leads', feilds: [] }), /Unknown export option "feilds"/);
    assert.throws(() => checkOptionShape({ module: 'Leads', fields: 'Email' }), /fields must be a non-empty list/);
    for (const page of [0, -1, 1.5, '2']) assert.throws(() => checkOptionShape({ module: 'Leads', page }), /page must be a positive integer/);
    assert.throws(() => checkOptionShape({ module: 'Leads', allPages: 'yes' }), /allPages must be true or false/);
  });

  it('names an unknown module, suggesting the spelling the org uses', () => {
    assert.throws(() => findModule(modules, 'leads'), /Unknown module "leads".*Did you mean "Leads"/);
    assert.throws(() => findModule(modules, 'Widgets'), /Unknown module "Widgets".*Leads, Contacts/);
    assert.strictEqual(findModule(modules, 'Contacts').apiName, 'Contacts');
  });

  it('checks fields and criteria against the module, and builds the query', () => {
    assert.throws(() => planExport({ module: 'Leads', fields: ['Email', 'Nope', 'Zip'] }, modules[0], FIELDS), /Unknown fields "Nope", "Zip" in Leads/);
    assert.throws(() => planExport({ module: 'Leads', criteria: cond('Annual_Revenue', 'between', 'x') }, modules[0], FIELDS), /^Error: Bad criteria: criteria\.value must be a list of two values/);
    const plan = planExport({ module: 'Leads', fields: ['Email', 'Last_Name', 'Email'], criteria: cond('Lead_Source', 'equal', 'Partner'), page: 2, allPages: true }, modules[0], FIELDS);
    assert.deepStrictEqual(plan, { query: { module: 'Leads', fields: ['Email', 'Last_Name'], criteria: cond('Lead_Source', 'equal', 'Partner'), page: 2 }, allPages: true });
  });
});
