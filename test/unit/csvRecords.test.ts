// The streaming CSV reader: quotes, "" escapes, line breaks inside quotes, CR/LF/CRLF, BOM,
// empty lines, and text split at every possible chunk boundary.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CsvParser, csvRecords } from '../../src/jobs/results/csvRecords';

const parseAll = (pieces: string[], delimiter = ','): string[][] => {
  const p = new CsvParser(delimiter);
  const out: string[][] = [];
  for (const piece of pieces) out.push(...p.push(piece));
  out.push(...p.end());
  return out;
};

const SAMPLE = 'Last_Name,Email,STATUS,RECORD_ID,ERRORS\r\n"Boyle, Patricia","p@x.io",ADDED,123,\r\n"He said ""hi""\nthen left",,SKIPPED,,"MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email"\n\nlast,row,UPDATED,9,\rcr,only,ADDED,1,';
const EXPECTED = [
  ['Last_Name', 'Email', 'STATUS', 'RECORD_ID', 'ERRORS'],
  ['Boyle, Patricia', 'p@x.io', 'ADDED', '123', ''],
  ['He said "hi"\nthen left', '', 'SKIPPED', '', 'MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email'],
  ['last', 'row', 'UPDATED', '9', ''],
  ['cr', 'only', 'ADDED', '1', ''],
];

describe('csv records', () => {
  it('parses quotes, escapes, embedded line breaks and every line ending', () => {
    assert.deepStrictEqual(parseAll([SAMPLE]), EXPECTED);
  });
  it('gives the same records wherever the text is split', () => {
    for (let i = 0; i <= SAMPLE.length; i++) assert.deepStrictEqual(parseAll([SAMPLE.slice(0, i), SAMPLE.slice(i)]), EXPECTED, `split at ${i}`);
    assert.deepStrictEqual(parseAll([...SAMPLE]), EXPECTED, 'one character at a time');
  });
  it('keeps a stray quote inside an unquoted field, and other delimiters', () => {
    assert.deepStrictEqual(parseAll(['a;5" screen;"x;y"\n'], ';'), [['a', '5" screen', 'x;y']]);
  });
  it('streams a file with a BOM and multi-byte characters split across reads', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-csv-')), 'r.csv');
    const rows = Array.from({ length: 20000 }, (_, i) => `"Müller ${i}",Zoë,ADDED,${i},`).join('\n');
    fs.writeFileSync(file, `\ufeffLast_Name,First,STATUS,RECORD_ID,ERRORS\n${rows}\n`);
    let n = 0;
    let header: string[] | undefined;
    for await (const r of csvRecords(file, ',')) { header ??= r; n++; if (n === 12345) assert.deepStrictEqual(r, ['Müller 12343', 'Zoë', 'ADDED', '12343', '']); }
    assert.deepStrictEqual(header, ['Last_Name', 'First', 'STATUS', 'RECORD_ID', 'ERRORS']);
    assert.strictEqual(n, 20001);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
