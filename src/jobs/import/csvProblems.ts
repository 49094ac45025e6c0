// What can be wrong with a CSV before it is imported, in words the Problems panel can show.
// A problem names the physical line (1-based) and, where it can, the character column
// (1-based, UTF-16 units as an editor counts them) of the place to look.

/** Zoho's limits for one bulk-write file (reference §1.7). */
export const IMPORT_LIMITS = Object.freeze({
  /** data rows per CSV (the header not counted) */
  maxRows: 25_000,
  /** bytes per uploaded zip; 25 MB read as 25,000,000 to stay on the safe side of either meaning */
  maxZipBytes: 25_000_000,
  /** columns in the header, and fields in one mapping */
  maxColumns: 200,
});

export type CsvProblemCode =
  | 'EMPTY_FILE'
  | 'NOT_UTF8'
  | 'INVALID_UTF8'
  | 'NO_DATA_ROWS'
  | 'UNSUPPORTED_DELIMITER'
  | 'HEADER_TOO_LONG'
  | 'HEADER_LOOKS_LIKE_DATA'
  | 'EMPTY_HEADER'
  | 'DUPLICATE_HEADER'
  | 'TOO_MANY_COLUMNS'
  | 'COLUMN_COUNT'
  | 'UNCLOSED_QUOTE'
  | 'TEXT_AFTER_QUOTE'
  | 'RECORD_TOO_LARGE'
  | 'TOO_MANY_PROBLEMS';

export interface CsvProblem {
  /** 1-based physical line: for a record, the line where it starts */
  line: number;
  /** 1-based character column in that line, when one place can be named */
  column?: number;
  code: CsvProblemCode;
  /** errors stop the import; warnings are worth a look but do not */
  severity: 'error' | 'warning';
  message: string;
}

/** Collects problems, keeping at most `max` of them (memory stays flat for a file that is wrong on every line). */
export class ProblemList {
  readonly items: CsvProblem[] = [];
  /** every problem seen, kept or not */
  total = 0;
  errors = 0;

  constructor(private readonly max = 100) {}

  add(p: CsvProblem): void {
    this.total++;
    if (p.severity === 'error') this.errors++;
    if (this.items.length < this.max) this.items.push(p);
  }

  /** The kept problems, plus one line that says how many more there were. */
  list(): CsvProblem[] {
    const more = this.total - this.items.length;
    if (more <= 0) return [...this.items];
    const last = this.items[this.items.length - 1];
    return [
      ...this.items,
      {
        line: last?.line ?? 1,
        code: 'TOO_MANY_PROBLEMS',
        severity: 'error',
        message: `${count(more)} more problem${more === 1 ? '' : 's'} not listed; fix these first and check again.`,
      },
    ];
  }
}

/** Thrown when a file cannot be split because of a problem (it may have changed since it was checked). */
export class CsvProblemError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(`Line ${problem.line}: ${problem.message}`);
    this.name = 'CsvProblemError';
  }
}

export const count = (n: number): string => n.toLocaleString('en-US');
