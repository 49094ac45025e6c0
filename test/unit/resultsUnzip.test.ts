// unzipToFolder on real zips: fflate-made archives with and without data descriptors, and every
// way a result file can be wrong (zip-slip names, empty, not a zip, cut off, bad CRC, bombs).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough, zipSync, type Zippable } from 'fflate';
import { unzipToFolder, unsafeEntryName } from '../../src/jobs/results/unzip';
import { ZohoError } from '../../src/zoho/errors';

/** A streamed zip as Zoho's Java servers write them: sizes and CRC in data descriptors after each entry. */
function streamedZip(files: Record<string, Buffer>, stored = false): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(files)) {
    const entry = stored ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    for (let i = 0; i < data.length; i += 7_000) entry.push(data.subarray(i, i + 7_000), i + 7_000 >= data.length);
    if (data.length === 0) entry.push(new Uint8Array(0), true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

const csv = (rows: number): Buffer => {
  let s = 'id,Last_Name,ERRORS\r\n';
  for (let i = 0; i < rows; i++) s += `${4150868000000000 + i},Name ${i},${i % 3 ? '' : 'DUPLICATE_DATA-Email'}\r\n`;
  return Buffer.from(s);
};

describe('results: unzip', () => {
  let dir: string;
  let n = 0;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-unzip-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const zipFile = (bytes: Uint8Array): string => {
    const p = path.join(dir, `z${++n}.zip`);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const target = (): string => path.join(dir, `out${++n}`);
  const corrupt = async (bytes: Uint8Array, why: RegExp, out = target()): Promise<void> => {
    await assert.rejects(unzipToFolder(zipFile(bytes), out, { ctx: { kind: 'read', jobId: '42' } }), (e: unknown) => {
      assert.ok(e instanceof ZohoError, String(e));
      assert.equal(e.code, 'CORRUPT_RESULT');
      assert.match(e.message, why);
      assert.match(e.message, /damaged or not a zip archive/);
      return true;
    });
    assert.equal(fs.existsSync(out), false, 'nothing left behind');
  };

  it('extracts a streamed (data-descriptor) zip with several entries, byte for byte', async () => {
    const files = { 'Leads-import.csv': csv(3000), 'Contacts-import.csv': csv(10), 'sub/Notes.csv': Buffer.from('') };
    const out = target();
    const got = await unzipToFolder(zipFile(streamedZip(files)), out);
    assert.deepEqual(got.map((f) => f.name), Object.keys(files));
    for (const f of got) {
      assert.equal(f.path, path.join(out, ...f.name.split('/')));
      assert.ok(fs.readFileSync(f.path).equals(files[f.name as keyof typeof files]), f.name);
      assert.equal(f.bytes, files[f.name as keyof typeof files].length);
    }
    assert.deepEqual(fs.readdirSync(out).sort(), ['Contacts-import.csv', 'Leads-import.csv', 'sub']);
  });

  it('extracts zipSync archives (sizes in the local header), stored and deflated, with a directory entry', async () => {
    const data: Zippable = { 'dir/': new Uint8Array(0), 'dir/a.csv': [csv(100), { level: 0 }], 'b.csv': csv(500) };
    const got = await unzipToFolder(zipFile(zipSync(data)), target());
    assert.deepEqual(got.map((f) => [f.name, f.bytes]), [['dir/a.csv', csv(100).length], ['b.csv', csv(500).length]]);
  });

  it('an entry whose data contains the data-descriptor signature PK\\x07\\x08 is extracted whole', async () => {
    // a sequential reader looking for the signature would cut this entry short
    const tricky = Buffer.from('id,name\r\n1,"PK\x07\x08 looks like a signature"\r\n2,tail\r\n', 'latin1');
    const got = await unzipToFolder(zipFile(streamedZip({ 't.csv': tricky }, true)), target());
    assert.ok(fs.readFileSync(got[0].path).equals(tricky));
  });

  it('overwrites an earlier extraction in the same folder', async () => {
    const out = target();
    await unzipToFolder(zipFile(streamedZip({ 'a.csv': csv(5) })), out);
    await unzipToFolder(zipFile(streamedZip({ 'a.csv': csv(7) })), out);
    assert.ok(fs.readFileSync(path.join(out, 'a.csv')).equals(csv(7)));
  });

  it('refuses zip-slip, absolute, backslash and device names before writing anything', async () => {
    for (const name of ['../evil.csv', 'a/../../evil.csv', '/etc/evil.csv', 'C:/evil.csv', 'c:evil.csv', 'a\\..\\evil.csv', 'ok/./x.csv', 'a//b.csv', 'CON.csv', 'x.csv.']) {
      const out = target();
      await corrupt(streamedZip({ 'fine.csv': csv(2), [name]: csv(2) }), /outside the folder|absolute path|backslashes|empty path segment|not a valid file name/, out);
    }
    assert.equal(unsafeEntryName('Leads-bulkwrite.csv'), undefined);
    assert.equal(unsafeEntryName('4150868000005392707.csv'), undefined);
    assert.match(unsafeEntryName('..') ?? '', /outside/);
    assert.match(unsafeEntryName('a\u0000b') ?? '', /control/);
  });

  it('refuses duplicate names (case-insensitively)', async () => {
    await corrupt(zipSync({ 'a.csv': csv(1), 'A.CSV': csv(2) }), /appears twice/);
  });

  it('refuses an empty archive, an empty file, and something that is not a zip', async () => {
    await corrupt(zipSync({}), /archive is empty/);
    await corrupt(zipSync({ 'only-a-dir/': new Uint8Array(0) }), /holds no files/);
    await corrupt(Buffer.alloc(0), /file is empty/);
    await corrupt(Buffer.from('{"code":"INTERNAL_ERROR","status":"error"}'), /not a zip archive/);
    await corrupt(Buffer.alloc(5000, 0x41), /not a zip archive/);
  });

  it('refuses a cut-off zip, a flipped byte (CRC), and a damaged deflate stream', async () => {
    const good = streamedZip({ 'a.csv': csv(2000) });
    await corrupt(good.subarray(0, Math.floor(good.length / 2)), /cut off/);
    await corrupt(good.subarray(0, good.length - 10), /table of contents|cut off|zip/);
    const stored = Buffer.from(zipSync({ 'a.csv': [csv(200), { level: 0 }] }));
    stored[100] ^= 0xff;
    await corrupt(stored, /checksum/);
    const deflated = Buffer.from(good);
    for (let i = 60; i < 400; i += 7) deflated[i] ^= 0x5a;
    await corrupt(deflated, /decompressed|checksum|bytes instead/);
  });

  it('refuses archives that would inflate beyond maxTotalBytes or hold too many entries', async () => {
    const big = zipFile(zipSync({ 'zeros.csv': new Uint8Array(5_000_000) }));
    await assert.rejects(unzipToFolder(big, target(), { maxTotalBytes: 1_000_000 }), /would inflate to more than 1 MB/);
    const many: Zippable = {};
    for (let i = 0; i < 20; i++) many[`f${i}.csv`] = csv(1);
    await assert.rejects(unzipToFolder(zipFile(zipSync(many)), target(), { maxEntries: 10 }), /20 entries/);
  });

  it('a missing zip is CORRUPT_RESULT; a file where the folder should be is SAVE_FAILED', async () => {
    await assert.rejects(unzipToFolder(path.join(dir, 'nope.zip'), target()), (e: unknown) => e instanceof ZohoError && e.code === 'CORRUPT_RESULT');
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'x');
    await assert.rejects(unzipToFolder(zipFile(streamedZip({ 'a.csv': csv(1) })), path.join(blocker, 'out')), (e: unknown) => {
      assert.ok(e instanceof ZohoError && e.code === 'SAVE_FAILED', String(e));
      return true;
    });
  });

  it('cancellation: ABORTED, and no partial files', async () => {
    const ac = new AbortController();
    const out = target();
    const p = unzipToFolder(zipFile(streamedZip({ 'a.csv': csv(40_000) })), out, {
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.writtenBytes > 64 * 1024) ac.abort();
      },
    });
    await assert.rejects(p, (e: unknown) => e instanceof ZohoError && e.code === 'ABORTED');
    assert.equal(fs.existsSync(out), false);
  });
});
