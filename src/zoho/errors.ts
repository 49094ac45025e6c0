// ZohoError and the functions that build it from HTTP answers and transport failures.
import { formatMessage } from './errorMessages';
import { parseLosslessJson } from './json';
import { redactSecrets, redactValue } from './redact';
import { parseRetryAfter } from './retryAfter';
import type { JobKind } from './types';

export interface ErrorContext {
  kind: JobKind;
  jobId?: string;
}

/** Extra facts transport errors need: the per-attempt time limit, whether it fired, the host. */
export interface TransportContext extends ErrorContext {
  timeoutMs?: number;
  timedOut?: boolean;
  host?: string;
}

export interface HeadersLike {
  get(name: string): string | null;
}

export interface ZohoErrorInit {
  code: string;
  httpStatus?: number;
  zohoMessage?: string;
  details?: unknown;
  retryAfterMs?: number;
  kind?: JobKind;
  jobId?: string;
  timeoutMs?: number;
  /** Free detail for the message (never a token): "the connection was reset", a host, … */
  detail?: string;
  /** What the request was for ("create the bulk write job"), when it was not a job-details poll. */
  action?: string;
  /** The OAuth scopes the request needs (any one of them): named by OAUTH_SCOPE_MISMATCH messages. */
  scopes?: readonly string[];
  cause?: unknown;
}

const MAX_ZOHO_MESSAGE = 500;

export class ZohoError extends Error {
  override readonly name = 'ZohoError';
  /** Zoho's code (INVALID_TOKEN, …) or ours (NETWORK_ERROR, TIMEOUT, INVALID_RESPONSE, EMPTY_RESPONSE, HTTP_<n>, …). */
  readonly code: string;
  readonly httpStatus?: number;
  /** Zoho's own message, tokens redacted. */
  readonly zohoMessage?: string;
  /** Zoho's `details`, tokens redacted. */
  readonly details?: unknown;
  /** From Retry-After, when Zoho sent one. */
  readonly retryAfterMs?: number;
  /** What the user can do about it. */
  readonly hint?: string;
  /** For OAUTH_SCOPE_MISMATCH: the scopes the request needed (any one of them), so a sign-in can ask for them. */
  readonly scopes?: readonly string[];

  constructor(init: ZohoErrorInit) {
    const zohoMessage =
      init.zohoMessage !== undefined ? redactSecrets(init.zohoMessage).slice(0, MAX_ZOHO_MESSAGE) : undefined;
    const detail = init.detail !== undefined ? redactSecrets(init.detail) : undefined;
    const formatted = formatMessage({ ...init, zohoMessage, detail });
    super(formatted.message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.zohoMessage = zohoMessage;
    this.details = init.details !== undefined ? redactValue(init.details) : undefined;
    this.retryAfterMs = init.retryAfterMs;
    this.hint = formatted.hint;
    if (init.scopes) this.scopes = Object.freeze([...init.scopes]);
  }

  /** Worth another attempt: network faults, timeouts, 5xx and 429 (TOO_MANY_REQUESTS). */
  get retryable(): boolean {
    if (this.code === 'NETWORK_ERROR' || this.code === 'TIMEOUT' || this.code === 'TOO_MANY_REQUESTS') return true;
    return this.httpStatus !== undefined && (this.httpStatus === 429 || this.httpStatus >= 500);
  }

  /** Any HTTP 401 but a missing scope (a new token has the same scopes): worth one retry after a refresh. */
  get isAuthRejection(): boolean {
    return this.httpStatus === 401 && !NOT_FIXED_BY_A_NEW_TOKEN.has(this.code);
  }
}

/** 401 codes that say the sign-in lacks a scope: a renewed token would have the same scopes. */
const NOT_FIXED_BY_A_NEW_TOKEN: ReadonlySet<string> = new Set(['OAUTH_SCOPE_MISMATCH', 'INVALID_OAUTHSCOPE']);

/** message + hint, for a notification. */
export function describeError(e: unknown): string {
  if (e instanceof ZohoError) return e.hint ? `${e.message} ${e.hint}` : e.message;
  return e instanceof Error ? redactSecrets(e.message) : redactSecrets(String(e));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * The error a parsed body describes, if any: `{code,details,message,status}` (also inside
 * `{data:[…]}`), or the upper-case `{ERROR_CODE, ERROR_MESSAGE}` shape. A 2xx body counts only
 * when it says `status: "error"`.
 */
export function errorFromBody(body: unknown, httpStatus: number, ctx: ErrorContext, retryAfterMs?: number): ZohoError | undefined {
  const ok = httpStatus >= 200 && httpStatus < 300;
  let obj = body;
  if (isRecord(obj) && Array.isArray(obj.data) && obj.data.length > 0 && isRecord(obj.data[0]) && obj.data[0].status === 'error') {
    obj = obj.data[0];
  }
  if (!isRecord(obj)) return undefined;
  const base = { httpStatus, retryAfterMs, kind: ctx.kind, jobId: ctx.jobId };
  if (typeof obj.code === 'string' && obj.code !== '' && (!ok || obj.status === 'error')) {
    return new ZohoError({ ...base, code: obj.code, zohoMessage: str(obj.message), details: obj.details });
  }
  if ('ERROR_CODE' in obj || 'ERROR_MESSAGE' in obj) {
    // ERROR_CODE is usually the HTTP status as a number (401); a named code is kept as is.
    const raw = str(obj.ERROR_CODE);
    const code = raw !== undefined && /^[A-Z][A-Z0-9_]*$/.test(raw) ? raw : `HTTP_${httpStatus}`;
    const details: Record<string, unknown> = {};
    for (const key of ['ERROR_CODE', 'x-error', 'info', 'x-info', 'http_status']) if (obj[key] !== undefined) details[key] = obj[key];
    return new ZohoError({ ...base, code, zohoMessage: str(obj.ERROR_MESSAGE), details });
  }
  return undefined;
}

function htmlTitle(text: string): string | undefined {
  const m = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(text);
  return m ? m[1].replace(/\s+/g, ' ').trim() : undefined;
}

/** Builds the error for a non-2xx answer (or a 2xx whose body is unusable) from status, headers and body text. */
export function errorFromResponse(status: number, headers: HeadersLike, bodyText: string, ctx: ErrorContext): ZohoError {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const base = { httpStatus: status, retryAfterMs, kind: ctx.kind, jobId: ctx.jobId };
  const isError = status < 200 || status >= 300;
  const httpCode = `HTTP_${status}`;
  const text = bodyText.trim();
  if (text === '') return new ZohoError({ ...base, code: isError ? httpCode : 'EMPTY_RESPONSE' });
  const contentType = headers.get('content-type') ?? '';
  if (/html/i.test(contentType) || text.startsWith('<')) {
    const title = htmlTitle(text);
    const details = { contentType: contentType || undefined, title };
    if (isError) return new ZohoError({ ...base, code: httpCode, details });
    return new ZohoError({ ...base, code: 'INVALID_RESPONSE', detail: 'a web page instead of data', details });
  }
  let body: unknown;
  try {
    body = parseLosslessJson(text);
  } catch (e) {
    if (isError) return new ZohoError({ ...base, code: httpCode });
    const cutOff = e instanceof Error && /end of input/i.test(e.message);
    return new ZohoError({ ...base, code: 'INVALID_RESPONSE', detail: cutOff ? 'the answer was cut off' : 'not valid JSON' });
  }
  return errorFromBody(body, status, ctx, retryAfterMs) ?? new ZohoError({ ...base, code: isError ? httpCode : 'INVALID_RESPONSE' });
}

const NETWORK_WORDS: Readonly<Record<string, string>> = Object.freeze({
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name could not be found',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed',
  ERR_STREAM_PREMATURE_CLOSE: 'the connection closed in the middle of the answer',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate could not be verified (a proxy may be intercepting https)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
});

/** Builds the error for a request that got no (complete) answer: timeouts, resets, refused connections, DNS. */
export function errorFromTransport(e: unknown, ctx: TransportContext): ZohoError {
  if (e instanceof ZohoError) return e;
  const base = { kind: ctx.kind, jobId: ctx.jobId, timeoutMs: ctx.timeoutMs, cause: e };
  const err = isRecord(e) ? e : {};
  const sysCode = str(err.code) ?? str(err.errno);
  const message = typeof err.message === 'string' ? err.message : '';
  if (ctx.timedOut || sysCode === 'ETIMEDOUT' || err.type === 'request-timeout') {
    return new ZohoError({ ...base, code: 'TIMEOUT', details: sysCode ? { errno: sysCode } : undefined });
  }
  if (err.name === 'AbortError' || err.type === 'aborted') return new ZohoError({ ...base, code: 'ABORTED' });
  let words = sysCode ? NETWORK_WORDS[sysCode] : undefined;
  if (/socket hang up/i.test(message)) words = 'the connection closed before Zoho answered';
  else if (/premature close/i.test(message)) words = NETWORK_WORDS.ERR_STREAM_PREMATURE_CLOSE;
  words ??= sysCode ? `network error ${sysCode}` : 'network error';
  const detail = ctx.host ? `${ctx.host}: ${words}` : words;
  return new ZohoError({ ...base, code: 'NETWORK_ERROR', detail, details: sysCode ? { errno: sysCode } : undefined });
}
