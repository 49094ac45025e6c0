// Memory stays flat: checking and splitting 300,000 generated rows (≈ 40 MB) grows the process's
// resident memory by far less than the file's size (a reader that held the file would not pass).
// Not a timing test: only memory is asserted.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateCsv } from '../../bench/import';
import { checkCsv } from '../../src/jobs/import/csvCheck';
import { splitCsv } from '../../src/jobs/import/csvSplit';

describe('import: memory stays flat', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-import-mem-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks and splits 300,000 rows with a small RSS growth', async () => {
    const file = path.join(dir, 'big.csv');
    const bytes = await generateCsv(file, 300_000);
    assert.ok(bytes > 40 * 1024 * 1024, `${bytes} bytes`);
    (globalThis as { gc?: () => void }).gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 5);
    try {
      const check = await checkCsv(file);
      assert.deepStrictEqual(check.problems, []);
      assert.strictEqual(check.dataRows, 300_000);
      let rows = 0;
      let parts = 0;
      for await (const part of splitCsv(file, { tempDir: dir })) {
        rows += part.rows;
        parts++;
        sample();
      }
      assert.deepStrictEqual([rows, parts], [300_000, 12]);
    } finally {
      clearInterval(timer);
    }
    const growthMb = (peak - baseline) / 1024 / 1024;
    const fileMb = bytes / 1024 / 1024;
    // the floor is V8's young generation and the zip buffers (the same ~25 MB for 1,000,000 rows in
    // bench/import.ts); holding the file would add at least its 40 MB
    assert.ok(growthMb < 32 && growthMb < fileMb * 0.8, `RSS grew by ${growthMb.toFixed(1)} MB for a ${fileMb.toFixed(1)} MB file`);
  });
});
