// The shape of a plain-words error message and what it is built from; shared by errorMessages.ts
// and oauthErrors.ts, which both import it from here (so neither imports the other's types).
import type { JobKind } from './types';

export interface MessageContext {
  code: string;
  kind?: JobKind;
  jobId?: string;
  httpStatus?: number;
  zohoMessage?: string;
  retryAfterMs?: number;
  timeoutMs?: number;
  /** free detail for transport/shape faults: "the connection was reset", a host name, … */
  detail?: string;
  /** what the request was for, in words ("upload the file to Zoho"), when it was not a job-details poll */
  action?: string;
  /** the OAuth scopes this request needs (any one of them), for OAUTH_SCOPE_MISMATCH */
  scopes?: readonly string[];
}

export interface PlainMessage {
  /** Sentence without the trailing "(CODE)." */
  words: string;
  /** What the user can do about it. */
  hint?: string;
}
