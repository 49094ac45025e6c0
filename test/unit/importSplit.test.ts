// splitCsv: parts at row boundaries within the row and zip-size limits, the header repeated, rows
// copied byte for byte, every zip tested by a real unzip (Info-ZIP or Python's zipfile), and
// cancelling or failing leaves no files behind.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CsvProblemError } from '../../src/jobs/import/csvProblems';
import { splitCsv, type CsvPart, type SplitOptions } from '../../src/jobs/import/csvSplit';
import { readZip, UNZIP_TOOL } from './helpers/realUnzip';

interface SeenPart extends CsvPart {
  name: string;
  text: string;
  fileSize: number;
}

describe(`import: splitting into zipped parts (checked with ${UNZIP_TOOL})`, function () {
  this.timeout(60_000);
  let dir: string;
  let n = 0;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-import-split-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (content: string | Buffer): string => {
    const p = path.join(dir, `leads${n++}.csv`);
    fs.writeFileSync(p, content);
    return p;
  };
  const rowsText = (count: number, from = 0): string => Array.from({ length: count }, (_, i) => `Name ${from + i},n${from + i}@x.io\n`).join('');
  /** Splits, reading each part with the real unzip while it exists. */
  const split = async (file: string, options: SplitOptions = {}): Promise<SeenPart[]> => {
    const out: SeenPart[] = [];
    const partsDir = path.join(dir, 'parts');
    fs.mkdirSync(partsDir, { recursive: true });
    for await (const part of splitCsv(file, { tempDir: partsDir, ...options })) {
      const entries = await readZip(part.zipPath);
      assert.strictEqual(entries.length, 1, 'one CSV per zip');
      out.push({ ...part, ...entries[0], fileSize: fs.statSync(part.zipPath).size });
    }
    assert.deepStrictEqual(fs.readdirSync(partsDir), [], 'every part file is removed at the end');
    return out;
  };

  it('25,000 rows → one part; 25,001 → two, the header repeated and nothing lost', async () => {
    const header = 'Last_Name,Email\n';
    const one = await split(write(header + rowsText(25_000)));
    assert.deepStrictEqual(one.map((p) => [p.rows, p.firstLine, p.lastLine, p.last]), [[25_000, 2, 25_001, true]]);
    assert.strictEqual(one[0].text, header + rowsText(25_000));
    assert.strictEqual(one[0].zipBytes, one[0].fileSize);
    assert.strictEqual(one[0].csvBytes, Buffer.byteLength(one[0].text));

    const two = await split(write(header + rowsText(25_001)));
    assert.deepStrictEqual(two.map((p) => [p.index, p.rows, p.firstLine, p.lastLine, p.last]), [[0, 25_000, 2, 25_001, false], [1, 1, 25_002, 25_002, true]]);
    assert.strictEqual(two[0].text, header + rowsText(25_000));
    assert.strictEqual(two[1].text, `${header}Name 25000,n25000@x.io\n`);
    assert.strictEqual(two[1].name, path.basename(two[1].name), 'the entry is a plain file name');
  });

  it('keeps quoted line breaks and "" inside a row, drops the BOM and empty lines, keeps CRLF', async () => {
    const file = write('\ufeffLast_Name;Note\r\n"Boyle";"two\r\nlines, ""quoted"""\r\n\r\n"Zoë";😀\r\nlast;row');
    const parts = await split(file, { maxRows: 1 });
    assert.deepStrictEqual(parts.map((p) => p.text), [
      'Last_Name;Note\r\n"Boyle";"two\r\nlines, ""quoted"""\r\n',
      'Last_Name;Note\r\n"Zoë";😀\r\n',
      'Last_Name;Note\r\nlast;row',
    ]);
    assert.deepStrictEqual(parts.map((p) => [p.firstLine, p.lastLine]), [[2, 2], [5, 5], [6, 6]]);
  });

  for (const d of [',', ';', ':', '|']) {
    it(`splits a "${d}" file at row boundaries whatever the read size`, async () => {
      const rows = Array.from({ length: 9 }, (_, i) => `"r${i}${d}\nx"${d}${i}\n`).join('');
      const file = write(`A${d}B\n${rows}`);
      for (const chunkBytes of [1, 3, 7, 64 * 1024]) {
        const parts = await split(file, { maxRows: 4, chunkBytes });
        assert.deepStrictEqual(parts.map((p) => p.rows), [4, 4, 1], `chunks of ${chunkBytes}`);
        assert.strictEqual(parts.map((p) => p.text.slice(`A${d}B\n`.length)).join(''), rows);
        assert.ok(parts.every((p) => p.text.startsWith(`A${d}B\n`)));
      }
    });
  }

  it('cuts by zip size before the limit with incompressible rows, each zip within budget', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `${i},${crypto.randomBytes(200 + (i % 300)).toString('base64')}\n`).join('');
    const budget = 100_000;
    const parts = await split(write(`id,blob\n${rows}`), { maxZipBytes: budget });
    assert.ok(parts.length >= 5, `${parts.length} parts`);
    for (const p of parts) assert.ok(p.fileSize <= budget, `part ${p.index}: ${p.fileSize} bytes`);
    for (const p of parts.slice(0, -1)) assert.ok(p.fileSize > budget * 0.97, `part ${p.index} uses the budget: ${p.fileSize}`);
    assert.strictEqual(parts.map((p) => p.text.slice('id,blob\n'.length)).join(''), rows);
  });

  it('refuses a row that cannot fit any part, and a file with problems, leaving nothing behind', async () => {
    const big = write(`id,blob\n1,${'x'.repeat(10_000)}\n`);
    await assert.rejects(split(big, { maxZipBytes: 5_000 }), (e: unknown) => e instanceof CsvProblemError && e.problem.code === 'RECORD_TOO_LARGE' && e.problem.line === 2);
    const unclosed = write(`id,blob\n1,ok\n2,"never closed\n${'3,x\n'.repeat(5000)}`);
    await assert.rejects(split(unclosed, { maxZipBytes: 5_000, chunkBytes: 1024 }), (e: unknown) => e instanceof CsvProblemError && e.problem.code === 'RECORD_TOO_LARGE' && e.problem.line === 3);
    const bad = write('a,b\n1,2\n3\n');
    await assert.rejects(split(bad), (e: unknown) => e instanceof CsvProblemError && e.problem.code === 'COLUMN_COUNT' && /^Line 3:/.test(e.message));
    await assert.rejects(split(write('')), (e: unknown) => e instanceof CsvProblemError && e.problem.code === 'EMPTY_FILE');
  });

  it('stops when cancelled and removes its folder and part files', async () => {
    const file = write(`a,b\n${rowsText(30_000)}`);
    const controller = new AbortController();
    const seen: string[] = [];
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('zoho-bulk-import-')));
    await assert.rejects(
      (async () => {
        for await (const part of splitCsv(file, { maxRows: 1000, signal: controller.signal })) {
          seen.push(part.zipPath);
          if (part.index === 2) controller.abort();
        }
      })(),
      (e: unknown) => e instanceof Error && e.name === 'AbortError',
    );
    assert.strictEqual(seen.length, 3);
    for (const p of seen) assert.ok(!fs.existsSync(p), `${p} removed`);
    const left = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('zoho-bulk-import-') && !before.has(f));
    assert.deepStrictEqual(left, [], 'its own temp folder is removed');
  });

  it('keeps a part file until the next part is asked for', async () => {
    const file = write(`a,b\n${rowsText(10)}`);
    let previous: string | undefined;
    for await (const part of splitCsv(file, { maxRows: 3, tempDir: dir })) {
      assert.ok(fs.existsSync(part.zipPath));
      if (previous) assert.ok(!fs.existsSync(previous), 'the previous part is gone');
      previous = part.zipPath;
    }
    assert.ok(previous && !fs.existsSync(previous));
  });
});
