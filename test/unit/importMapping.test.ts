// Auto-mapping CSV headers to a module's fields, and checking a mapping given by hand.
import * as assert from 'assert';
import { autoMap, type ImportField } from '../../src/jobs/import/autoMap';
import { checkMapping } from '../../src/jobs/import/mappingCheck';

const field = (api_name: string, field_label: string, extra: Partial<ImportField> = {}): ImportField => ({
  api_name, field_label, data_type: 'text', system_mandatory: false, unique: false, read_only: false, ...extra,
});

const CONTACTS: ImportField[] = [
  field('Last_Name', 'Last Name', { system_mandatory: true }),
  field('First_Name', 'First Name'),
  field('Email', 'Email', { data_type: 'email', unique: true }),
  field('Account_Name', 'Account Name', { data_type: 'lookup' }),
  field('Owner', 'Contact Owner', { data_type: 'ownerlookup' }),
  field('Mailing_City', 'City'),
  field('Created_Time', 'Created Time', { data_type: 'datetime', read_only: true }),
  field('Full_Name', 'Full Name', { read_only: true }),
  field('Company_Size', 'Company', { system_mandatory: true }),
];

describe('import: auto-mapping', () => {
  it('matches api names, then labels, ignoring case, spaces and underscores', () => {
    const m = autoMap(['last name', 'FIRST_NAME', ' e_mail ', 'City', 'Contact Owner', 'Unknown'], CONTACTS);
    assert.deepStrictEqual(m.mappings, [
      { api_name: 'Last_Name', index: 0 },
      { api_name: 'First_Name', index: 1 },
      { api_name: 'Email', index: 2 },
      { api_name: 'Mailing_City', index: 3 },
      { api_name: 'Owner', index: 4 },
    ]);
    assert.deepStrictEqual(m.unmappedColumns, [{ index: 5, name: 'Unknown', reason: 'no field with this api name or label' }]);
    assert.deepStrictEqual(m.unmappedMandatory.map((f) => f.api_name), ['Company_Size']);
  });

  it('prefers an api-name match over a label match for the same field', () => {
    // "Company" is Company_Size's label; "company_size" its api name, in a later column
    const m = autoMap(['Company', 'company_size'], CONTACTS);
    assert.deepStrictEqual(m.mappings, [{ api_name: 'Company_Size', index: 1 }]);
    assert.match(m.unmappedColumns[0].reason, /already mapped from column 2/);
  });

  it('maps lookup columns like Account_Name.id with find_by, and only for lookups', () => {
    const m = autoMap(['Last_Name', 'Account_Name.id', 'Owner.email', 'Email.id'], CONTACTS);
    assert.deepStrictEqual(m.mappings, [
      { api_name: 'Last_Name', index: 0 },
      { api_name: 'Account_Name', index: 1, find_by: 'id' },
      { api_name: 'Owner', index: 2, find_by: 'email' },
    ]);
    assert.match(m.unmappedColumns[0].reason, /"Email" is not a lookup field/);
  });

  it('skips read-only fields and says so; maps "id" only for update and upsert', () => {
    const m = autoMap(['Full Name', 'Created_Time', 'id', 'Last_Name'], CONTACTS);
    assert.deepStrictEqual(m.mappings, [{ api_name: 'Last_Name', index: 3 }]);
    assert.deepStrictEqual(m.unmappedColumns.map((c) => c.reason), ['the field "Full_Name" is read-only', 'the field "Created_Time" is read-only', 'no field with this api name or label']);
    assert.deepStrictEqual(autoMap(['ID', 'Email'], CONTACTS, 'update').mappings, [{ api_name: 'id', index: 0 }, { api_name: 'Email', index: 1 }]);
  });
});

describe('import: checking a given mapping', () => {
  const header = ['Name', 'Mail', 'Firm', 'Account_Name.id', 'Dup', 'Dup'];

  it('turns a good mapping into field_mappings ordered by column', () => {
    const c = checkMapping(header, CONTACTS, { Firm: 'Company_Size', Name: 'Last_Name', 'Account_Name.id': 'Account_Name', Mail: 'Email' });
    assert.deepStrictEqual(c.errors, []);
    assert.strictEqual(c.ok, true);
    assert.deepStrictEqual(c.mappings, [
      { api_name: 'Last_Name', index: 0 },
      { api_name: 'Email', index: 1 },
      { api_name: 'Company_Size', index: 2 },
      { api_name: 'Account_Name', index: 3, find_by: 'id' },
    ]);
  });

  it('names every mistake in plain words', () => {
    const c = checkMapping(header, CONTACTS, {
      Nope: 'Last_Name',
      Dup: 'First_Name',
      Name: 'last_name',
      Mail: 'Created_Time',
      Firm: 'Email',
      name: 'Email',
      'Account_Name.id': 'Mailing_City.id',
    });
    const got = c.errors.map((e) => `${e.code}:${e.column ?? e.field}`);
    assert.deepStrictEqual(got, [
      'UNKNOWN_COLUMN:Nope',
      'AMBIGUOUS_COLUMN:Dup',
      'UNKNOWN_FIELD:Name',
      'READ_ONLY_FIELD:Mail',
      'FIELD_MAPPED_TWICE:name',
      'NOT_A_LOOKUP:Account_Name.id',
      'MANDATORY_NOT_MAPPED:Last_Name',
      'MANDATORY_NOT_MAPPED:Company_Size',
    ]);
    assert.match(c.errors[2].message, /Did you mean "Last_Name"\?/);
    assert.match(c.errors[0].message, /no column "Nope"/);
    assert.strictEqual(c.ok, false);
  });

  it('checks find_by for update and upsert, and the 200-field limit', () => {
    const upd = checkMapping(header, CONTACTS, { Mail: 'Email' }, { operation: 'update', findBy: 'Email' });
    assert.deepStrictEqual(upd.errors, [], 'update needs no mandatory fields');
    const notMapped = checkMapping(header, CONTACTS, { Name: 'Last_Name', Firm: 'Company_Size' }, { operation: 'upsert', findBy: 'Email' });
    assert.deepStrictEqual(notMapped.errors.map((e) => e.code), ['FIND_BY_NOT_MAPPED']);
    const notUnique = checkMapping(header, CONTACTS, { Name: 'First_Name' }, { operation: 'update', findBy: 'First_Name' });
    assert.deepStrictEqual(notUnique.errors.map((e) => e.code), ['FIND_BY_NOT_UNIQUE']);
    const byId = checkMapping(['id', 'Name'], CONTACTS, { id: 'id', Name: 'First_Name' }, { operation: 'update', findBy: 'id' });
    assert.deepStrictEqual(byId.mappings, [{ api_name: 'id', index: 0 }, { api_name: 'First_Name', index: 1 }]);

    const many = Array.from({ length: 201 }, (_, i) => field(`F${i}`, `F ${i}`));
    const wide = many.map((f) => f.api_name);
    const c = checkMapping(wide, many, Object.fromEntries(wide.map((h) => [h, h])));
    assert.deepStrictEqual(c.errors.map((e) => e.code), ['TOO_MANY_FIELDS']);
    assert.deepStrictEqual(checkMapping(header, CONTACTS, {}).errors[0].code, 'EMPTY_MAPPING');
  });
});
