// Bulk write step 1 (reference §1.2): POST the zip as multipart/form-data, one part named
// `file`, to the data centre's upload host with `feature: bulk-write` and `X-CRM-ORG: <zgid>`.
// The zip is streamed from `open()`; with `size` the Content-Length is exact. Not idempotent:
// sent again only if it certainly never left (sender.ts).
import { refineError } from './createErrors';
import { ZohoError } from './errors';
import { multipartBody } from './multipart';
import type { BodyChunks } from './postRequest';
import type { ZohoSender } from './sender';
import { uploadUrlFor } from './uploadHost';

/** Zoho's limit for one bulk-write zip (FILE_TOO_LARGE above it). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export interface UploadRequest {
  /** the org's zgid (GET /crm/v8/org) */
  zgid: string;
  /** the zip's name as Zoho sees it, e.g. "contacts-part1.zip" */
  fileName: string;
  /** opens the zip's bytes afresh (a file read stream, an async iterable); called once per attempt */
  open: () => BodyChunks;
  /** the zip's size in bytes, when known: sent as Content-Length, and over 25 MB refused before sending */
  size?: number;
  signal?: AbortSignal;
  /** API version in the upload path (default v8) */
  version?: string;
}

export interface UploadResult {
  fileId: string;
  createdTime?: string;
}

const ctx = { kind: 'write' as const };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const idText = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined);

function invalidRequest(detail: string): ZohoError {
  return new ZohoError({ code: 'INVALID_JOB_REQUEST', kind: 'write', detail, action: 'upload the file to Zoho' });
}

export async function uploadFile(sender: ZohoSender, req: UploadRequest): Promise<UploadResult> {
  if (typeof req.zgid !== 'string' || !/^[0-9A-Za-z_-]{1,40}$/.test(req.zgid)) throw invalidRequest('the organisation id (zgid) is missing or malformed');
  if (typeof req.open !== 'function') throw invalidRequest('there is no file to upload');
  if (req.size !== undefined && (!Number.isSafeInteger(req.size) || req.size < 0)) throw invalidRequest('the file size is not a number of bytes');
  if (req.size !== undefined && req.size > MAX_UPLOAD_BYTES) {
    throw new ZohoError({ code: 'FILE_TOO_LARGE', kind: 'write', action: 'upload the file to Zoho' });
  }
  const target = uploadUrlFor(sender.apiBase(), req.version);
  if (!target.ok) throw new ZohoError({ code: 'UNTRUSTED_HOST', kind: 'write', detail: target.reason });
  const body = multipartBody({ field: 'file', fileName: req.fileName, contentType: 'application/zip', open: req.open, size: req.size });
  let answer;
  try {
    answer = await sender.send(
      {
        target: target.url,
        contentType: body.contentType,
        contentLength: body.contentLength,
        body: body.open,
        headers: { feature: 'bulk-write', 'X-CRM-ORG': req.zgid },
        signal: req.signal,
      },
      ctx,
    );
  } catch (e) {
    throw refineError(e, 'upload');
  }
  const b = answer.body;
  const details = isObj(b) ? b.details : undefined;
  const fileId = isObj(details) ? idText(details.file_id) : undefined;
  if (!isObj(b) || b.status !== 'success' || fileId === undefined || !/^[0-9A-Za-z_-]{1,64}$/.test(fileId)) {
    throw new ZohoError({ code: 'INVALID_RESPONSE', httpStatus: answer.status, kind: 'write', detail: 'the upload answer has no file id' });
  }
  const createdTime = isObj(details) && typeof details.created_time === 'string' ? details.created_time : undefined;
  return createdTime ? { fileId, createdTime } : { fileId };
}
