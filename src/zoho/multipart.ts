// A multipart/form-data body with one file part, streamed: the part's head, the file's bytes as
// they are read, the closing boundary. With the file size known, the exact Content-Length.
import { randomBytes } from 'node:crypto';
import type { BodyChunks } from './postRequest';

export interface MultipartFile {
  /** the form field name (Zoho's upload takes `file`) */
  field: string;
  fileName: string;
  contentType: string;
  /** opens the file's bytes afresh (called once per attempt) */
  open: () => BodyChunks;
  /** bytes the file holds, when known */
  size?: number;
}

export interface MultipartBody {
  contentType: string;
  contentLength?: number;
  open: () => AsyncIterable<Uint8Array>;
}

/** A file name safe inside the quoted Content-Disposition parameter: printable ASCII without quotes or backslashes. */
export function safePartName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/[^\x20-\x7e]|["\\]/g, '_').trim();
  return base === '' ? 'upload.zip' : base.slice(0, 200);
}

export function multipartBody(file: MultipartFile): MultipartBody {
  const boundary = `----ZohoBulkJobs${randomBytes(16).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${safePartName(file.fileName)}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const known = typeof file.size === 'number' && Number.isSafeInteger(file.size) && file.size >= 0;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: known ? head.length + (file.size as number) + tail.length : undefined,
    open: () => parts(head, file.open(), tail, known ? file.size : undefined),
  };
}

async function* parts(head: Buffer, source: BodyChunks, tail: Buffer, size: number | undefined): AsyncIterable<Uint8Array> {
  yield head;
  let seen = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    seen += bytes.length;
    yield bytes;
  }
  // a Content-Length that no longer matches would leave the server waiting or cut the body
  if (size !== undefined && seen !== size) throw new Error(`the file changed while it was uploaded (${seen} bytes instead of ${size})`);
  yield tail;
}
