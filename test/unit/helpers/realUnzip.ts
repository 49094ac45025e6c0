// Reads a zip with a REAL, independent unzip: Info-ZIP's `unzip` when installed, else Python's
// zipfile (both test every entry's CRC), else our own extractor. Returns the entry names and texts.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipToFolder } from '../../../src/jobs/results/unzip';

const has = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export const UNZIP_TOOL: 'unzip' | 'python3' | 'own' = has('unzip', ['-v']) ? 'unzip' : has('python3', ['--version']) ? 'python3' : 'own';

const PY = `
import sys, zipfile, json
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
if bad: raise SystemExit('bad entry ' + bad)
print(json.dumps([[i.filename, z.read(i).decode('utf-8')] for i in z.infolist()]))
`;

/** Tests the archive and returns its entries; throws when the tool finds it broken. */
export async function readZip(zipPath: string): Promise<{ name: string; text: string }[]> {
  if (UNZIP_TOOL === 'unzip') {
    const test = execFileSync('unzip', ['-t', zipPath]).toString();
    if (!/No errors detected/.test(test)) throw new Error(test);
    const names = execFileSync('unzip', ['-Z1', zipPath]).toString().split('\n').filter((n) => n !== '');
    return names.map((name) => ({ name, text: execFileSync('unzip', ['-p', zipPath, name], { maxBuffer: 1 << 30 }).toString('utf8') }));
  }
  if (UNZIP_TOOL === 'python3') {
    const out = execFileSync('python3', ['-c', PY, zipPath], { maxBuffer: 1 << 30 }).toString();
    return (JSON.parse(out) as [string, string][]).map(([name, text]) => ({ name, text }));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-unzip-'));
  try {
    const files = await unzipToFolder(zipPath, dir);
    return files.map((f) => ({ name: f.name, text: fs.readFileSync(f.path, 'utf8') }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
