// Module and field metadata of the fake org: GET /crm/v8/settings/modules and
// GET /crm/v8/settings/fields?module=… (the keys a real answer has for what the extension reads:
// api_name, field_label, data_type, system_mandatory, unique ({} unless unique), read_only,
// lookup, operation_type). Job creation and write results are checked against the same table.
import { MODULE_IDS, moduleIdFor } from './modules';
import { toJsonText } from './jsonText';

export interface SimField {
  apiName: string;
  label: string;
  dataType: string;
  mandatory?: boolean;
  unique?: boolean;
  readOnly?: boolean;
  lookup?: string;
  custom?: boolean;
}

export interface SimModule {
  apiName: string;
  singular: string;
  plural: string;
  apiSupported: boolean;
  creatable: boolean;
  generatedType: 'default' | 'custom' | 'web' | 'linking';
  fields?: SimField[];
}

const f = (apiName: string, dataType: string, extra: Partial<SimField> = {}): SimField => ({ apiName, label: apiName.replace(/_/g, ' '), dataType, ...extra });
const M = { mandatory: true };
const system = [f('Created_Time', 'datetime', { readOnly: true }), f('Modified_Time', 'datetime', { readOnly: true }), f('Created_By', 'ownerlookup', { readOnly: true }), f('Modified_By', 'ownerlookup', { readOnly: true })];

export const SIM_MODULES: SimModule[] = [
  {
    apiName: 'Leads', singular: 'Lead', plural: 'Leads', apiSupported: true, creatable: true, generatedType: 'default',
    fields: [
      f('Last_Name', 'text', M), f('First_Name', 'text'), f('Company', 'text', M), f('Email', 'email', { unique: true }), f('Phone', 'phone'),
      f('Mobile', 'phone'), f('Lead_Source', 'picklist'), f('Lead_Status', 'picklist'), f('Owner', 'ownerlookup'), f('City', 'text'),
      f('Website', 'website'), f('Annual_Revenue', 'currency'), f('No_of_Employees', 'integer'), f('Description', 'textarea'),
      f('Date_3', 'date', { custom: true, label: 'Follow-up Date' }), ...system,
    ],
  },
  {
    apiName: 'Contacts', singular: 'Contact', plural: 'Contacts', apiSupported: true, creatable: true, generatedType: 'default',
    fields: [
      f('Last_Name', 'text', M), f('First_Name', 'text'), f('Email', 'email', { unique: true }), f('Secondary_Email', 'email'), f('Phone', 'phone'),
      f('Mobile', 'phone'), f('Title', 'text'), f('Department', 'text'), f('Account_Name', 'lookup', { lookup: 'Accounts' }), f('Owner', 'ownerlookup'),
      f('Mailing_Street', 'text'), f('Mailing_City', 'text'), f('Mailing_State', 'text'), f('Mailing_Zip', 'text'), f('Lead_Source', 'picklist'),
      f('Date_of_Birth', 'date'), f('Description', 'textarea'), ...system,
    ],
  },
  {
    apiName: 'Accounts', singular: 'Account', plural: 'Accounts', apiSupported: true, creatable: true, generatedType: 'default',
    fields: [
      f('Account_Name', 'text', { mandatory: true, unique: true }), f('Website', 'website'), f('Phone', 'phone'), f('Industry', 'picklist'),
      f('Billing_City', 'text'), f('Annual_Revenue', 'currency'), f('Employees', 'integer'), f('Owner', 'ownerlookup'), f('Description', 'textarea'), ...system,
    ],
  },
  {
    apiName: 'Deals', singular: 'Deal', plural: 'Deals', apiSupported: true, creatable: true, generatedType: 'default',
    fields: [
      f('Deal_Name', 'text', M), f('Stage', 'picklist', M), f('Closing_Date', 'date', M), f('Amount', 'currency'),
      f('Account_Name', 'lookup', { lookup: 'Accounts' }), f('Contact_Name', 'lookup', { lookup: 'Contacts' }), f('Owner', 'ownerlookup'),
      f('Lead_Source', 'picklist'), f('Description', 'textarea'), ...system,
    ],
  },
  {
    apiName: 'Products', singular: 'Product', plural: 'Products', apiSupported: true, creatable: true, generatedType: 'default',
    fields: [f('Product_Name', 'text', M), f('Product_Code', 'text', { unique: true }), f('Unit_Price', 'currency'), f('Qty_in_Stock', 'double'), f('Owner', 'ownerlookup'), ...system],
  },
  { apiName: 'Notes', singular: 'Note', plural: 'Notes', apiSupported: true, creatable: true, generatedType: 'default' },
  { apiName: 'Calls', singular: 'Call', plural: 'Calls', apiSupported: true, creatable: true, generatedType: 'default' },
  { apiName: 'Invoices', singular: 'Invoice', plural: 'Invoices', apiSupported: true, creatable: true, generatedType: 'default' },
  { apiName: 'Home', singular: 'Home', plural: 'Home', apiSupported: false, creatable: false, generatedType: 'default' },
  { apiName: 'Visits_Dashboard', singular: 'Visits', plural: 'Visits', apiSupported: false, creatable: false, generatedType: 'web' },
];

/** Modules a created job may name: the ones with fields (bulk write and bulk read both). */
export function simModule(apiName: string): SimModule | undefined {
  return SIM_MODULES.find((m) => m.apiName === apiName && m.fields !== undefined);
}

export function simField(module: SimModule, apiName: string): SimField | undefined {
  return module.fields?.find((x) => x.apiName === apiName);
}

export function modulesBody(): string {
  return toJsonText({
    modules: SIM_MODULES.map((m, i) => ({
      global_search_supported: m.apiSupported,
      deletable: m.creatable,
      creatable: m.creatable,
      modified_time: null,
      plural_label: m.plural,
      presence_sub_menu: false,
      id: MODULE_IDS[m.apiName] ?? moduleIdFor(m.apiName),
      visibility: 1,
      convertable: m.apiName === 'Leads',
      editable: m.creatable,
      singular_label: m.singular,
      viewable: true,
      api_supported: m.apiSupported,
      api_name: m.apiName,
      quick_create: m.creatable,
      generated_type: m.generatedType,
      module_name: m.apiName,
      sequence_number: i + 1,
      status: 'visible',
      visible: true,
    })),
  });
}

/** The fields answer of a module, or undefined when the module has no field list here. */
export function fieldsBody(apiName: string): string | undefined {
  const mod = simModule(apiName);
  if (!mod?.fields) return undefined;
  const moduleId = MODULE_IDS[mod.apiName] ?? moduleIdFor(mod.apiName);
  return toJsonText({
    fields: mod.fields.map((x, i) => ({
      api_name: x.apiName,
      field_label: x.label,
      display_label: x.label,
      data_type: x.dataType,
      json_type: x.dataType === 'integer' ? 'integer' : x.dataType === 'currency' || x.dataType === 'double' ? 'double' : x.dataType.endsWith('lookup') ? 'jsonobject' : 'string',
      system_mandatory: x.mandatory === true,
      read_only: x.readOnly === true,
      field_read_only: x.readOnly === true,
      custom_field: x.custom === true,
      unique: x.unique ? { casesensitive: 'false' } : {},
      lookup: x.lookup ? { display_label: x.label, api_name: x.apiName, module: { api_name: x.lookup, id: MODULE_IDS[x.lookup] ?? moduleIdFor(x.lookup) }, id: `${moduleId.slice(0, 13)}${String(900000 + i)}` } : {},
      operation_type: { web_update: !x.readOnly, api_create: !x.readOnly, web_create: !x.readOnly, api_update: !x.readOnly },
      length: x.dataType === 'textarea' ? 32000 : 255,
      id: `${moduleId.slice(0, 13)}${String(800000 + i)}`,
      visible: true,
      sequence_number: i + 1,
    })),
  });
}
