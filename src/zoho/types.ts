// Typed shapes of the Zoho bulk API responses this extension reads, after validation
// (see parse.ts). Ids are always strings: 18–19-digit ids exceed Number.MAX_SAFE_INTEGER.

export type JobKind = 'write' | 'read';

/** The one normalised status vocabulary; raw strings are mapped in status.ts. */
export type JobStatus = 'added' | 'queued' | 'in-progress' | 'completed' | 'failed' | 'skipped' | 'unknown';

export interface NormalisedStatus {
  status: JobStatus;
  /** The exact string Zoho sent (e.g. "INPROGRESS", "IN PROGRESS", "FAILURE"). */
  raw: string;
}

export interface FieldMapping {
  apiName: string;
  index?: number;
  format?: string;
  findBy?: string;
  module?: string;
  /** default_value.value (or name) rendered as text, when set */
  defaultValue?: string;
}

export interface ResourceFile {
  status?: NormalisedStatus;
  name?: string;
  addedCount?: number;
  updatedCount?: number;
  skippedCount?: number;
  totalCount?: number;
}

export interface WriteResource {
  /** Module API name: a plain string in v2, `{api_name,id}` from v2.1 on; always the name here. */
  module: string;
  moduleId?: string;
  type?: string;
  status: NormalisedStatus;
  code?: string;
  fileId?: string;
  fieldMappings: FieldMapping[];
  file?: ResourceFile;
}

export interface CreatedBy { id?: string; name?: string }

export interface BulkWriteJob {
  kind: 'write';
  id: string;
  status: NormalisedStatus;
  operation?: string;
  createdBy?: CreatedBy;
  createdTime?: string;
  characterEncoding?: string;
  ignoreEmpty?: boolean;
  resources: WriteResource[];
  /** result.download_url once the job has finished (absolute or relative). */
  downloadUrl?: string;
}

export interface BulkReadResult {
  page?: number;
  perPage?: number;
  count?: number;
  downloadUrl?: string;
  moreRecords?: boolean;
  nextPageToken?: string;
  errorMessage?: { code?: string; message?: string };
}

export interface BulkReadJob {
  kind: 'read';
  id: string;
  status: NormalisedStatus;
  operation?: string;
  module?: string;
  fields?: string[];
  fileType?: string;
  createdBy?: CreatedBy;
  createdTime?: string;
  result?: BulkReadResult;
}

export type BulkJob = BulkWriteJob | BulkReadJob;

/** What a successful fetch gives back: the typed job and the response body as JSON text (ids exact). */
export interface JobFetch<J extends BulkJob = BulkJob> {
  job: J;
  /** The body text exactly as received (big numbers unrounded); prettyJson() formats it for display. */
  rawJson: string;
  /** The body parsed losslessly: big numbers are kept as strings. */
  raw: unknown;
  /** From the X-ACCESSTOKEN-RESET header when present (ISO-8601). */
  accessTokenReset?: string;
}
