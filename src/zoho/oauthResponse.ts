// Reading the accounts server's answers: the JSON body, why an answer is unusable, and Zoho's
// `{"error": …}` codes in plain words (used by oauth.ts).
import { ZohoError, type HeadersLike } from './errors';
import { parseRetryAfter } from './retryAfter';

export type Body = Record<string, unknown>;

export function pick(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['error', 'error_description', 'status']) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

/** The JSON object in the answer, or undefined when it is empty, HTML, not JSON, or not an object. */
export function parseBody(text: string): Body | undefined {
  const t = text.trim();
  if (t === '' || t.startsWith('<')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : undefined;
  } catch {
    return undefined;
  }
}

/** Why an answer is unusable, in plain words (undefined when it is a JSON object). */
export function describeBody(status: number, headers: HeadersLike, text: string): string | undefined {
  const t = text.trim();
  const http = status >= 200 && status < 300 ? '' : ` (HTTP ${status})`;
  if (t === '') return `an empty answer${http}`;
  if (/html/i.test(headers.get('content-type') ?? '') || t.startsWith('<')) return `a web page instead of data${http}`;
  try {
    const v = JSON.parse(t) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return `not a JSON object${http}`;
    return undefined;
  } catch {
    return `not valid JSON${http}`;
  }
}

/** A token-endpoint `{"error": …}` answer in plain words. */
export function oauthError(body: Body, status: number, headers: HeadersLike): ZohoError {
  const error = typeof body.error === 'string' ? body.error : JSON.stringify(body.error) ?? '';
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  const base = { httpStatus: status, details: pick(body), zohoMessage: description, retryAfterMs: parseRetryAfter(headers.get('retry-after')) };
  const key = error.trim().toLowerCase();
  if (key === 'invalid_code') return new ZohoError({ ...base, code: 'OAUTH_INVALID_CODE' });
  // a wrong client id or secret; unauthorized_client (a client not allowed this grant or scope, which may
  // be a setting or a proxy's answer) is not proof that the client is gone: it falls to OAUTH_ERROR and
  // the stored sign-in is kept
  if (key === 'invalid_client' || key === 'invalid_client_secret') return new ZohoError({ ...base, code: 'OAUTH_INVALID_CLIENT' });
  if (key === 'invalid_redirect_uri') return new ZohoError({ ...base, code: 'OAUTH_INVALID_REDIRECT_URI' });
  if (key === 'access denied' || key === 'access_denied' || /too many requests|throttl/i.test(`${error} ${description ?? ''}`)) {
    return new ZohoError({ ...base, code: 'OAUTH_THROTTLED' });
  }
  // Name Zoho's error word, but only if it looks like one (no free text from the answer in our sentence).
  const word = /^[A-Za-z][A-Za-z0-9_ .-]{0,60}$/.test(error.trim()) ? error.trim() : undefined;
  return new ZohoError({ ...base, code: 'OAUTH_ERROR', detail: word });
}

export function locationHost(loc: string | null, base: string): string | undefined {
  if (!loc) return undefined;
  try {
    return new URL(loc, base).host;
  } catch {
    return undefined;
  }
}

/** Permanent sign-in failures: the refresh token (or client) will not work again, so sign out. */
export function isPermanentOAuthFailure(e: unknown): boolean {
  return e instanceof ZohoError && (e.code === 'OAUTH_INVALID_CODE' || e.code === 'OAUTH_INVALID_CLIENT');
}
