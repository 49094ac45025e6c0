// Plain words for Zoho's error codes and our own transport codes, plus what the user can do.
import { CREATE_MESSAGES } from './createMessages';
import { OAUTH_MESSAGES } from './oauthErrors';
import type { MessageContext, PlainMessage } from './messageTypes';

export type { MessageContext, PlainMessage } from './messageTypes';

type Entry = (c: MessageContext) => PlainMessage;

const jobName = (c: MessageContext): string =>
  `${c.kind === 'read' ? 'bulk read' : c.kind === 'write' ? 'bulk write' : 'bulk'} job${c.jobId ? ` ${c.jobId}` : ''}`;

const SIGN_IN_AGAIN = 'Sign in to Zoho again (and check the data centre matches your account).';
const ASK_ADMIN = 'Ask your Zoho CRM administrator for bulk API access to this module.';
const TRY_LATER = 'Zoho may be having trouble; try again in a few minutes.';
const seconds = (ms: number): string => (ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${Math.round(ms / 1000)} s`);

const authFailure: Entry = () => ({ words: 'Zoho could not authenticate the request', hint: SIGN_IN_AGAIN });
const internal: Entry = () => ({ words: 'Zoho had an internal error while answering', hint: TRY_LATER });
const noPrivilege: Entry = (c) => ({ words: `Your Zoho user is not allowed to ${c.action ?? `view ${jobName(c)}`}`, hint: ASK_ADMIN });

const TABLE: Readonly<Record<string, Entry>> = Object.freeze({
  ...OAUTH_MESSAGES,
  ...CREATE_MESSAGES,
  INVALID_TOKEN: () => ({ words: 'Zoho did not accept the access token: it has expired or was revoked', hint: SIGN_IN_AGAIN }),
  INVALID_OAUTHTOKEN: () => ({ words: 'Zoho did not accept the access token: it has expired or was revoked', hint: SIGN_IN_AGAIN }),
  AUTHENTICATION_FAILURE: authFailure,
  AUTHENTICATION_FAILED: authFailure,
  OAUTH_SCOPE_MISMATCH: (c) => c.scopes && c.scopes.length > 0 ? {
    words: `The Zoho sign-in lacks a scope needed to ${c.action ?? 'do this'}: it needs ${c.scopes.join(', ')}`,
    hint: `Sign in again and grant ${c.scopes.join(', ')}.`,
  } : ({
    words: `The Zoho sign-in lacks the scope needed to view ${jobName(c)}: ZohoCRM.bulk.ALL (or ZohoCRM.bulk.${c.kind === 'write' ? 'CREATE' : 'READ'})`,
    hint: 'Sign in again and grant the ZohoCRM.bulk.ALL scope.',
  }),
  NO_PERMISSION: noPrivilege,
  AUTHORIZATION_FAILED: noPrivilege,
  RESOURCE_NOT_FOUND: (c) => ({
    words: `Zoho has no ${jobName(c)} in this organisation and data centre`,
    hint: 'Check the job id, the organisation you signed in to and its data centre; old jobs also expire.',
  }),
  INVALID_URL_PATTERN: () => ({ words: 'Zoho did not recognise the request address', hint: 'Check the API domain and the API version in the settings.' }),
  INVALID_REQUEST_METHOD: () => ({ words: 'Zoho did not accept the request method', hint: 'This is a bug in the extension; please report it.' }),
  TOO_MANY_REQUESTS: (c) => ({
    words: 'Zoho is limiting requests: the daily API credits are used up or too many calls are running at once',
    hint: c.retryAfterMs !== undefined ? `Wait ${seconds(c.retryAfterMs)} before trying again.` : 'Wait a few minutes before trying again.',
  }),
  INTERNAL_ERROR: internal,
  INTERNAL_SERVER_ERROR: internal,
  TIMEOUT: (c) => ({
    words: `Zoho did not answer within ${c.timeoutMs !== undefined ? seconds(c.timeoutMs) : 'the time limit'}`,
    hint: 'Check your network connection; Zoho may be slow right now.',
  }),
  NETWORK_ERROR: (c) => ({
    words: `Could not reach Zoho${c.detail ? `: ${c.detail}` : ''}`,
    hint: 'Check your network connection, proxy and firewall, then try again.',
  }),
  INVALID_RESPONSE: (c) => ({
    words: `Zoho sent an answer the extension cannot read${c.detail ? `: ${c.detail}` : ''}`,
    hint: TRY_LATER,
  }),
  EMPTY_RESPONSE: () => ({ words: 'Zoho sent an empty answer', hint: TRY_LATER }),
  NO_TOKEN: () => ({ words: 'Sign in to Zoho first: there is no access token', hint: 'Run the sign-in command, then try again.' }),
  UNTRUSTED_HOST: (c) =>
    c.detail?.startsWith('The result link')
      ? {
          words: `${c.detail.replace(/\.$/, '')}, so nothing was sent`,
          hint: 'Refresh the job to get a fresh link, and check the data centre in the settings; otherwise download the result in Zoho CRM.',
        }
      : {
          words: `The API address is not a trusted Zoho address, so nothing was sent${c.detail ? `. ${c.detail.replace(/\.$/, '')}` : ''}`,
          hint: 'Set the API domain to your data centre’s, e.g. https://www.zohoapis.com.',
        },
  UNEXPECTED_REDIRECT: (c) => ({
    words: `Zoho redirected the request${c.detail ? ` to ${c.detail}` : ''}, which the extension does not follow`,
    hint: 'Check the API domain in the settings (a proxy may be rewriting requests).',
  }),
  INVALID_JOB_ID: (c) => ({ words: `${c.detail ?? 'That'} is not a Zoho job id: job ids are 1 to 25 digits`, hint: 'Copy the job id from Zoho CRM again.' }),
  ABORTED: () => ({ words: 'The request to Zoho was cancelled' }),
  LINK_EXPIRED: (c) => ({
    words: `The result link${c.jobId ? ` of ${jobName(c)}` : ''} has expired`,
    hint: 'Refresh the job to get a new one, then download again.',
  }),
  CORRUPT_RESULT: (c) => ({
    words: `The result file is damaged or not a zip archive${c.detail ? `: ${c.detail}` : ''}`,
    hint: 'Download it again; if that keeps failing, download the result in Zoho CRM.',
  }),
  SAVE_FAILED: (c) => ({
    words: `The result could not be saved${c.detail ? `: ${c.detail}` : ''}`,
    hint: 'Check the free disk space and that the folder can be written to.',
  }),
});

function httpWords(c: MessageContext): PlainMessage {
  const s = Number(c.code.slice(5));
  if (s === 401) return { words: 'Zoho refused the sign-in', hint: SIGN_IN_AGAIN };
  if (s === 403) return { words: 'Zoho refused access', hint: ASK_ADMIN };
  if (s === 404) return { words: 'Zoho has no such address', hint: 'Check the API domain and the API version in the settings.' };
  if (s === 429) return TABLE.TOO_MANY_REQUESTS(c);
  if (s === 502 || s === 503 || s === 504) return { words: 'Zoho’s gateway could not reach its servers', hint: TRY_LATER };
  if (s >= 500) return { words: 'Zoho’s servers failed to answer', hint: TRY_LATER };
  return { words: `Zoho answered with HTTP status ${s}` };
}

/** Plain words (+ hint) for a code. Unknown Zoho codes read "Zoho answered <code>: <message> (HTTP n)". */
export function plainMessage(c: MessageContext): PlainMessage {
  const entry = Object.prototype.hasOwnProperty.call(TABLE, c.code) ? TABLE[c.code] : undefined;
  if (entry) return entry(c);
  if (/^HTTP_\d{3}$/.test(c.code)) return httpWords(c);
  const zm = c.zohoMessage?.trim().replace(/\.+$/, '');
  const msg = zm ? `: ${zm}` : '';
  return { words: `Zoho answered ${c.code}${msg}${c.httpStatus !== undefined ? ` (HTTP ${c.httpStatus})` : ''}` };
}

/** The final user-facing message: words, then the code in brackets (unknown codes already name it). */
export function formatMessage(c: MessageContext): PlainMessage & { message: string } {
  const plain = plainMessage(c);
  const known = Object.prototype.hasOwnProperty.call(TABLE, c.code) || /^HTTP_\d{3}$/.test(c.code);
  const words = plain.words.replace(/[.\s]+$/, '');
  return { ...plain, message: known ? `${words} (${c.code}).` : `${words}.` };
}
