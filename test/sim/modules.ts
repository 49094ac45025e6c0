// CRM modules the simulator knows: module ids in the fake org 4150868 and plausible default
// field mappings / export fields, used when a job spec gives none.
import type { FieldMappingSpec } from './types';

export const MODULE_IDS: Record<string, string> = {
  Leads: '4150868000000002175', // the id Zoho's v7 docs show for Leads in org 4150868
  Accounts: '4150868000000002177',
  Contacts: '4150868000000002179',
  Deals: '4150868000000002181',
  Products: '4150868000000002185',
};

/** A stable made-up 19-digit id for modules not listed above. */
export function moduleIdFor(module: string): string {
  const known = MODULE_IDS[module];
  if (known) return known;
  let h = 0;
  for (const c of module) h = (h * 31 + c.charCodeAt(0)) % 100000;
  return `41508680000000${String(h).padStart(5, '0')}`;
}

const m = (api_name: string, index: number, extra: Partial<FieldMappingSpec> = {}): FieldMappingSpec => ({ api_name, index, ...extra });

export const DEFAULT_FIELD_MAPPINGS: Record<string, FieldMappingSpec[]> = {
  Leads: [m('Last_Name', 0), m('Company', 1), m('Email', 2), m('Lead_Source', 3), m('Owner', 4)],
  Contacts: [m('Last_Name', 0), m('First_Name', 1), m('Email', 2), m('Account_Name', 3, { find_by: 'Account_Name', module: 'Accounts' }), m('Phone', 4)],
  Accounts: [m('Account_Name', 0), m('Website', 1), m('Industry', 2), m('Billing_City', 3)],
  Deals: [
    m('Deal_Name', 0),
    m('Stage', 1),
    m('Amount', 2),
    m('Closing_Date', 3, { format: 'yyyy-MM-dd' }),
    m('Account_Name', 4, { find_by: 'id', module: 'Accounts' }),
  ],
  Products: [m('Product_Name', 0), m('Product_Code', 1), m('Unit_Price', 2), m('Qty_in_Stock', 3)],
};

export function defaultFieldMappings(module: string): FieldMappingSpec[] {
  return DEFAULT_FIELD_MAPPINGS[module] ?? [m('Last_Name', 0)];
}

export const DEFAULT_CREATED_BY = { id: '4150868000000225013', name: 'Patricia Boyle' };
