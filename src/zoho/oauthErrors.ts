// Plain words for the sign-in (Zoho Accounts) error codes. Merged into errorMessages.ts's table;
// this file holds data only; its types come from messageTypes.ts.
import type { MessageContext, PlainMessage } from './messageTypes';

type Entry = (c: MessageContext) => PlainMessage;

const wait = (ms: number | undefined, fallback: string): string => {
  if (ms === undefined || !Number.isFinite(ms)) return fallback;
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `Wait ${s} s before trying again.` : `Wait ${Math.ceil(s / 60)} minutes before trying again.`;
};

const SIGN_IN_AGAIN = 'Sign in to Zoho again (and check the data centre matches your account).';
const NEW_GRANT_CODE = 'Generate a new grant code in the Zoho API Console (Self Client → Generate Code) and sign in again.';

/** Codes produced by oauth.ts and tokenManager.ts. */
export const OAUTH_MESSAGES: Readonly<Record<string, Entry>> = Object.freeze({
  OAUTH_INVALID_CODE: () => ({
    words:
      'The grant code or refresh token is not valid any more: grant codes work once and expire after a few minutes; refresh tokens stop working when revoked',
    hint: NEW_GRANT_CODE,
  }),
  OAUTH_INVALID_CLIENT: () => ({
    words: 'Zoho did not accept the client id and client secret: they are wrong, or the client belongs to another data centre',
    hint: 'Copy the client id and secret from the Zoho API Console (Self Client → Client Secret) and choose the data centre your Zoho account is in.',
  }),
  OAUTH_INVALID_REDIRECT_URI: () => ({
    words: 'Zoho did not accept the redirect URI of this client',
    hint: 'Use a Self Client from the Zoho API Console (it needs no redirect URI), or check the client’s registered redirect URI.',
  }),
  OAUTH_THROTTLED: (c) => ({
    words: 'Zoho is refusing new access tokens for now: too many were requested in a short time (Zoho allows 10 per 10 minutes)',
    hint: wait(c.retryAfterMs, 'Wait a few minutes before trying again.'),
  }),
  REFRESH_THROTTLED: (c) => ({
    words:
      'The extension has already renewed the Zoho access token 10 times in the last 10 minutes, Zoho’s limit, so it is not asking again yet',
    hint: wait(c.retryAfterMs, 'Wait a few minutes before trying again.'),
  }),
  OAUTH_ERROR: (c) => ({
    words: `Zoho’s sign-in server refused the request${c.detail ? ` (${c.detail})` : ''}${c.zohoMessage ? `: ${c.zohoMessage}` : ''}`,
    hint: SIGN_IN_AGAIN,
  }),
  OAUTH_INVALID_RESPONSE: (c) => ({
    words: `Zoho’s sign-in server sent an answer the extension cannot use${c.detail ? `: ${c.detail}` : ''}`,
    hint: 'Zoho may be having trouble, or a proxy is rewriting requests; try again in a few minutes.',
  }),
  OAUTH_MISSING_INPUT: (c) => ({
    words: `${c.detail ?? 'A sign-in field'} is missing or contains spaces or unusual characters`,
    hint: 'Copy it again from the Zoho API Console.',
  }),
  OAUTH_REVOKE_REJECTED: () => ({
    words: 'Zoho did not revoke the refresh token: it does not know it (it may be revoked already)',
    hint: 'Nothing more to do; the extension has forgotten the token.',
  }),
  OAUTH_TOKEN_REJECTED: (c) => ({
    words: 'Zoho keeps rejecting new access tokens, so the extension has paused renewing them; the saved sign-in is kept',
    hint: `${c.retryAfterMs !== undefined ? `It tries again in ${Math.max(1, Math.ceil(c.retryAfterMs / 60_000))} min. ` : ''}If this goes on, check the data centre and the API domain setting, or sign in again.`,
  }),
  SIGNED_IN_ELSEWHERE: (c) => ({
    words: `${c.detail ?? 'The saved Zoho sign-in was made for another Zoho address than the one the extension now uses'}, so the token is not sent`,
    hint: 'Sign in again for the current address, or set the API domain back; the saved sign-in is kept.',
  }),
  ACCESS_TOKEN_EXPIRED: () => ({
    words: 'The Zoho access token has expired, and without a refresh token the extension cannot renew it',
    hint: 'Sign in again, preferably with a grant code or refresh token so the extension can renew access by itself.',
  }),
});
