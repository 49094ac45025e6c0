// Finds where CSV records begin and end in raw bytes, without building any strings: the byte
// counterpart of ../results/csvRecords.ts (same lenient RFC 4180 reading: quoted fields may hold
// the delimiter, "" and line breaks; CRLF, LF or CR line ends; empty lines skipped), for files
// of hundreds of MB that only need their records counted, checked and copied verbatim.
// On the way it validates UTF-8 and counts physical lines and columns for the problems it reports.

import type { CsvProblem } from './csvProblems';

/** One complete record: absolute byte offsets [start, end) in the file after the BOM, its terminator included. */
export interface RecordSpan {
  start: number;
  end: number;
  /** the physical line (1-based) it starts on */
  line: number;
  /** number of fields (delimiters outside quotes + 1) */
  fields: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

export class RecordScanner {
  /** absolute offset of the next byte to scan */
  private abs = 0;
  private line = 1;
  private lineStart = 0;
  /** UTF-16 units minus bytes so far on this line (continuation bytes and astral characters) */
  private colAdjust = 0;
  private afterCr = false;
  private inRecord = false;
  /** a record ended with CR: it completes at the next byte (a LF belongs to it) */
  private crEnded = false;
  private recStart = 0;
  private recLine = 1;
  private fields = 0;
  private quoted = false;
  private quotePending = false;
  private fieldStart = true;
  private textAfterQuoteReported = false;
  // UTF-8: continuation bytes still expected, and the range the next one must be in
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  /** the lead byte of the character being read, and its column */
  private lead = 0;
  private leadColumn = 1;
  private badUtf8Line = 0;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: (r: RecordSpan) => void,
    private readonly onProblem: (p: CsvProblem) => void,
  ) {}

  /** Absolute offset where the record still open at the end of the last chunk begins, or undefined. */
  get openRecordStart(): number | undefined {
    return this.inRecord ? this.recStart : undefined;
  }

  /** The line where that open record starts. */
  get openRecordLine(): number | undefined {
    return this.inRecord ? this.recLine : undefined;
  }

  get position(): number {
    return this.abs;
  }

  scan(chunk: Uint8Array): void {
    const delim = this.delimiter;
    const base = this.abs;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b >= 0x80 || this.need > 0) this.utf8(b, base + i);
      if (this.crEnded) {
        this.crEnded = false;
        if (b === LF) {
          this.afterCr = false;
          this.lineStart = base + i + 1;
          this.complete(base + i + 1);
          continue;
        }
        this.complete(base + i);
      }
      if (b <= CR && (b === LF || b === CR)) {
        if (b === CR || !this.afterCr) this.line++;
        this.afterCr = b === CR;
        this.lineStart = base + i + 1;
        this.colAdjust = 0;
        if (!this.inRecord) continue; // an empty line
        if (this.quoted && !this.quotePending) continue; // a line break inside a quoted field
        this.quoted = false;
        this.quotePending = false;
        if (b === LF) this.complete(base + i + 1);
        else this.crEnded = true;
        continue;
      }
      this.afterCr = false;
      if (!this.inRecord) {
        this.inRecord = true;
        this.recStart = base + i;
        this.recLine = this.line;
        this.fields = 1;
        this.fieldStart = true;
        this.textAfterQuoteReported = false;
      }
      if (this.quoted) {
        if (!this.quotePending) {
          if (b === QUOTE) this.quotePending = true;
          continue;
        }
        this.quotePending = false;
        if (b === QUOTE) continue; // "" inside quotes
        this.quoted = false; // that quote closed the field; b is outside quotes
        if (b !== delim) this.textAfterQuote(base + i);
      }
      if (b === delim) {
        this.fields++;
        this.fieldStart = true;
      } else if (b === QUOTE && this.fieldStart) {
        this.quoted = true;
        this.fieldStart = false;
      } else {
        this.fieldStart = false;
      }
    }
    this.abs = base + n;
  }

  /** End of input: completes the last record (it may lack a line break) and reports what is left open. */
  finish(): void {
    if (this.need > 0) this.badUtf8(this.leadColumn, 'the file ends in the middle of a UTF-8 character');
    this.crEnded = false;
    if (!this.inRecord) return;
    if (this.quoted && !this.quotePending) {
      this.onProblem({
        line: this.recLine,
        code: 'UNCLOSED_QUOTE',
        severity: 'error',
        message: 'A quoted field that starts on this line is never closed: a closing quote (") is missing, so everything after it up to the end of the file would be one cell.',
      });
    }
    this.complete(this.abs);
  }

  private complete(end: number): void {
    this.inRecord = false;
    this.quoted = false;
    this.quotePending = false;
    this.onRecord({ start: this.recStart, end, line: this.recLine, fields: this.fields });
  }

  private column(at: number): number {
    return at - this.lineStart + this.colAdjust + 1;
  }

  private textAfterQuote(at: number): void {
    if (this.textAfterQuoteReported) return;
    this.textAfterQuoteReported = true;
    this.onProblem({
      line: this.line,
      column: this.column(at),
      code: 'TEXT_AFTER_QUOTE',
      severity: 'warning',
      message: 'Text follows the closing quote of a quoted field. Put the whole cell in quotes and double the quotes inside it ("5"" screen").',
    });
  }

  /** One byte of a multi-byte character (or an ASCII byte where one was still expected). */
  private utf8(b: number, at: number): void {
    if (this.need > 0) {
      if (b >= this.lo && b <= this.hi) {
        this.need--;
        this.lo = 0x80;
        this.hi = 0xbf;
        this.colAdjust--;
        return;
      }
      this.need = 0;
      this.lo = 0x80;
      this.hi = 0xbf;
      this.badUtf8(this.leadColumn, `the byte 0x${hex(this.lead)} does not start a valid UTF-8 character here`);
      if (b < 0x80) return;
    }
    this.lead = b;
    this.leadColumn = this.column(at);
    if (b >= 0xc2 && b <= 0xdf) this.need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      this.need = 2;
      if (b === 0xe0) this.lo = 0xa0;
      else if (b === 0xed) this.hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      this.need = 3;
      this.colAdjust++; // one character, two UTF-16 units
      if (b === 0xf0) this.lo = 0x90;
      else if (b === 0xf4) this.hi = 0x8f;
    } else {
      this.badUtf8(this.leadColumn, `the byte 0x${hex(b)} is not valid UTF-8`);
    }
  }

  private badUtf8(column: number, what: string): void {
    if (this.badUtf8Line === this.line) return; // one report per line is enough
    this.badUtf8Line = this.line;
    this.onProblem({
      line: this.line,
      column: Math.max(1, column),
      code: 'INVALID_UTF8',
      severity: 'error',
      message: `This line is not valid UTF-8: ${what}. Save the file as UTF-8 (accented letters saved as Latin-1 / Windows-1252 are the usual cause).`,
    });
  }
}
