// Checks an import CSV before anything is sent: one streaming pass, the report the Problems panel shows.
import { IMPORT_LIMITS, type CsvProblem } from './csvProblems';
import { CsvReader, type CsvReadOptions } from './csvReader';

export interface CsvCheck {
  file: string;
  /** file size in bytes */
  bytes: number;
  /** true when the file starts with a UTF-8 BOM (it is left out of the parts) */
  bom: boolean;
  delimiter?: string;
  /** column names, trimmed; empty when the file has no usable header */
  header: string[];
  headerLine?: number;
  dataRows: number;
  firstDataLine?: number;
  /** the line where the last row starts */
  lastLine?: number;
  /** at most `maxProblems`, then one TOO_MANY_PROBLEMS entry */
  problems: CsvProblem[];
  errorCount: number;
  warningCount: number;
  /** no errors: the file can be split and sent */
  ok: boolean;
  /** parts by the row limit alone (the zip size limit can add more for very wide rows) */
  minParts: number;
}

export async function checkCsv(file: string, options: CsvReadOptions & { maxRows?: number } = {}): Promise<CsvCheck> {
  const reader = new CsvReader(file, options);
  for await (const block of reader.blocks()) void block; // the reader counts and checks as it goes
  const { problems } = reader;
  const maxRows = options.maxRows ?? IMPORT_LIMITS.maxRows;
  return {
    file,
    bytes: reader.bytes,
    bom: reader.bom,
    delimiter: reader.header?.delimiter,
    header: reader.header?.names ?? [],
    headerLine: reader.header?.line,
    dataRows: reader.dataRows,
    firstDataLine: reader.firstDataLine,
    lastLine: reader.lastLine,
    problems: problems.list(),
    errorCount: problems.errors,
    warningCount: problems.total - problems.errors,
    ok: problems.errors === 0,
    minParts: Math.ceil(reader.dataRows / maxRows),
  };
}
