// Reads an import CSV as a stream of raw chunks with the records found in each, checking as it
// goes: encoding, header, the same column count on every row, record sizes. The checker counts
// what it is given; the splitter copies the records' bytes into parts. Memory stays flat: one
// chunk at a time, plus the bytes of a record that spans chunks.
import * as fs from 'node:fs';
import { parseHeader, headerProblems, type CsvHeader } from './csvHeader';
import { count, IMPORT_LIMITS, ProblemList } from './csvProblems';
import { RecordScanner, type RecordSpan } from './recordScanner';

export interface CsvReadOptions {
  signal?: AbortSignal;
  /** problems kept for the report (default 100; all are counted) */
  maxProblems?: number;
  maxColumns?: number;
  /** a record longer than this is refused (default: the zip budget, as it could never fit a part) */
  maxRecordBytes?: number;
  /** read size (default 256 KiB) */
  chunkBytes?: number;
}

export interface CsvBlock {
  chunk: Buffer;
  /** absolute offset (after the BOM) of chunk[0] */
  base: number;
  /** data records completed in this chunk (the header is not among them); a record may start in an earlier chunk */
  records: RecordSpan[];
  /** absolute start of a record still open at the end of this chunk */
  openStart?: number;
  /** the line where that open record starts */
  openLine?: number;
}

const MAX_HEADER_BYTES = 1024 * 1024;

/** Offset just past the first line break outside quotes (empty lines first skipped), or -1. */
function headerEnd(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  let quoted = false;
  for (; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0a || b === 0x0d)) return i + 1;
  }
  return -1;
}

export class CsvReader {
  readonly problems: ProblemList;
  header?: CsvHeader;
  /** the header record's bytes, its line break included: repeated at the top of every part */
  headerBytes?: Buffer;
  dataRows = 0;
  /** file size in bytes (BOM included) once read */
  bytes = 0;
  bom = false;
  firstDataLine?: number;
  lastLine?: number;
  private readonly maxColumns: number;
  private readonly maxRecordBytes: number;
  /** the first chunk scanned, until the header record has been copied out of it */
  private head?: Buffer;

  constructor(
    readonly file: string,
    private readonly options: CsvReadOptions = {},
  ) {
    this.problems = new ProblemList(options.maxProblems ?? 100);
    this.maxColumns = options.maxColumns ?? IMPORT_LIMITS.maxColumns;
    this.maxRecordBytes = options.maxRecordBytes ?? IMPORT_LIMITS.maxZipBytes;
  }

  /** The file's chunks and records, checked. Problems land in `problems`; nothing is thrown for them. */
  async *blocks(): AsyncGenerator<CsvBlock> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    const source = fs.createReadStream(this.file, { highWaterMark: this.options.chunkBytes ?? 256 * 1024, signal });
    const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    try {
      // the head: enough to hold the header line
      const headParts: Buffer[] = [];
      let head: Buffer = Buffer.alloc(0);
      let end = -1;
      let eof = false;
      while (end < 0 && head.length <= MAX_HEADER_BYTES) {
        const next = await it.next();
        if (next.done) { eof = true; break; }
        headParts.push(next.value);
        head = headParts.length === 1 ? next.value : Buffer.concat(headParts);
        end = headerEnd(this.stripBom(head, false));
      }
      this.bytes = head.length;
      head = this.stripBom(head, true);
      if (!this.headChecks(head, end, eof)) return;
      this.head = head;
      const scanner = new RecordScanner(this.header!.delimiter.charCodeAt(0), (r) => this.record(r, pending), (p) => this.problems.add(p));
      let pending: RecordSpan[] = [];
      let chunk: Buffer | undefined = head;
      while (chunk) {
        signal?.throwIfAborted();
        const base = scanner.position;
        scanner.scan(chunk);
        const records = pending;
        pending = [];
        yield { chunk, base, records, openStart: scanner.openRecordStart, openLine: scanner.openRecordLine };
        const next = await it.next();
        if (next.done) break;
        this.bytes += next.value.length;
        chunk = next.value;
      }
      scanner.finish();
      if (pending.length > 0) yield { chunk: Buffer.alloc(0), base: scanner.position, records: pending };
      if (this.dataRows === 0) this.problems.add({ line: this.header!.line, code: 'NO_DATA_ROWS', severity: 'error', message: 'The file has a header but no rows to import.' });
    } finally {
      source.destroy();
    }
  }

  private stripBom(head: Buffer, record: boolean): Buffer {
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    if (record) this.bom = bom;
    return bom ? head.subarray(3) : head;
  }

  /** Encoding and header checks on the head; false when the rest cannot be read sensibly. */
  private headChecks(head: Buffer, end: number, eof: boolean): boolean {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.subarray(0, 4096).includes(0)) {
      this.problems.add({ line: 1, code: 'NOT_UTF8', severity: 'error', message: 'The file is not UTF-8 (it looks like UTF-16). Save it as "CSV UTF-8" and try again.' });
      return false;
    }
    if (end < 0 && !eof) {
      this.problems.add({ line: 1, code: 'HEADER_TOO_LONG', severity: 'error', message: `No line break in the first ${count(MAX_HEADER_BYTES)} bytes: this does not look like a CSV with a header line.` });
      return false;
    }
    let start = 0;
    let line = 1;
    while (start < head.length && (head[start] === 0x0a || head[start] === 0x0d)) {
      if (head[start] === 0x0d || head[start - 1] !== 0x0d) line++;
      start++;
    }
    if (start >= head.length) {
      this.problems.add({ line: 1, code: 'EMPTY_FILE', severity: 'error', message: 'The file is empty: it needs a header line and at least one row.' });
      return false;
    }
    const text = head.toString('utf8', start, end < 0 ? head.length : end).replace(/\r?\n$|\r$/, '');
    this.header = parseHeader(text, line);
    for (const p of headerProblems(this.header, this.maxColumns, text)) this.problems.add(p);
    return !this.problems.items.some((p) => p.code === 'UNSUPPORTED_DELIMITER');
  }

  private record(r: RecordSpan, out: RecordSpan[]): void {
    if (!this.headerBytes) {
      // the header record: the head holds all of it (its line break was found there, or the head is the whole file)
      this.headerBytes = Buffer.from(this.head!.subarray(r.start, r.end));
      this.head = undefined;
      return;
    }
    this.dataRows++;
    this.firstDataLine ??= r.line;
    this.lastLine = r.line;
    const expected = this.header!.names.length;
    if (r.fields !== expected) {
      this.problems.add({
        line: r.line,
        code: 'COLUMN_COUNT',
        severity: 'error',
        message: `This row has ${r.fields} cell${r.fields === 1 ? '' : 's'}; the header has ${expected} column${expected === 1 ? '' : 's'}. A cell that contains "${this.header!.delimiter}" or a line break must be in double quotes.`,
      });
    }
    if (r.end - r.start > this.maxRecordBytes) {
      this.problems.add({ line: r.line, code: 'RECORD_TOO_LARGE', severity: 'error', message: `This row is ${count(r.end - r.start)} bytes long: more than fits in one upload.` });
    }
    out.push(r);
  }
}
