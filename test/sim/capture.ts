// The five responses captured in Zoho's Postman collection ("Job Details", bulk write v2),
// loaded verbatim from capture/job-details.postman.json. The simulator serves these bodies
// byte for byte and reuses their header lists.
import postman from './capture/job-details.postman.json';

export type CaptureName =
  | 'SUCCESS RESPONSE'
  | 'INVALID_URL_PATTERN'
  | 'INVALID_REQUEST_METHOD'
  | 'AUTHENTICATION_FAILURE'
  | 'RESOURCE_NOT_FOUND';

export interface CapturedResponse {
  name: CaptureName;
  code: number;
  /** [name, value] in the captured order and letter case */
  headers: [string, string][];
  /** the body string exactly as stored in the capture */
  body: string;
}

function load(name: CaptureName): CapturedResponse {
  const r = postman.response.find((x) => x.name === name);
  if (!r) throw new Error(`capture has no response named ${name}`);
  return { name, code: r.code, headers: r.header.map((h) => [h.key, h.value] as [string, string]), body: r.body };
}

export const CAPTURED = {
  success: load('SUCCESS RESPONSE'),
  invalidUrlPattern: load('INVALID_URL_PATTERN'),
  invalidRequestMethod: load('INVALID_REQUEST_METHOD'),
  authenticationFailure: load('AUTHENTICATION_FAILURE'),
  resourceNotFound: load('RESOURCE_NOT_FOUND'),
} as const;

/** The job the capture describes. */
export const SEED_JOB_ID = '4150868000005392002';
/** Its module id in the same org (from Zoho's v7 docs sample for Leads in org 4150868). */
export const SEED_LEADS_MODULE_ID = '4150868000000002175';
/** Patricia Boyle, the capture's created_by. */
export const SEED_CREATED_BY = { id: '4150868000000225013', name: 'Patricia Boyle' };
/** The captured job's created_time, kept verbatim. */
export const SEED_CREATED_TIME = '2021-05-13T11:00:58+05:30';
