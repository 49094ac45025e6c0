// Deterministic result CSVs for the simulator's downloads (reference §1.5, §2.3).
//
// Bulk write: the first three mapped columns (field mappings by index) + STATUS, RECORD_ID,
// ERRORS; exactly job.final.added / updated / skipped rows of each status (the rest of total is
// UNPROCESSED), spread evenly; skipped rows carry realistic ERRORS (DUPLICATE_DATA-Email,
// MANDATORY_NOT_FOUND-Last_Name, INVALID_DATA-Phone, and the documented combined form).
// Bulk read: `id` + the job's fields (or a wide default set), produced row by row so an export of
// any size can be streamed.
import type { ReadJob, WriteJob } from './jobStore';

export const WRITE_RESULT_EXTRA_COLUMNS = ['STATUS', 'RECORD_ID', 'ERRORS'] as const;
/** STATUS values as the simulator writes them (Zoho's exact letter case is not documented). */
export const RESULT_STATUS_TEXT = { added: 'ADDED', updated: 'UPDATED', skipped: 'SKIPPED', unprocessed: 'UNPROCESSED' } as const;
type Outcome = keyof typeof RESULT_STATUS_TEXT;

/** RFC 4180 quoting: only when needed. */
export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
const csvLine = (cells: string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const LAST = ['Boyle', 'Burrows', 'Chen', 'Okafor', 'Lindqvist', 'García', 'Nakamura', 'Dubois', 'Kowalski', "O'Neil", 'Haddad', 'Rossi'];
const FIRST = ['Patricia', 'Amelia', 'Wei', 'Chidi', 'Astrid', 'Lucía', 'Haruto', 'Élodie', 'Piotr', 'Sean', 'Rania', 'Marco'];
const COMPANY = ['Acme Ltd', 'Globex', 'Initech', 'Umbrella Corp', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Vandelay Imports, Inc.'];
const STAGES = ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];
const SOURCES = ['Web Download', 'Cold Call', 'Trade Show', 'Partner', 'Advertisement'];
const CITIES = ['Chennai', 'Austin', 'Dublin', 'Zürich', 'Sydney', 'Tokyo'];
const STREETS = ['Estancia IT Park, Vallancherry', 'Congress Avenue', 'Grafton Street', 'Bahnhofstrasse', 'George Street', 'Chuo-dori'];
const STATES = ['Tamil Nadu', 'Texas', 'Leinster', 'Zürich', 'New South Wales', 'Tokyo'];
const TITLES = ['Head of Procurement', 'Operations Manager', 'CFO', 'IT Director', 'Sales Lead', 'Office Administrator'];
const DEPARTMENTS = ['Purchasing', 'Operations', 'Finance', 'IT', 'Sales', 'Administration'];
const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length];
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

type Gen = (i: number) => string;
const generators = new Map<string, Gen>();
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);
/** ASCII local part for e-mails: "Élodie" → "elodie", "O'Neil" → "oneil". */
const ascii = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
const FIRST_ASCII = FIRST.map(ascii);
const LAST_ASCII = LAST.map(ascii);
const DATES = Array.from({ length: 365 }, (_, d) => new Date(EPOCH + d * DAY).toISOString().slice(0, 10));

function generatorFor(field: string): Gen {
  const f = field.toLowerCase();
  if (f === 'id') return (i) => `41508680000${pad(10_000_000 + i, 8)}`;
  if (f === 'last_name') return (i) => pick(LAST, i * 5 + 1);
  if (f === 'first_name') return (i) => pick(FIRST, i * 7 + 3);
  if (f.includes('email')) return (i) => `${pick(FIRST_ASCII, i * 7 + 3)}.${pick(LAST_ASCII, i * 5 + 1)}${i}@example.com`;
  if (f === 'owner' || f.endsWith('.id') || f === 'created_by' || f === 'modified_by') return (i) => `4150868000000${225013 + (i % 3) * 8}`;
  if (f.includes('account_name') || f === 'company' || f === 'vendor_name') return (i) => pick(COMPANY, i * 3);
  if (f.includes('phone') || f.includes('mobile') || f === 'fax') return (i) => `+1 555 ${pad(i % 10_000, 4)}`;
  if (f.endsWith('_time')) {
    // 2024-01-01T00:00:00 plus i minutes and i seconds, without a Date per cell
    return (i) => {
      const t = i * 61;
      const day = Math.floor(t / 86_400) % 365;
      const r = t % 86_400;
      return `${DATES[day]}T${pad(Math.floor(r / 3600), 2)}:${pad(Math.floor(r / 60) % 60, 2)}:${pad(r % 60, 2)}+05:30`;
    };
  }
  if (f.includes('date')) return (i) => DATES[i % 365];
  if (f === 'amount' || f.includes('price') || f.includes('revenue')) return (i) => `${1000 + ((i * 37) % 99_000)}.00`;
  if (f.includes('qty') || f.includes('count') || f.includes('employees')) return (i) => String((i * 13) % 500);
  if (f === 'stage') return (i) => pick(STAGES, i);
  if (f === 'lead_source') return (i) => pick(SOURCES, i);
  if (f.includes('city')) return (i) => pick(CITIES, i);
  if (f.includes('street')) return (i) => `${1 + (i % 400)} ${pick(STREETS, i)}`;
  if (f.includes('state')) return (i) => pick(STATES, i);
  if (f.includes('zip') || f.includes('postal_code')) return (i) => pad((i * 7919) % 100_000, 5);
  if (f === 'title') return (i) => pick(TITLES, i * 5);
  if (f === 'department') return (i) => pick(DEPARTMENTS, i * 5);
  if (f.includes('website')) return (i) => `https://www.example${i % 97}.com`;
  if (f === 'deal_name') return (i) => `${pick(COMPANY, i)} renewal ${i}`;
  if (f === 'product_name') return (i) => `Widget ${i}`;
  if (f === 'product_code') return (i) => `WDG-${pad(i, 6)}`;
  if (f === 'description') {
    // quoting in every form a CSV reader has to handle: commas, "quotes", line breaks
    return (i) =>
      i % 50 === 7
        ? `Met at "${pick(SOURCES, i)}", follow up:\nsend pricing, then call back`
        : `Customer since ${2015 + (i % 9)}; prefers email, interested in the ${pick(STAGES, i).toLowerCase()} package; renewal due in ${1 + (i % 12)} months`;
  }
  return (i) => `${field} ${i}`;
}

/** A plausible value for a field API name in row i (lookups export as ids, like Zoho). */
export function fieldValue(field: string, i: number): string {
  let gen = generators.get(field);
  if (!gen) {
    gen = generatorFor(field);
    generators.set(field, gen);
  }
  return gen(i);
}

// ---- bulk write result ----

/** The first three mapped columns (by CSV index), then STATUS, RECORD_ID, ERRORS. */
export function writeResultColumns(job: WriteJob): string[] {
  const mapped = [...job.fieldMappings].sort((a, b) => a.index - b.index).map((m) => m.api_name);
  return [...mapped.slice(0, 3), ...WRITE_RESULT_EXTRA_COLUMNS];
}

/** The entry name inside the result zip: `<Module>-<file name>.csv`. */
export function writeResultEntryName(job: WriteJob): string {
  const base = job.fileName.replace(/^.*[\\/]/, '');
  return `${job.module}-${/\.csv$/i.test(base) ? base : `${base}.csv`}`;
}

/** Per-row outcomes with exactly the job's final counts, spread evenly (largest deficit first). */
export function outcomes(job: WriteJob): Outcome[] {
  const { added, updated, skipped } = job.final;
  const want: Record<Outcome, number> = { added, updated, skipped, unprocessed: Math.max(0, job.total - added - updated - skipped) };
  const total = want.added + want.updated + want.skipped + want.unprocessed;
  const got: Record<Outcome, number> = { added: 0, updated: 0, skipped: 0, unprocessed: 0 };
  const keys = Object.keys(want) as Outcome[];
  const out: Outcome[] = [];
  for (let i = 0; i < total; i++) {
    let best: Outcome = 'added';
    let bestDeficit = -Infinity;
    for (const k of keys) {
      if (got[k] >= want[k]) continue;
      const deficit = (want[k] * (i + 1)) / total - got[k];
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = k;
      }
    }
    got[best]++;
    out.push(best);
  }
  return out;
}

/** The ERRORS cells skipped rows cycle through, built from the job's mapped fields. */
export function skippedErrorPatterns(job: WriteJob): string[] {
  const names = [...job.fieldMappings].sort((a, b) => a.index - b.index).map((m) => m.api_name);
  const find = (re: RegExp): string | undefined => names.find((n) => re.test(n));
  const email = find(/email/i) ?? 'Email';
  const required = find(/^(Last_Name|Deal_Name|Account_Name|Product_Name|Subject)$/) ?? names[0] ?? 'Last_Name';
  const other = names.find((n) => n !== required && !/email/i.test(n)) ?? 'Company';
  const invalid = find(/phone|mobile/i) ?? find(/date|amount|price|closing/i) ?? 'Phone';
  return [
    `DUPLICATE_DATA-${email}`,
    `DUPLICATE_DATA-${email}`,
    `MANDATORY_NOT_FOUND-${required}`,
    `DUPLICATE_DATA-${email}`,
    `INVALID_DATA-${invalid}`,
    `MANDATORY_NOT_FOUND-${required}`,
    `MANDATORY_NOT_FOUND-${other},${required}:DUPLICATE_DATA-${email}`,
  ];
}

/** The whole result CSV (a bulk write holds at most 25,000 rows: small enough to build at once). */
export function writeResultCsv(job: WriteJob): string {
  const columns = writeResultColumns(job);
  const mapped = columns.slice(0, columns.length - WRITE_RESULT_EXTRA_COLUMNS.length);
  const patterns = skippedErrorPatterns(job);
  const lines = [csvLine(columns)];
  let skippedSoFar = 0;
  outcomes(job).forEach((outcome, i) => {
    let errors = '';
    if (outcome === 'skipped') errors = patterns[skippedSoFar++ % patterns.length];
    const missing = new Set(errors.startsWith('MANDATORY_NOT_FOUND-') ? errors.slice(20).split(':')[0].split(',') : []);
    const cells = mapped.map((f) => (missing.has(f) ? '' : fieldValue(f, i)));
    const recordId = outcome === 'added' || outcome === 'updated' ? `41508680000${pad(30_000_000 + i, 8)}` : '';
    lines.push(csvLine([...cells, RESULT_STATUS_TEXT[outcome], recordId, errors]));
  });
  return lines.join('');
}

// ---- bulk read export ----

/** Every field of a module, roughly what an export without `fields` returns (Contacts: ~480 bytes a row). */
export const DEFAULT_EXPORT_FIELDS: Record<string, string[]> = {
  Contacts: [
    'First_Name', 'Last_Name', 'Email', 'Secondary_Email', 'Phone', 'Mobile', 'Title', 'Department', 'Account_Name', 'Owner',
    'Mailing_Street', 'Mailing_City', 'Mailing_State', 'Mailing_Zip', 'Lead_Source', 'Date_of_Birth', 'Description',
    'Created_Time', 'Modified_Time', 'Created_By', 'Modified_By',
  ],
  Leads: ['First_Name', 'Last_Name', 'Company', 'Email', 'Phone', 'Mobile', 'Lead_Source', 'Owner', 'City', 'Website', 'Annual_Revenue', 'No_of_Employees', 'Description', 'Created_Time', 'Modified_Time', 'Created_By'],
  Accounts: ['Account_Name', 'Website', 'Phone', 'Billing_City', 'Annual_Revenue', 'Employees', 'Owner', 'Description', 'Created_Time', 'Modified_Time'],
  Deals: ['Deal_Name', 'Stage', 'Amount', 'Closing_Date', 'Account_Name', 'Owner', 'Lead_Source', 'Description', 'Created_Time', 'Modified_Time'],
};

export function readExportColumns(job: ReadJob): string[] {
  const fields = job.fields && job.fields.length > 0 ? job.fields : DEFAULT_EXPORT_FIELDS[job.module] ?? ['Name', 'Owner', 'Created_Time'];
  return ['id', ...fields.filter((f) => f.toLowerCase() !== 'id')];
}

export const readExportHeader = (columns: string[]): string => csvLine(columns);
export const readExportRow = (columns: string[], i: number): string => csvLine(columns.map((c) => fieldValue(c, i)));
