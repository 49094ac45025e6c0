// Writes one part of an import as a single-CSV zip file, streaming: bytes go through a native
// raw deflater (node:zlib, off the main thread, ~2.5x fflate's JS deflate) into fflate's Zip
// container (local header, data descriptor, central directory) and on to a temp file, with
// back-pressure at every step, so memory stays flat.
//
// The zip size budget: compressed size is only known after compressing, so the writer keeps a
// rigorous upper bound on the final size: the exact output at the last sync flush, plus the
// worst case for everything written since (deflate never stores a block bigger than the bytes
// plus a few header bytes), plus the zip trailer. Flushes only happen when that bound nears the
// budget (`settle()`), so typical parts (25,000 rows of a few MB) are never flushed at all.
import * as fs from 'node:fs';
import { once } from 'node:events';
import * as zlib from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';
import { crc32 } from '../results/crc32';

/**
 * Worst-case deflate output for n bytes. zlib stores a block raw when that is smaller than coding it,
 * and a block holds at least ~16 K input bytes (its symbol buffer) unless a flush or the end cuts it.
 */
const deflateBound = (n: number): number => n + 5 * Math.ceil(n / 16_000) + 16;

export class ZipPartWriter {
  /** uncompressed bytes written */
  inBytes = 0;
  private outCounted = 0;
  private flushedIn = 0;
  private flushedOut = 0;
  private crc = 0;
  private readonly deflate: zlib.DeflateRaw;
  private readonly file: fs.WriteStream;
  private readonly entry: ZipInputFile;
  private readonly zip: Zip;
  private failure: Error | undefined;
  private zipBytes = 0;
  private readonly trailer: number;

  constructor(
    readonly path: string,
    entryName: string,
    level = 6,
  ) {
    // local header (30) + data descriptor (16) + central record (46) + end record (22) + the name twice
    this.trailer = 30 + 16 + 46 + 22 + 2 * Buffer.byteLength(entryName) + 64;
    this.file = fs.createWriteStream(path, { highWaterMark: 256 * 1024 });
    this.file.on('error', (e) => this.fail(e));
    this.zip = new Zip((err, data, final) => {
      if (err) return this.fail(err);
      this.zipBytes += data.length;
      if (data.length > 0 && !this.file.write(data)) this.deflate.pause();
      if (final) this.file.end();
    });
    this.file.on('drain', () => this.deflate.resume());
    this.entry = { filename: entryName, size: 0, crc: 0, compression: 8, mtime: new Date() };
    this.zip.add(this.entry);
    // a 1 MiB write buffer lets the deflater (in the thread pool) work while the next chunk is scanned
    this.deflate = zlib.createDeflateRaw({ level, chunkSize: 64 * 1024, writableHighWaterMark: 1024 * 1024 } as zlib.ZlibOptions);
    this.deflate.on('data', (chunk: Buffer) => {
      this.outCounted += chunk.length;
      this.entry.ondata!(null, chunk as Uint8Array<ArrayBuffer>, false);
    });
    this.deflate.on('error', (e) => this.fail(e));
  }

  /** An upper bound on the finished zip's size if `extra` more bytes were written. */
  boundWith(extra: number): number {
    return this.flushedOut + deflateBound(this.inBytes - this.flushedIn + extra) + this.trailer;
  }

  /** True when the bound is not exact (bytes were written since the last flush): `settle()` can tighten it. */
  get unsettled(): boolean {
    return this.inBytes > this.flushedIn;
  }

  async write(data: Uint8Array): Promise<void> {
    this.check();
    if (data.length === 0) return;
    this.inBytes += data.length;
    this.crc = crc32(data, this.crc);
    if (!this.deflate.write(data)) await once(this.deflate, 'drain');
    this.check();
  }

  /** Sync-flushes the deflater so the compressed size so far is known exactly (costs ~5 bytes). */
  async settle(): Promise<void> {
    this.check();
    await new Promise<void>((resolve) => this.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    this.check();
    this.flushedIn = this.inBytes;
    // output produced but not yet handed to the 'data' listener (paused by back-pressure) counts too
    this.flushedOut = this.outCounted + this.deflate.readableLength;
  }

  /** Completes the zip file; resolves to its size in bytes. */
  async finish(): Promise<number> {
    this.check();
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    this.check();
    this.entry.size = this.inBytes;
    this.entry.crc = this.crc;
    const closed = once(this.file, 'close');
    this.entry.ondata!(null, new Uint8Array(0), true);
    this.zip.end();
    await closed;
    this.check();
    return this.zipBytes;
  }

  /** Stops writing and removes the file. */
  async discard(): Promise<void> {
    this.deflate.destroy();
    const closed = this.file.closed ? Promise.resolve() : once(this.file, 'close').catch(() => undefined);
    this.file.destroy();
    await closed;
    await fs.promises.rm(this.path, { force: true });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    if (!this.deflate.destroyed) this.deflate.destroy(e); // rejects a write waiting for 'drain'
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
