// The import section of `npm run bench`: bench/importUpload.ts run as a --expose-gc child (its
// RSS is then the import's alone), its table lines with targets, and `--only import`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ImportUploadFigures } from './importUpload';
import { check, table, type Line } from './table';

export type ImportResult = ImportUploadFigures | { error: string };

const ROOT = path.resolve(__dirname, '..');
const TAG = '@@IMPORT_UPLOAD ';
/** rows per part (Zoho's bulk write limit), so the parts a file makes are known beforehand */
const PART_ROWS = 25_000;

export function measureImportInChild(rows: number, log: (s: string) => void): ImportResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('bench', 'importUpload.ts'), String(rows)], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024,
  });
  for (const l of r.stderr.split('\n').filter((x) => x.startsWith('  '))) log(l);
  const line = r.stdout.split('\n').find((l) => l.startsWith(TAG));
  if (r.status === 0 && line) return JSON.parse(line.slice(TAG.length)) as ImportUploadFigures;
  const why = r.stderr.split('\n').find((l) => /import check failed|Error/.test(l)) ?? r.stderr.slice(-300);
  return { error: `import child failed (${r.status ?? r.error?.message}): ${why.trim()}` };
}

export function importLines(f: ImportResult, rows: number): Line[] {
  const head: Line = { figure: `#import: ${rows.toLocaleString('en-US')}-row CSV → planImport + runImport (split, zip, upload, create, track) → simulator in another process`, value: '', target: '', verdict: '' };
  if ('error' in f) return [head, { figure: '  failed', value: f.error.slice(0, 120), target: '', verdict: 'MISS' }];
  const parts = Math.ceil(rows / PART_ROWS);
  const atSim = f.rowsAtSim.reduce((a, b) => a + b, 0);
  return [head,
    { figure: '  CSV size | zipped parts', value: `${(f.csvBytes / 1048576).toFixed(1)} | ${(f.zipBytes / 1048576).toFixed(1)} MB`, target: '', verdict: '' },
    { figure: '  parts made | jobs created', value: `${f.parts} | ${f.jobs}`, target: `= ${parts}`, verdict: check(f.parts === parts && f.jobs === parts) },
    { figure: '  rows the simulator counted (all jobs)', value: atSim.toLocaleString('en-US'), target: `= ${rows.toLocaleString('en-US')}`, verdict: check(atSim === rows) },
    { figure: '  throughput: split + zip + upload (+ create, track), CSV MB / wall s', value: `${f.mbPerSec} MB/s`, target: '(report)', verdict: '' },
    { figure: '  peak RSS growth over baseline (check + import)', value: `${f.peakRssGrowthMb} MB`, target: '< 64 MB', verdict: check(f.peakRssGrowthMb < 64) },
    { figure: '  diag: wall s | in upload | in create | in track', value: `${f.seconds} | ${f.uploadSeconds} | ${f.createSeconds} | ${f.trackSeconds}`, target: '', verdict: '' },
    { figure: '  diag: throughput less create + track waits', value: `${f.mbPerSecWithoutCreateWaits} MB/s`, target: '', verdict: '' },
    { figure: '  diag: split + zip alone | check pass alone', value: `${f.splitMbPerSec} | ${f.checkMbPerSec} MB/s`, target: '', verdict: '' },
    { figure: '  diag: simulator RSS before | peak', value: f.simPeakRssMb === null ? 'n/a' : `${f.simRssBeforeMb} | ${f.simPeakRssMb} MB`, target: '', verdict: '' },
  ];
}

/** --only import: the import figures alone, printed and written beside the build (bench/results.json keeps the last full run). */
export function importOnly(opts: { rows: number; outDir: string; quick: boolean; started: number; log: (s: string) => void }): void {
  opts.log(`import of a ${opts.rows.toLocaleString('en-US')}-row CSV (simulator in another process)…`);
  const f = measureImportInChild(opts.rows, opts.log);
  const lines = importLines(f, opts.rows);
  const out = path.join(opts.outDir, 'results.import.json');
  const durationS = Math.round((Date.now() - opts.started) / 1000);
  fs.mkdirSync(opts.outDir, { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), import: f, quick: opts.quick, durationS }, null, 1)}\n`);
  console.log(`\nZoho Bulk Jobs benchmark, import only — node ${process.version}, ${os.cpus().length} CPUs, took ${durationS} s`);
  console.log(table(lines));
  const misses = lines.filter((l) => l.verdict === 'MISS').length;
  console.log(`\n${misses ? `${misses} target(s) missed` : 'all targets met'}. Written: ${path.relative(ROOT, out)}`);
  if ('error' in f) process.exitCode = 1;
}
