// Extracts a downloaded result zip into a folder, streaming: constant memory for any size.
//
// The archive is on disk, so it is read the robust way: the central directory first (names,
// sizes, CRCs, offsets), every name checked before anything is written (zip-slip, absolute
// paths, backslashes, device names, duplicates), then each entry streamed from its offset through
// an inflater into `<name>.part`, its size and CRC-32 verified, and renamed once every entry
// is good (inflating with node:zlib). A purely sequential reader (fflate's Unzip) has to find
// the end of an entry with a data descriptor (sizes unknown up front: what Java's
// ZipOutputStream, and so probably Zoho, writes) by scanning for the signature PK\x07\x08,
// which can occur inside compressed data: fflate 0.8 then silently cuts a valid entry short. It
// does not check CRCs either. Failures are ZohoError CORRUPT_RESULT (or SAVE_FAILED / ABORTED),
// and leave no partial files behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { ZohoError } from '../../zoho/errors';
import type { ErrorContext } from '../../zoho/errors';
import { FileSink, SaveError } from '../../zoho/fileSink';
import { saveFailedError as saveFailed } from '../../zoho/resultDownload';
import { crc32 } from './crc32';
import { Corrupt, corrupt, LOCAL_SIG, readAt, readDirectory } from './zipDirectory';

export interface UnzipOptions {
  /** for error messages: which job the result belongs to */
  ctx?: ErrorContext;
  signal?: AbortSignal;
  /** refuse archives that would inflate to more than this many bytes in all (default 16 GiB) */
  maxTotalBytes?: number;
  /** refuse archives with more entries than this (default 10 000) */
  maxEntries?: number;
  onProgress?: (p: { entry: string; writtenBytes: number; totalBytes: number }) => void;
}

export interface UnzippedFile {
  /** the entry name in the zip, e.g. "Leads-leads_import.csv" */
  name: string;
  /** absolute path of the extracted file */
  path: string;
  bytes: number;
}

const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why an entry name is unsafe to write, or undefined when it is fine. */
export function unsafeEntryName(name: string): string | undefined {
  if (name === '') return 'an entry has no name';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'an entry name contains control characters';
  if (name.includes('\\')) return `the entry "${name}" uses backslashes`;
  if (name.startsWith('/') || /^[a-z]:/i.test(name)) return `the entry "${name}" is an absolute path`;
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return `the entry "${name}" would be written outside the folder`;
  if (segments.some((s) => s === '' || s === '.')) return `the entry "${name}" has an empty path segment`;
  if (segments.some((s) => /[<>:"|?*]/.test(s) || /[. ]$/.test(s) || DEVICE.test(s))) return `the entry "${name}" is not a valid file name`;
  return undefined;
}

/** Streams inflated bytes through: counts them, keeps the CRC, stops at the declared size. */
class Check extends Transform {
  crc = 0;
  bytes = 0;
  constructor(
    private readonly limit: number,
    private readonly signal: AbortSignal | undefined,
    private readonly onBytes: (n: number) => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.signal?.aborted) return cb(new AbortedError());
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return cb(new Corrupt('an entry inflates to more than its declared size'));
    this.crc = crc32(chunk, this.crc);
    this.onBytes(this.bytes);
    cb(null, chunk);
  }
}

class AbortedError extends Error {}

/**
 * Extracts every file of `zipPath` into `targetDir` (created if needed) and returns them in
 * archive order. Throws ZohoError CORRUPT_RESULT (not a zip, cut off, empty, unsafe names, bad
 * CRC, …), SAVE_FAILED (disk) or ABORTED; nothing is left behind on failure.
 */
export async function unzipToFolder(zipPath: string, targetDir: string, options: UnzipOptions = {}): Promise<UnzippedFile[]> {
  const ctx = options.ctx ?? { kind: 'write' };
  const { signal } = options;
  const maxTotal = options.maxTotalBytes ?? 16 * 1024 ** 3;
  const root = path.resolve(targetDir);
  const written: string[] = [];
  let createdDir: string | undefined;
  let fd: fs.promises.FileHandle | undefined;
  try {
    if (signal?.aborted) throw new AbortedError();
    fd = await fs.promises.open(zipPath, 'r');
    const { size: fileSize } = await fd.stat();
    const entries = await readDirectory(fd, fileSize, options.maxEntries ?? 10_000);
    const files = entries.filter((e) => !(e.name.endsWith('/') && e.size === 0));
    if (files.length === 0) corrupt('the archive holds no files');
    const seen = new Set<string>();
    let total = 0;
    for (const e of files) {
      const unsafe = unsafeEntryName(e.name);
      if (unsafe) corrupt(unsafe);
      const key = e.name.toLowerCase();
      if (seen.has(key)) corrupt(`the entry "${e.name}" appears twice`);
      seen.add(key);
      if (e.flags & 0x1) corrupt(`the entry "${e.name}" is encrypted`);
      if (e.method !== 0 && e.method !== 8) corrupt(`the entry "${e.name}" uses compression method ${e.method}, which is not supported`);
      if (e.method === 0 && e.compressedSize !== e.size) corrupt(`the entry "${e.name}" has inconsistent sizes`);
      total += e.size;
      if (total > maxTotal) corrupt(`the archive would inflate to more than ${Math.round(maxTotal / 1024 ** 2)} MB`);
    }
    try {
      createdDir = await fs.promises.mkdir(root, { recursive: true });
    } catch (e) {
      throw saveFailed(e, ctx, root);
    }
    const out: UnzippedFile[] = [];
    for (const e of files) {
      const dest = path.resolve(root, ...e.name.split('/'));
      const rel = path.relative(root, dest);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) corrupt(`the entry "${e.name}" would be written outside the folder`);
      const header = await readAt(fd, e.localOffset, 30);
      if (header.readUInt32LE(0) !== LOCAL_SIG) corrupt(`the entry "${e.name}" is damaged`);
      const dataStart = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (dataStart + e.compressedSize > fileSize) corrupt(`the entry "${e.name}" is cut off`);
      try {
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      } catch (err) {
        throw saveFailed(err, ctx, dest);
      }
      const part = `${dest}.part`;
      written.push(part);
      const check = new Check(e.size, signal, (n) => options.onProgress?.({ entry: e.name, writtenBytes: n, totalBytes: e.size }));
      const source =
        e.compressedSize === 0
          ? Readable.from([])
          : fs.createReadStream(zipPath, { start: dataStart, end: dataStart + e.compressedSize - 1, highWaterMark: 64 * 1024 });
      let sink: FileSink;
      try {
        sink = await FileSink.open(part);
      } catch (err) {
        source.destroy();
        throw saveFailed(err instanceof SaveError ? err.reason : err, ctx, dest);
      }
      try {
        if (e.method === 8 && e.compressedSize > 0) await pipeline(source, zlib.createInflateRaw({ chunkSize: 64 * 1024 }), check, sink);
        else await pipeline(source, check, sink);
      } catch (err) {
        if (err instanceof SaveError) throw saveFailed(err.reason, ctx, dest);
        if (err instanceof Corrupt || err instanceof AbortedError) throw err;
        const zcode = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
        if (zcode.startsWith('Z_') || /unexpected end/i.test(err instanceof Error ? err.message : '')) {
          corrupt(`the entry "${e.name}" could not be decompressed`);
        }
        throw saveFailed(err, ctx, dest);
      } finally {
        await sink.closeFile();
      }
      if (check.bytes !== e.size) corrupt(`the entry "${e.name}" has ${check.bytes} bytes instead of ${e.size}`);
      if (check.crc !== e.crc) corrupt(`the entry "${e.name}" fails its checksum`);
      out.push({ name: e.name, path: dest, bytes: check.bytes });
    }
    for (const f of out) {
      try {
        await fs.promises.rename(`${f.path}.part`, f.path);
      } catch (err) {
        throw saveFailed(err, ctx, f.path);
      }
    }
    written.length = 0;
    return out;
  } catch (e) {
    await Promise.allSettled(written.map((f) => fs.promises.rm(f, { force: true })));
    if (createdDir !== undefined) await fs.promises.rm(createdDir, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof AbortedError || signal?.aborted) throw new ZohoError({ code: 'ABORTED', kind: ctx.kind, jobId: ctx.jobId });
    if (e instanceof Corrupt) throw new ZohoError({ code: 'CORRUPT_RESULT', kind: ctx.kind, jobId: ctx.jobId, detail: e.message });
    if (e instanceof ZohoError) throw e;
    const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
    if (code === 'ENOENT' && fd === undefined) {
      throw new ZohoError({ code: 'CORRUPT_RESULT', kind: ctx.kind, jobId: ctx.jobId, detail: 'the downloaded file is missing', cause: e });
    }
    throw saveFailed(e, ctx, root);
  } finally {
    await fd?.close().catch(() => undefined);
  }
}
