// checkCsv on real files: encoding, header, delimiters, quoted line breaks, column counts, and
// the same records and line numbers wherever the file is cut into chunks.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCsv } from '../../src/jobs/import/csvCheck';
import { CsvReader } from '../../src/jobs/import/csvReader';

describe('import: checking a CSV', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-import-check-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (content: string | Buffer): string => {
    const p = path.join(dir, `f${n++}.csv`);
    fs.writeFileSync(p, content);
    return p;
  };
  const codes = (c: { problems: { code: string; line: number; column?: number }[] }): string[] => c.problems.map((p) => `${p.code}@${p.line}${p.column ? `:${p.column}` : ''}`);

  it('accepts a clean file, drops the BOM and counts rows with quoted line breaks by their first line', async () => {
    const c = await checkCsv(file('\ufeffLast_Name,Email\r\n"Boyle, P","a@x.io"\r\n"two\r\nlines",b@x.io\r\nlast,c@x.io'));
    assert.deepStrictEqual(codes(c), []);
    assert.strictEqual(c.ok, true);
    assert.strictEqual(c.bom, true);
    assert.deepStrictEqual(c.header, ['Last_Name', 'Email']);
    assert.deepStrictEqual([c.dataRows, c.firstDataLine, c.lastLine], [3, 2, 5]);
  });

  for (const d of [',', ';', ':', '|']) {
    it(`detects "${d}" from the header line`, async () => {
      const other = d === ',' ? ';' : ',';
      const c = await checkCsv(file(`Name${d}Note${d}City\n"a${d}b"${d}x ${other} y${d}z\n`));
      assert.strictEqual(c.delimiter, d);
      assert.deepStrictEqual(c.header, ['Name', 'Note', 'City']);
      assert.deepStrictEqual(codes(c), []);
    });
  }

  it('names rows whose cell count differs from the header, at the line where the row starts', async () => {
    const c = await checkCsv(file('a,b,c\n1,2\n"x\ny",2,3,4\n1,2,3\n'));
    assert.deepStrictEqual(codes(c), ['COLUMN_COUNT@2', 'COLUMN_COUNT@3']);
    assert.match(c.problems[0].message, /2 cells; the header has 3 columns/);
    assert.strictEqual(c.ok, false);
  });

  it('reports invalid UTF-8 with its line and column (Latin-1 é), once per line', async () => {
    const latin1 = Buffer.concat([Buffer.from('Name|City\nZoë|Köln\nRen'), Buffer.from([0xe9, 0x2c, 0xe9]), Buffer.from('|Paris\n')]);
    const c = await checkCsv(file(latin1));
    assert.deepStrictEqual(codes(c), ['INVALID_UTF8@3:4']);
    assert.match(c.problems[0].message, /0xE9.*UTF-8/);
  });

  it('refuses UTF-16, an empty file, a header without rows', async () => {
    assert.deepStrictEqual(codes(await checkCsv(file(Buffer.from('\ufeffa,b\n1,2\n', 'utf16le')))), ['NOT_UTF8@1']);
    assert.deepStrictEqual(codes(await checkCsv(file(''))), ['EMPTY_FILE@1']);
    assert.deepStrictEqual(codes(await checkCsv(file('\r\n\n'))), ['EMPTY_FILE@1']);
    assert.deepStrictEqual(codes(await checkCsv(file('\n\nLast_Name,Email\n'))), ['NO_DATA_ROWS@3']);
  });

  it('names empty and repeated header names with their column, and more than 200 columns', async () => {
    const c = await checkCsv(file('\nName,,Email,name\n1,2,3,4\n'));
    assert.deepStrictEqual(codes(c), ['EMPTY_HEADER@2:6', 'DUPLICATE_HEADER@2:13']);
    assert.match(c.problems[1].message, /"name" appears twice \(columns 1 and 4\)/);
    const wide = Array.from({ length: 201 }, (_, i) => `F${i}`);
    const w = await checkCsv(file(`${wide.join(',')}\n${wide.map(() => 'x').join(',')}\n`));
    assert.deepStrictEqual(codes(w).map((x) => x.split('@')[0]), ['TOO_MANY_COLUMNS']);
  });

  it('flags an unclosed quote, text after a closing quote, tabs, and a header that is data', async () => {
    assert.deepStrictEqual(codes(await checkCsv(file('a,b\n1,"open\n2,3\n'))), ['UNCLOSED_QUOTE@2']);
    const after = await checkCsv(file('a,b\n1,"5"" screen"\n2,"5" screen\n'));
    assert.deepStrictEqual(codes(after), ['TEXT_AFTER_QUOTE@3:6']);
    assert.strictEqual(after.ok, true, 'a warning does not stop the import');
    assert.deepStrictEqual(codes(await checkCsv(file('a\tb\n1\t2\n'))), ['UNSUPPORTED_DELIMITER@1']);
    assert.deepStrictEqual(codes(await checkCsv(file('42,someone@example.com\n1,2\n'))), ['HEADER_LOOKS_LIKE_DATA@1']);
  });

  it('keeps at most maxProblems and says how many more there were', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i}`).join('\n');
    const c = await checkCsv(file(`a,b\n${rows}\n`), { maxProblems: 10 });
    assert.strictEqual(c.problems.length, 11);
    assert.strictEqual(c.errorCount, 500);
    assert.match(c.problems[10].message, /^490 more problems not listed/);
  });

  it('finds the same records and lines wherever the chunks are cut', async () => {
    const text = '\ufeffA;B\r\n"x;\r\ny";"q""\r"\r\n\r\n1;Zoë 😀\r2;3\n"";""';
    const p = file(text);
    const spans = async (chunkBytes?: number): Promise<string[]> => {
      const r = new CsvReader(p, { chunkBytes });
      const out: string[] = [];
      for await (const b of r.blocks()) for (const s of b.records) out.push(`${s.line}:${s.fields}:${s.start}-${s.end}`);
      assert.deepStrictEqual(r.problems.list(), [], `chunk ${chunkBytes}`);
      return out;
    };
    const whole = await spans();
    assert.deepStrictEqual(whole.map((s) => s.split(':').slice(0, 2).join(':')), ['2:2', '6:2', '7:2', '8:2']);
    for (let size = 1; size <= 12; size++) assert.deepStrictEqual(await spans(size), whole, `chunks of ${size} bytes`);
  });
});
