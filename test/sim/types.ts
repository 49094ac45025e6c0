// Public types of the Zoho bulk-API simulator (a fake Zoho for tests and demos; it does not
// import anything from src/). Bodies it serves are Zoho's snake_case JSON, not src/zoho/types.ts.

import type { SimOAuthClient, SimOAuthControl } from './oauth';

export type InProgressSpelling = 'IN PROGRESS' | 'INPROGRESS';

export interface SimOptions {
  /** 0 (default) = pick a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** the access token accepted as `Authorization: Zoho-oauthtoken <token>`; default 'sim-token' */
  token?: string;
  /** default true: seed the realistic job mix (the captured seed job is always present) */
  seed?: boolean;
  /** added to every API response (not to /__sim control calls) */
  latencyMs?: number;
  /** simulator clock speed: simulated ms per real ms (default 1; 0 freezes it so only advance() moves it) */
  timeScale?: number;
  /** lifetime of OAuth-issued access tokens in seconds (default 3600), on the simulator clock (advance() moves it) */
  accessTokenLifetimeSec?: number;
  /** the registered self client; default { clientId: '1000.SIMCLIENT', clientSecret: 'sim-client-secret' } */
  oauthClient?: SimOAuthClient;
  /** token answers name this data centre's real API domain ('EU', …) instead of the simulator's URL (such tests must not call the API) */
  oauthDataCenter?: 'US' | 'EU' | 'IN' | 'AU' | 'JP' | 'CA' | 'SA' | 'CN';
  /** token answers name exactly this api_domain (wins over oauthDataCenter); for hostile-answer tests */
  oauthApiDomain?: string;
  /** result downloads served per window before 429 + Retry-After (default 10, Zoho's limit; Infinity = none) */
  downloadsPerMinute?: number;
  /** the throttle window in real ms (default 60 000) */
  downloadWindowMs?: number;
  /** pace result-download bodies to about this many bytes per second (default: unpaced) */
  downloadBytesPerSecond?: number;
  /** scopes of the static `token` (comma-separated; default every scope the extension uses) */
  tokenScopes?: string;
  /** records a created bulk read job exports in all, per module (default 8 764), e.g. {Leads: 450000} */
  readRecordCounts?: Record<string, number>;
  /** records per bulk read page (default 200 000, Zoho's); small values make `more_records` cheap to test */
  readPerPage?: number;
  /** how created jobs progress on the simulator clock (default ADDED → IN PROGRESS at 2 s → COMPLETED at 10 s) */
  createdJobSchedule?: { inProgressAfterMs: number; doneAfterMs: number };
}

export interface RequestRecord {
  method: string;
  /** the request target as received (path plus any query string) */
  path: string;
  authorization?: string;
  /** real wall-clock time (Date.now()) when the request arrived */
  at: number;
}

export interface Schedule<O extends string> {
  /** simulated ms after creation when ADDED (or QUEUED) turns IN PROGRESS */
  inProgressAfterMs: number;
  /** simulated ms after creation when the job finishes */
  doneAfterMs: number;
  /** default COMPLETED */
  outcome?: O;
}

export interface CreatedBy { id: string; name: string }

/** One `resource[].field_mappings[]` entry, in Zoho's own keys. Unset keys are sent as null. */
export interface FieldMappingSpec {
  api_name: string;
  index: number;
  format?: string | null;
  find_by?: string | null;
  module?: string | null;
  default_value?: { value?: unknown; name?: string; module?: string } | null;
}

export interface WriteJobSpec {
  /** 19-digit id; generated when absent */
  id?: string;
  module: string;
  /** module id for the v2.1+ `{api_name, id}` shape; a made-up one is used when absent */
  moduleId?: string;
  operation: 'insert' | 'update' | 'upsert';
  /** rows in the CSV */
  total: number;
  /** final counters; defaults: insert → added = total − skipped, update → updated = total − skipped, upsert → split */
  added?: number;
  updated?: number;
  skipped?: number;
  fieldMappings?: FieldMappingSpec[];
  createdBy?: CreatedBy;
  /** no schedule = the job stays ADDED (or whatever setStatus forced) */
  schedule?: Schedule<'COMPLETED' | 'FAILED'>;
  /** how "in progress" is spelled for this job; default 'IN PROGRESS' (new jobs) */
  inProgressSpelling?: InProgressSpelling;
  /** the job was created this many simulated ms before it was added (default 0) */
  createdAgoMs?: number;
  /** `resource[].file_id`; omitted when absent */
  fileId?: string;
  /** emit file_id as a bare JSON number (digits unquoted, precision kept) */
  fileIdAsNumber?: boolean;
  /** CSV name shown in `resource[].file.name`; default `<module>.csv` */
  fileName?: string;
  callback?: { url: string; method: 'post' };
  ignoreEmpty?: boolean;
}

export interface ReadJobSpec {
  id?: string;
  module: string;
  moduleId?: string;
  fields?: string[];
  /** records exported once COMPLETED */
  count: number;
  createdBy?: CreatedBy;
  schedule?: Schedule<'COMPLETED' | 'FAILURE'> & { queuedFirst?: boolean };
  /** default 'IN PROGRESS' (the only spelling bulk read is documented with) */
  inProgressSpelling?: InProgressSpelling;
  createdAgoMs?: number;
}

export type FaultKind =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; /** seconds; omitted = no Retry-After header */ retryAfter?: number }
  | { kind: 'html502' }
  /** destroy the socket (TCP reset) without answering */
  | { kind: 'reset' }
  /** answer nothing; with ms, drop the connection after ms; without, hold it until the client gives up or close() */
  | { kind: 'stall'; ms?: number }
  /** 200 with the first half of the JSON body the request would otherwise get */
  | { kind: 'truncated' };

export type Fault = FaultKind & {
  /** only requests whose path names this job id */
  jobId?: string;
  /** default 1; Infinity = until cleared */
  times?: number;
};

export interface Simulator {
  /** e.g. http://127.0.0.1:38111 */
  url: string;
  port: number;
  token: string;
  /** stops listening and destroys open sockets (stalled ones too) */
  close(): Promise<void>;
  /** every API request received (not /__sim); cleared by reset() */
  requests: RequestRecord[];
  addWriteJob(spec: WriteJobSpec): string;
  addReadJob(spec: ReadJobSpec): string;
  /** force a raw status string ('COMPLETED', 'INPROGRESS', 'IN PROGRESS', 'FAILED', 'FAILURE', 'QUEUED', 'WEIRD', …) */
  setStatus(jobId: string, status: string): void;
  /** move the simulator's clock forward */
  advance(ms: number): void;
  injectFault(f: Fault): void;
  clearFaults(): void;
  /** back to the seeded state; faults and requests cleared, clock offset back to 0, OAuth codes and tokens forgotten */
  reset(): void;
  /** the accounts server: POST /oauth/v2/token, /oauth/v2/token/revoke (see oauth.ts) */
  oauth: SimOAuthControl;
  /** the job's result link answers 403 "Link not valid" from now on (JSON body like Zoho's, or plain text); reset() undoes it */
  expireLinks(jobId: string, style?: 'json' | 'text'): void;
  /** the org's zgid, which uploads must send as X-CRM-ORG */
  zgid: string;
  /** records a created bulk read job of this module exports from now on (reset() restores the options') */
  setReadRecordCount(module: string, count: number): void;
}
