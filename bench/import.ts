// Import planning of a generated 1,000,000-row CSV (≈ 150 MB): the check pass, then split + zip
// into parts (no upload yet), with MB/s for each and the peak RSS growth over the baseline
// (target < 64 MB, as for downloads). bench/importUpload.ts reuses the generator and measureSplit
// before it runs the whole import (with upload) against the simulator. Runs alone:
//   npx tsx bench/import.ts [rows]          (node --expose-gc --import tsx bench/import.ts for a steadier baseline)
// and prints a table plus one line "@@IMPORT {json}" for a runner to pick up.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCsv, type CsvCheck } from '../src/jobs/import/csvCheck';
import { splitCsv } from '../src/jobs/import/csvSplit';
import { round, rssWatch } from './common';

export interface ImportFigures {
  rows: number;
  csvBytes: number;
  parts: number;
  zipBytes: number;
  checkSeconds: number;
  checkMbPerSec: number;
  splitSeconds: number;
  splitMbPerSec: number;
  baselineRssMb: number;
  peakRssGrowthMb: number;
}

const MB = 1024 * 1024;

/** Writes `rows` Leads-like rows (≈ 150 bytes each; some quoted, some with line breaks and accents). */
export async function generateCsv(file: string, rows: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string): Promise<void> | undefined => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('Last_Name,First_Name,Email,Phone,Company,Street,City,Lead_Source,Annual_Revenue,Description\r\n');
  const sources = ['Web', 'Cold Call', 'Trade Show', 'Partner'];
  let batch = '';
  for (let i = 0; i < rows; i++) {
    const note = i % 50 === 0 ? `"Met at the fair,\nwants a ""demo"" — ${i}"` : `Follow up ${i % 997}`;
    batch += `Müller-${i},Anna ${i % 313},anna.${i}@example.com,+49 30 ${String(i).padStart(8, '0')},"Acme ${i % 5000}, GmbH",${(i * 7) % 300} Friedrichstraße,Berlin ${i % 97},${sources[i % 4]},${(i * 37) % 1_000_000},${note}\r\n`;
    if (batch.length > 64 * 1024) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return fs.statSync(file).size;
}

/** The check pass, then split + zip alone (no upload) of a CSV already on disk, parts written in `dir`. */
export async function measureSplit(file: string, dir: string, rows: number, csvBytes: number): Promise<{ figures: ImportFigures; check: CsvCheck; partRows: number[] }> {
  const watch = rssWatch();
  try {
    let t0 = performance.now();
    const check = await checkCsv(file);
    const checkSeconds = (performance.now() - t0) / 1000;
    if (!check.ok) throw new Error(`the generated file has problems: ${JSON.stringify(check.problems.slice(0, 3))}`);
    t0 = performance.now();
    let parts = 0;
    let zipBytes = 0;
    const partRows: number[] = [];
    for await (const part of splitCsv(file, { tempDir: dir })) {
      parts++;
      zipBytes += part.zipBytes;
      partRows.push(part.rows);
      watch.sample();
    }
    const splitSeconds = (performance.now() - t0) / 1000;
    const sum = partRows.reduce((a, b) => a + b, 0);
    if (sum !== rows) throw new Error(`the parts hold ${sum} rows, not ${rows}`);
    const rss = watch.stop();
    const figures: ImportFigures = {
      rows,
      csvBytes,
      parts,
      zipBytes,
      checkSeconds: round(checkSeconds, 2),
      checkMbPerSec: round(csvBytes / MB / checkSeconds),
      splitSeconds: round(splitSeconds, 2),
      splitMbPerSec: round(csvBytes / MB / splitSeconds),
      baselineRssMb: rss.baselineMb,
      peakRssGrowthMb: rss.peakGrowthMb,
    };
    return { figures, check, partRows };
  } finally {
    watch.stop();
  }
}

export async function benchImport(rows = 1_000_000): Promise<ImportFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-bench-import-'));
  try {
    const file = path.join(dir, 'leads.csv');
    const csvBytes = await generateCsv(file, rows);
    return (await measureSplit(file, dir, rows, csvBytes)).figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const f = await benchImport(rows);
  console.log(`import planning: ${f.rows.toLocaleString('en-US')} rows, ${round(f.csvBytes / MB)} MB of CSV`);
  console.log(`  check pass           ${f.checkMbPerSec} MB/s (${f.checkSeconds} s)`);
  console.log(`  split + zip          ${f.splitMbPerSec} MB/s (${f.splitSeconds} s) → ${f.parts} parts, ${round(f.zipBytes / MB)} MB zipped`);
  console.log(`  peak RSS growth      ${f.peakRssGrowthMb} MB over ${f.baselineRssMb} MB (target < 64 MB)`);
  console.log(`@@IMPORT ${JSON.stringify(f)}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
