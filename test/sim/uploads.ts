// POST /crm/{v}/upload (reference §1.2), on the simulator's own port: multipart/form-data with one
// part named `file`, a zip holding exactly one CSV; headers `feature: bulk-write` and `X-CRM-ORG`
// = the org's zgid. Answers like Zoho: FILE_UPLOAD_SUCCESS with a file_id; NOT_SUPPORTED_FEATURE and
// INVALID_FILE_FORMAT with HTTP 200 (as Zoho's Postman captures show), the upper-case
// {ERROR_CODE, x-error} shape for a wrong X-CRM-ORG, FILE_TOO_LARGE 413 above 25 MB,
// FILE_NOT_SUPPORTED when the zip does not hold one CSV. Uploaded zips are kept (compressed) by
// file id for job creation; the oldest are forgotten beyond `MAX_FILES`.
import { unzipSync } from 'fflate';
import type { IncomingHttpHeaders } from 'node:http';
import { formatZohoTime } from './bodies';
import { toJsonText } from './jsonText';
import { ORG_ZGID } from './org';
import { HEADERS, type SimResponse } from './respond';

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const MAX_FILES = 200;

export interface UploadedFile {
  id: string;
  /** the CSV's name inside the zip */
  csvName: string;
  zip: Buffer;
  uploadedAt: number;
}

export class FileStore {
  private readonly files = new Map<string, UploadedFile>();
  private next = 4150868000005500001n;

  add(csvName: string, zip: Buffer, now: number): UploadedFile {
    const file = { id: String(this.next++), csvName, zip, uploadedAt: now };
    this.files.set(file.id, file);
    while (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value as string);
    return file;
  }

  get(id: string): UploadedFile | undefined {
    return this.files.get(id);
  }

  /** The CSV text of an uploaded file. */
  csvText(file: UploadedFile): string {
    const entries = unzipSync(file.zip);
    return Buffer.from(entries[file.csvName]).toString('utf8');
  }

  clear(): void {
    this.files.clear();
  }
}

const compact = (code: string, message: string, details: Record<string, unknown> = {}): string => JSON.stringify({ code, details, message, status: 'error' });
const answer = (status: number, body: string): SimResponse => ({ status, body, headers: HEADERS.gateway });

export const uploadErrors = {
  notSupportedFeature: (): SimResponse => answer(200, compact('NOT_SUPPORTED_FEATURE', 'Feature is not supported')),
  invalidFileFormat: (): SimResponse => answer(200, compact('INVALID_FILE_FORMAT', 'invalid file format. only zip format is supported')),
  fileTooLarge: (): SimResponse => answer(413, compact('FILE_TOO_LARGE', 'File size too large to process')),
  fileNotSupported: (): SimResponse => answer(400, compact('FILE_NOT_SUPPORTED', 'File not supported for bulk write')),
  badHeaders: (): SimResponse =>
    answer(400, JSON.stringify({ ERROR_CODE: 400, ERROR_MESSAGE: 'Bad Request', 'x-error': 'check if headers [feature, X-CRM-ORG] are present and valid' })),
};

interface Part {
  name?: string;
  fileName?: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (enough of RFC 7578 for one file part). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] | undefined {
  const m = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!m) return undefined;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    if (body.subarray(at, at + 2).toString() !== '\r\n') return undefined;
    const headEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headEnd < 0) return undefined;
    const head = body.subarray(at + 2, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) return undefined;
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
      fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      data: body.subarray(headEnd + 4, next),
    });
    at = next + 2;
  }
}

export interface UploadRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** the body was larger than the simulator reads */
  tooLarge: boolean;
}

export function handleUpload(req: UploadRequest, files: FileStore, now: number): SimResponse {
  const feature = req.headers.feature;
  if (typeof feature !== 'string' || feature.trim().toLowerCase() !== 'bulk-write') return uploadErrors.notSupportedFeature();
  if (req.headers['x-crm-org'] !== ORG_ZGID) return uploadErrors.badHeaders();
  if (req.tooLarge) return uploadErrors.fileTooLarge();
  const parts = parseMultipart(req.body, req.headers['content-type']);
  const file = parts?.find((p) => p.name === 'file');
  if (!file) return uploadErrors.invalidFileFormat();
  if (file.data.length > MAX_UPLOAD_BYTES) return uploadErrors.fileTooLarge();
  let names: string[];
  try {
    names = listEntries(file.data);
  } catch {
    return uploadErrors.invalidFileFormat();
  }
  const csvs = names.filter((n) => !n.endsWith('/'));
  if (csvs.length !== 1 || !/\.csv$/i.test(csvs[0])) return uploadErrors.fileNotSupported();
  const stored = files.add(csvs[0], Buffer.from(file.data), now);
  return {
    status: 200,
    body: toJsonText({ status: 'success', code: 'FILE_UPLOAD_SUCCESS', message: 'file uploaded.', details: { file_id: stored.id, created_time: formatZohoTime(now) } }),
    headers: HEADERS.gateway,
  };
}

/** Entry names of a zip (unzipped for real, so a damaged archive fails here). */
function listEntries(zip: Buffer): string[] {
  return Object.keys(unzipSync(new Uint8Array(zip)));
}
