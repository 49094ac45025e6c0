// The ERRORS cell of a bulk-write result CSV (reference §1.5): `<CODE>-<column>[,<column>…]`,
// several joined by ":", e.g. `MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email`.

export interface ResultError {
  /** Zoho's code as written (trimmed, upper-cased), e.g. DUPLICATE_DATA; UNKNOWN when the cell names none */
  code: string;
  /** the columns it names, in order, without duplicates; empty when none are given */
  columns: string[];
}

/** The codes Zoho documents for result rows. Others are kept as they come. */
export const KNOWN_ERROR_CODES: readonly string[] = Object.freeze([
  'MANDATORY_NOT_FOUND',
  'INVALID_DATA',
  'DUPLICATE_DATA',
  'NOT_APPROVED',
  'BLOCKED_RECORD',
  'CANNOT_PROCESS',
  'LIMIT_EXCEEDED',
  'RESOURCE_NOT_FOUND',
]);

const WORDS: Readonly<Record<string, string>> = Object.freeze({
  MANDATORY_NOT_FOUND: 'a required field is empty',
  INVALID_DATA: 'a value has the wrong type or format',
  DUPLICATE_DATA: 'a record with this unique value already exists',
  NOT_APPROVED: 'the record is awaiting approval',
  BLOCKED_RECORD: 'the record is locked or blocked',
  CANNOT_PROCESS: 'Zoho could not process the row',
  LIMIT_EXCEEDED: 'a limit was exceeded',
  RESOURCE_NOT_FOUND: 'a referenced record was not found',
});

/** Plain words for a result error code ("a required field is empty"), or undefined for unknown codes. */
export function errorCodeWords(code: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(WORDS, code) ? WORDS[code] : undefined;
}

const MAX_CELL = 10_000;
const MAX_ERRORS = 100;

/**
 * Decodes an ERRORS cell; never throws. Empty / missing → []. A part without "-" is a code with
 * no columns; "-Email" is UNKNOWN with column Email. Whitespace around codes and columns is ignored.
 */
export function parseErrorsCell(cell: unknown): ResultError[] {
  if (typeof cell !== 'string') return [];
  const text = cell.length > MAX_CELL ? cell.slice(0, MAX_CELL) : cell;
  const out: ResultError[] = [];
  for (const raw of text.split(/[:\r\n]+/)) {
    const part = raw.trim();
    if (part === '') continue;
    const dash = part.indexOf('-');
    const codeText = (dash < 0 ? part : part.slice(0, dash)).trim();
    const code = codeText === '' ? 'UNKNOWN' : codeText.toUpperCase().replace(/\s+/g, '_');
    const columns: string[] = [];
    if (dash >= 0) {
      for (const c of part.slice(dash + 1).split(',')) {
        const col = c.trim();
        if (col !== '' && !columns.includes(col)) columns.push(col);
      }
    }
    if (code === 'UNKNOWN' && columns.length === 0) continue;
    const same = out.find((e) => e.code === code);
    if (same) {
      for (const c of columns) if (!same.columns.includes(c)) same.columns.push(c);
    } else {
      out.push({ code, columns });
      if (out.length >= MAX_ERRORS) break;
    }
  }
  return out;
}
