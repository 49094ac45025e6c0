// The header line of an import CSV: which delimiter it uses, its column names (parsed by the
// same reader as result files), and what is wrong with them.
import { CsvParser } from '../results/csvRecords';
import { count, type CsvProblem } from './csvProblems';

/** The delimiters Zoho's import accepts, in the order that wins a tie. */
export const DELIMITERS: readonly string[] = Object.freeze([',', ';', '|', ':']);

export interface CsvHeader {
  delimiter: string;
  /** column names, trimmed */
  names: string[];
  /** 1-based character column where each name's cell starts on the header line */
  columns: number[];
  /** 1-based physical line of the header (empty lines before it are skipped) */
  line: number;
}

/** The candidate occurring most often outside quotes in the header line (comma when none does). */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = DELIMITERS[0];
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** 1-based character columns where each cell of one CSV line starts. */
function cellColumns(text: string, delimiter: string): number[] {
  const out = [1];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) out.push(i + 2);
  }
  return out;
}

/** Parses the header line's text (its terminator excluded). */
export function parseHeader(text: string, line: number): CsvHeader {
  const delimiter = sniffDelimiter(text);
  const parser = new CsvParser(delimiter);
  const records = [...parser.push(text), ...parser.end()];
  const names = (records[0] ?? ['']).map((n) => n.trim());
  return { delimiter, names, columns: cellColumns(text, delimiter), line };
}

const looksLikeValue = (s: string): boolean =>
  /^[-+]?[\d.,\s]+$/.test(s) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s) || /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(s);

/** What is wrong with the header: empty or repeated names, too many columns, data in place of names. */
export function headerProblems(h: CsvHeader, maxColumns: number, rawText: string): CsvProblem[] {
  const out: CsvProblem[] = [];
  const at = (i: number): number | undefined => h.columns[i];
  if (h.delimiter === ',' && !rawText.includes(',') && rawText.includes('\t')) {
    out.push({
      line: h.line,
      code: 'UNSUPPORTED_DELIMITER',
      severity: 'error',
      message: 'The header is separated by tabs. Zoho imports files separated by , ; : or |: save the file as CSV.',
    });
    return out;
  }
  if (h.names.length > maxColumns) {
    out.push({
      line: h.line,
      column: at(maxColumns),
      code: 'TOO_MANY_COLUMNS',
      severity: 'error',
      message: `The header has ${count(h.names.length)} columns; Zoho accepts at most ${maxColumns}. Remove the columns you do not import.`,
    });
  }
  const seen = new Map<string, number>();
  h.names.forEach((name, i) => {
    if (name === '') {
      out.push({ line: h.line, column: at(i), code: 'EMPTY_HEADER', severity: 'error', message: `Column ${i + 1} has no name in the header. Give it one, or remove the column.` });
      return;
    }
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      out.push({
        line: h.line,
        column: at(i),
        code: 'DUPLICATE_HEADER',
        severity: 'error',
        message: `The column name "${name}" appears twice (columns ${first + 1} and ${i + 1}). Each column needs its own name.`,
      });
    } else seen.set(key, i);
  });
  const filled = h.names.filter((n) => n !== '');
  const values = filled.filter(looksLikeValue);
  if (filled.length > 0 && values.length * 2 >= filled.length) {
    out.push({
      line: h.line,
      code: 'HEADER_LOOKS_LIKE_DATA',
      severity: 'warning',
      message: `The first line looks like data, not column names (${values.slice(0, 3).map((v) => `"${v}"`).join(', ')}). The first line must be the header.`,
    });
  }
  return out;
}
