// A Writable over a FileHandle whose own failures (disk full, permissions) arrive wrapped in
// SaveError, so a pipeline's rejection says whether the disk or the source failed. close() is
// awaited before a partial file is removed (Windows cannot delete an open file).
import * as fs from 'node:fs';
import { Writable } from 'node:stream';

export class SaveError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'SaveError';
  }
}

export class FileSink extends Writable {
  private closed_ = false;

  private constructor(private readonly fh: fs.promises.FileHandle) {
    super({ highWaterMark: 1 << 20 });
  }

  /** Creates (or truncates) `file`; a failure is a SaveError. */
  static async open(file: string): Promise<FileSink> {
    try {
      return new FileSink(await fs.promises.open(file, 'w'));
    } catch (e) {
      throw new SaveError(e);
    }
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.writeAll(chunk).then(
      () => cb(),
      (e: unknown) => cb(new SaveError(e)),
    );
  }

  private async writeAll(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.fh.write(chunk, offset, chunk.length - offset);
      if (bytesWritten <= 0) throw new Error('nothing was written');
      offset += bytesWritten;
    }
  }

  /** Closes the file (once); never throws. */
  async closeFile(): Promise<void> {
    if (this.closed_) return;
    this.closed_ = true;
    await this.fh.close().catch(() => undefined);
  }
}
