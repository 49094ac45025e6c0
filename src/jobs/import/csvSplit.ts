// Splits an import CSV into parts Zoho accepts (≤ 25,000 rows, ≤ 25 MB zipped), at row
// boundaries, the header repeated at the top of each, each part zipped while it is read.
// One part at a time: the async iterator yields a finished part's zip file, and deletes it when
// the next part is asked for (or the loop ends), so the uploader sends part k while nothing else
// of the file is held in memory or on disk. Rows are copied byte for byte (line ends included;
// empty lines and the BOM left out).
//
// Run checkCsv first: the splitter checks as it reads too, but can only stop (CsvProblemError)
// when it meets a problem, possibly after some parts were handed out.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { count, CsvProblemError, IMPORT_LIMITS, type CsvProblem } from './csvProblems';
import { CsvReader, type CsvReadOptions } from './csvReader';
import { ZipPartWriter } from './zipPart';

export interface SplitOptions extends CsvReadOptions {
  /** data rows per part (default 25,000) */
  maxRows?: number;
  /** bytes per zip (default 25,000,000) */
  maxZipBytes?: number;
  /** folder for the part zips; default: a new folder under the OS temp folder, removed at the end */
  tempDir?: string;
  /** the CSV's name inside each zip (default: the file's own name) */
  entryName?: string;
  /** deflate level 1–9 (default 6) */
  level?: number;
}

export interface CsvPart {
  /** 0-based */
  index: number;
  /** data rows in this part (its header not counted) */
  rows: number;
  /** the physical lines of the source file where the part's first and last rows start */
  firstLine: number;
  lastLine: number;
  /** uncompressed bytes, header included */
  csvBytes: number;
  /** the zip, valid until the next part is asked for */
  zipPath: string;
  zipBytes: number;
  /** true for the final part */
  last: boolean;
}

interface OpenPart {
  index: number;
  writer: ZipPartWriter;
  rows: number;
  firstLine: number;
  lastLine: number;
}

export async function* splitCsv(file: string, options: SplitOptions = {}): AsyncGenerator<CsvPart> {
  const maxRows = options.maxRows ?? IMPORT_LIMITS.maxRows;
  const budget = options.maxZipBytes ?? IMPORT_LIMITS.maxZipBytes;
  const reader = new CsvReader(file, { ...options, maxRecordBytes: options.maxRecordBytes ?? budget });
  const ownDir = options.tempDir === undefined;
  const dir = options.tempDir ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zoho-bulk-import-')));
  // a plain file name every unzip accepts
  // eslint-disable-next-line no-control-regex
  const entryName = (options.entryName ?? path.basename(file)).replace(/[\\/:*?"<>|\x00-\x1f]/g, '_') || 'import.csv';
  const stopOnError = (): void => {
    const p = reader.problems.items.find((x) => x.severity === 'error');
    if (p) throw new CsvProblemError(p);
    if (reader.problems.errors > 0) throw new CsvProblemError({ line: 1, code: 'TOO_MANY_PROBLEMS', severity: 'error', message: 'The file has problems; check it again.' });
  };
  let part: OpenPart | undefined;
  let handedOut: string | undefined;
  let nextIndex = 0;
  /** bytes of the record still open at the end of the previous chunk */
  let carry: Buffer[] = [];
  let carried = 0;
  const open = async (line: number): Promise<OpenPart> => {
    const index = nextIndex++;
    const writer = new ZipPartWriter(path.join(dir, `part-${index + 1}.zip`), entryName, options.level);
    part = { index, writer, rows: 0, firstLine: line, lastLine: line };
    await writer.write(reader.headerBytes!);
    return part;
  };
  const close = async (p: OpenPart, last: boolean): Promise<CsvPart> => {
    const zipBytes = await p.writer.finish();
    part = undefined;
    handedOut = p.writer.path;
    return { index: p.index, rows: p.rows, firstLine: p.firstLine, lastLine: p.lastLine, csvBytes: p.writer.inBytes, zipPath: p.writer.path, zipBytes, last };
  };
  try {
    for await (const block of reader.blocks()) {
      stopOnError();
      const { chunk, base } = block;
      let segStart = 0;
      let segEnd = 0;
      const flushSegment = async (): Promise<void> => {
        if (segEnd > segStart) await part!.writer.write(chunk.subarray(segStart, segEnd));
        segStart = segEnd;
      };
      for (const r of block.records) {
        const size = r.end - r.start;
        let p = part ?? (await open(r.line));
        let full = p.rows >= maxRows;
        if (!full && p.writer.boundWith(segEnd - segStart + size) > budget) {
          await flushSegment();
          if (p.writer.unsettled) await p.writer.settle();
          full = p.writer.boundWith(size) > budget;
          if (full && p.rows === 0) throw new CsvProblemError(tooLarge(r.line, size));
        }
        if (full) {
          await flushSegment();
          const done = await close(p, false);
          yield done;
          await removeHandedOut();
          options.signal?.throwIfAborted();
          p = await open(r.line);
        }
        if (r.start < base) {
          // began in an earlier chunk: its first bytes were carried
          for (const c of carry) await p.writer.write(c);
          carry = [];
          carried = 0;
          segStart = 0;
          segEnd = r.end - base;
        } else if (r.start - base === segEnd) {
          segEnd = r.end - base;
        } else {
          await flushSegment();
          segStart = r.start - base;
          segEnd = r.end - base;
        }
        p.rows++;
        p.lastLine = r.line;
      }
      if (part) await flushSegment();
      if (block.openStart !== undefined) {
        if (block.openStart >= base) {
          carry = [chunk.subarray(block.openStart - base)];
          carried = carry[0].length;
        } else {
          carry.push(chunk);
          carried += chunk.length;
        }
        if (carried > budget) throw new CsvProblemError(tooLarge(block.openLine ?? 1, carried));
      } else {
        carry = [];
        carried = 0;
      }
    }
    stopOnError();
    if (part) yield await close(part, true);
    await removeHandedOut();
  } finally {
    await (part as OpenPart | undefined)?.writer.discard();
    await removeHandedOut();
    if (ownDir) await fs.promises.rm(dir, { recursive: true, force: true });
  }

  async function removeHandedOut(): Promise<void> {
    if (handedOut) await fs.promises.rm(handedOut, { force: true });
    handedOut = undefined;
  }
}

const tooLarge = (line: number, bytes: number): CsvProblem => ({
  line,
  code: 'RECORD_TOO_LARGE',
  severity: 'error',
  message: `The row starting on this line is more than ${count(bytes)} bytes long: it cannot fit in one upload. Is a closing quote missing?`,
});
