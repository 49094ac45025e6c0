// What a created bulk write job does with the uploaded rows: each row is added (insert; upsert
// when it has no match value or on two rows in three), updated (update; upsert otherwise) or
// skipped with Zoho's row errors (reference §1.5):
//   MANDATORY_NOT_FOUND-<field>  a mapped mandatory field's cell is empty (insert / upsert)
//   INVALID_DATA-<field>         a malformed e-mail, a non-number in a number field
//   DUPLICATE_DATA-<field>       a unique field's value repeats an earlier row of the file
// several errors joined as `CODE-a,b:CODE-c`. The result CSV holds the first three mapped columns
// with the uploaded values, then STATUS, RECORD_ID, ERRORS.
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { SimField, SimModule } from './metadata';
import { simField } from './metadata';
import { RESULT_STATUS_TEXT, WRITE_RESULT_EXTRA_COLUMNS, csvCell } from './resultCsv';

export interface ImportSpec {
  module: SimModule;
  operation: 'insert' | 'update' | 'upsert';
  findBy?: string;
  /** field api name → zero-based column */
  mappings: { api_name: string; index: number }[];
  ignoreEmpty: boolean;
}

export interface RowOutcome {
  outcome: 'added' | 'updated' | 'skipped';
  errors: string;
}

const EMAIL = /^[^@\s"<>]+@[^@\s"<>]+\.[^@\s"<>]+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** The delimiter of the header line: the most frequent of , ; : | */
export function delimiterOf(csv: string): string {
  const line = csv.slice(0, Math.max(0, csv.indexOf('\n')) || csv.length);
  let best = ',';
  let most = -1;
  for (const d of [',', ';', ':', '|']) {
    const n = line.split(d).length - 1;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

/** The CSV as rows of cells (BOM removed); the header first. */
export function csvRows(csv: string): string[][] {
  return parse(csv.replace(/^\uFEFF/, ''), { delimiter: delimiterOf(csv), relax_column_count: true, skip_empty_lines: true }) as string[][];
}

function invalid(field: SimField, value: string): boolean {
  if (value === '') return false;
  if (field.dataType === 'email') return !EMAIL.test(value);
  if (['integer', 'currency', 'double', 'bigint'].includes(field.dataType)) return !NUMBER.test(value.replace(/,/g, ''));
  return false;
}

/** Per-row outcomes of the data rows (header excluded). */
export function evaluateRows(rows: string[][], spec: ImportSpec): RowOutcome[] {
  const mapped = spec.mappings.map((m) => ({ ...m, field: simField(spec.module, m.api_name) }));
  const seen = new Map<string, Set<string>>();
  const findByIndex = spec.findBy ? spec.mappings.find((m) => m.api_name === spec.findBy)?.index : undefined;
  return rows.slice(1).map((cells, i) => {
    const errors = new Map<string, string[]>();
    const add = (code: string, field: string): void => {
      errors.set(code, [...(errors.get(code) ?? []), field]);
    };
    for (const m of mapped) {
      const value = (cells[m.index] ?? '').trim();
      const field = m.field;
      if (!field) continue;
      if (field.mandatory && value === '' && spec.operation !== 'update') add('MANDATORY_NOT_FOUND', field.apiName);
      if (invalid(field, value)) add('INVALID_DATA', field.apiName);
      if (field.unique && value !== '') {
        const values = seen.get(field.apiName) ?? new Set<string>();
        seen.set(field.apiName, values);
        if (values.has(value.toLowerCase())) add('DUPLICATE_DATA', field.apiName);
        values.add(value.toLowerCase());
      }
    }
    const match = findByIndex === undefined ? '' : (cells[findByIndex] ?? '').trim();
    if (spec.operation === 'update' && spec.findBy && match === '') add('MANDATORY_NOT_FOUND', spec.findBy);
    if (errors.size > 0) {
      return { outcome: 'skipped', errors: [...errors].map(([code, fields]) => `${code}-${fields.join(',')}`).join(':') };
    }
    const outcome = spec.operation === 'insert' ? 'added' : spec.operation === 'update' ? 'updated' : match !== '' && i % 3 !== 2 ? 'updated' : 'added';
    return { outcome, errors: '' };
  });
}

export function countOutcomes(outcomes: RowOutcome[]): { added: number; updated: number; skipped: number } {
  const n = { added: 0, updated: 0, skipped: 0 };
  for (const o of outcomes) n[o.outcome]++;
  return n;
}

/** The result CSV of an uploaded import: first three mapped columns (by column), STATUS, RECORD_ID, ERRORS. */
export function importResultCsv(rows: string[][], spec: ImportSpec): string {
  const first = [...spec.mappings].sort((a, b) => a.index - b.index).slice(0, 3);
  const line = (cells: string[]): string => `${cells.map(csvCell).join(',')}\r\n`;
  const out = [line([...first.map((m) => m.api_name), ...WRITE_RESULT_EXTRA_COLUMNS])];
  evaluateRows(rows, spec).forEach((o, i) => {
    const cells = rows[i + 1];
    const recordId = o.outcome === 'skipped' ? '' : `41508680000${String(40_000_000 + i).padStart(8, '0')}`;
    out.push(line([...first.map((m) => cells[m.index] ?? ''), RESULT_STATUS_TEXT[o.outcome], recordId, o.errors]));
  });
  return out.join('');
}

/** The result CSV of a job created from an upload (the zip is read again: only the zip is kept). */
export function importedResultCsv(imported: { zip: Buffer; csvName: string; spec: ImportSpec }): string {
  const text = Buffer.from(unzipSync(new Uint8Array(imported.zip))[imported.csvName]).toString('utf8');
  return importResultCsv(csvRows(text), imported.spec);
}
