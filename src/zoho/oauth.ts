// Zoho Accounts (OAuth 2.0) calls: grant-code exchange, refresh and revoke (reference §3).
// Form-encoded POSTs (secrets never in URLs), a time limit, no redirects followed; the accounts
// server comes from the data-centre table (or is the loopback simulator), and the api_domain Zoho
// returns must be a Zoho API host before anyone sends a token there.
import { httpFetch } from './httpFetch';
import { checkApiBase, endpointsFor, isLoopback, isZohoApiHost, type DataCenter, type Environment } from './dataCenters';
import { dataCenterOfAccounts, dataCenterOfApiHost } from './dataCenterHosts';
import { ZohoError, errorFromTransport, type HeadersLike, type TransportContext } from './errors';
import type { LogFn } from './http';
import { redactSecrets, registerSecret } from './redact';
import { describeBody, locationHost, oauthError, parseBody, pick, type Body } from './oauthResponse';
import { parseRetryAfter } from './retryAfter';

export interface TokenGrant {
  accessToken: string;
  /** Only from a grant-code exchange (Zoho does not rotate refresh tokens on refresh). */
  refreshToken?: string;
  /** The API domain Zoho named, checked: an https Zoho API host (or, in loopback mode, the simulator). Origin only, no trailing "/". */
  apiDomain?: string;
  /** When the access token expires (ms since the epoch), measured from when the request was sent. */
  expiresAt: number;
  /** How long the access token lives (ms), as Zoho stated it. */
  lifetimeMs: number;
}

export interface OAuthFetchInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  redirect: 'manual';
  signal: AbortSignal;
}
export interface OAuthFetchResponse {
  status: number;
  headers: HeadersLike;
  text(): Promise<string>;
}
/** httpFetch (the default) or anything shaped like it. */
export type OAuthFetch = (url: string, init: OAuthFetchInit) => Promise<OAuthFetchResponse>;

export interface ZohoOAuthOptions {
  /** From accountsUrlFor(): a data centre's accounts server, or a loopback simulator. Anything else throws UNTRUSTED_HOST. */
  accountsUrl: string;
  /**
   * The data centre being signed in to. A Zoho accounts server names its own (this is then ignored);
   * with a loopback simulator it says which Zoho API hosts the simulator may name as api_domain
   * (none when omitted: only the simulator itself).
   */
  dataCenter?: DataCenter;
  userAgent: string;
  /** Per-request time limit (default 30 000 ms). */
  timeoutMs?: number;
  log?: LogFn;
  fetch?: OAuthFetch;
  /** Clock for expiresAt (default Date.now). */
  now?: () => number;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** One hour: what Zoho's access tokens live, and what we assume when an answer does not say. */
export const DEFAULT_TOKEN_LIFETIME_MS = 3_600_000;

/**
 * The accounts (OAuth) server for a data centre: always from the data-centre table (sandbox and
 * developer share production's). The one exception: when `apiBaseOverride` is a loopback
 * simulator (http(s)://127.0.0.1 | localhost | [::1]), the accounts server is that simulator.
 */
export function accountsUrlFor(dc: DataCenter, env: Environment, apiBaseOverride?: string): string {
  if (typeof apiBaseOverride === 'string' && apiBaseOverride.trim() !== '') {
    const check = checkApiBase(apiBaseOverride);
    if (check.ok && isLoopback(check.url)) return check.url.origin;
  }
  return endpointsFor(dc, env).accountsUrl;
}


const PRINTABLE = /^[\x21-\x7e]+$/;

function requireField(name: string, value: unknown): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (v === '' || !PRINTABLE.test(v)) throw new ZohoError({ code: 'OAUTH_MISSING_INPUT', detail: name });
  return v;
}

export class ZohoOAuth {
  /** The accounts server's origin, e.g. https://accounts.zoho.eu */
  readonly accountsUrl: string;
  /** True when talking to a loopback simulator. */
  readonly loopback: boolean;
  /** The data centre whose API hosts api_domain may name (undefined: a simulator answering for itself only). */
  readonly dataCenter: DataCenter | undefined;
  private readonly timeoutMs: number;
  private readonly fetchFn: OAuthFetch;
  private readonly now: () => number;

  constructor(private readonly opts: ZohoOAuthOptions) {
    let url: URL;
    try {
      url = new URL(String(opts.accountsUrl).trim());
    } catch {
      throw new ZohoError({ code: 'UNTRUSTED_HOST', detail: 'The Zoho accounts address is not a valid URL.' });
    }
    const check = checkApiBase(url.href);
    this.loopback = check.ok && isLoopback(check.url);
    if (!this.loopback && !(url.protocol === 'https:' && dataCenterOfAccounts(url.origin) !== undefined && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.username === '' && url.password === '')) {
      throw new ZohoError({ code: 'UNTRUSTED_HOST', detail: `"${url.hostname}" is not a Zoho accounts server.` });
    }
    this.accountsUrl = this.loopback && check.ok ? check.url.origin : url.origin;
    this.dataCenter = this.loopback ? opts.dataCenter : dataCenterOfAccounts(this.accountsUrl);
    this.timeoutMs = typeof opts.timeoutMs === 'number' && opts.timeoutMs > 0 ? opts.timeoutMs : 30_000;
    this.fetchFn = opts.fetch ?? httpFetch;
    this.now = opts.now ?? Date.now;
  }

  /** Self client: trades a one-time grant code for a refresh token and an access token. */
  async exchangeGrantCode(input: ClientCredentials & { code: string }): Promise<TokenGrant> {
    const clientId = requireField('The client id', input.clientId);
    const clientSecret = requireField('The client secret', input.clientSecret);
    const code = requireField('The grant code', input.code);
    registerSecret(clientSecret);
    registerSecret(code);
    const grant = await this.tokenRequest(
      { grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code },
      'exchange the grant code',
    );
    if (grant.refreshToken === undefined) {
      this.opts.log?.('warn', 'Zoho answered the grant-code exchange without a refresh token; the access token cannot be renewed');
    }
    return grant;
  }

  /** A new access token for a refresh token (Zoho keeps the refresh token; none comes back). */
  async refresh(input: ClientCredentials & { refreshToken: string }): Promise<TokenGrant> {
    const clientId = requireField('The client id', input.clientId);
    const clientSecret = requireField('The client secret', input.clientSecret);
    const refreshToken = requireField('The refresh token', input.refreshToken);
    registerSecret(clientSecret);
    registerSecret(refreshToken);
    // Zoho does not rotate refresh tokens, so usually none comes back; if one does, it is passed on.
    return this.tokenRequest(
      { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken },
      'renew the access token',
    );
  }

  /**
   * Revokes a refresh token at Zoho (its access tokens die with it). Zoho documents
   * `/oauth/v2/token/revoke?token=`; the token is sent in the form body instead, keeping it out of URLs.
   * An unknown or already revoked token rejects with OAUTH_REVOKE_REJECTED.
   */
  async revoke(refreshToken: string): Promise<void> {
    const token = requireField('The refresh token', refreshToken);
    registerSecret(token);
    const { status, headers, text } = await this.post('/oauth/v2/token/revoke', { token }, 'revoke the refresh token');
    const body = parseBody(text);
    if (status >= 200 && status < 300 && body?.status === 'success') {
      this.opts.log?.('info', 'Zoho revoked the refresh token');
      return;
    }
    if (status >= 500) throw new ZohoError({ code: `HTTP_${status}`, httpStatus: status, retryAfterMs: parseRetryAfter(headers.get('retry-after')) });
    if (body && body.error !== undefined && body.error !== null && body.error !== '') {
      const e = oauthError(body, status, headers);
      if (e.code === 'OAUTH_THROTTLED' || e.code === 'OAUTH_INVALID_CLIENT') throw e;
      throw new ZohoError({ code: 'OAUTH_REVOKE_REJECTED', httpStatus: status, details: pick(body) });
    }
    if (status === 400) throw new ZohoError({ code: 'OAUTH_REVOKE_REJECTED', httpStatus: status, details: body ? pick(body) : undefined });
    throw new ZohoError({ code: 'OAUTH_INVALID_RESPONSE', httpStatus: status, detail: describeBody(status, headers, text) ?? 'no "status": "success" in the answer' });
  }

  private async tokenRequest(form: Record<string, string>, what: string): Promise<TokenGrant> {
    const sentAt = this.now();
    const { status, headers, text } = await this.post('/oauth/v2/token', form, what);
    const body = parseBody(text);
    if (body && body.error !== undefined && body.error !== null && body.error !== '') throw oauthError(body, status, headers);
    if (status < 200 || status >= 300) {
      throw new ZohoError({ code: `HTTP_${status}`, httpStatus: status, retryAfterMs: parseRetryAfter(headers.get('retry-after')) });
    }
    if (!body) {
      throw new ZohoError({ code: 'OAUTH_INVALID_RESPONSE', httpStatus: status, detail: describeBody(status, headers, text) ?? 'not a JSON object' });
    }
    const accessToken = typeof body.access_token === 'string' ? body.access_token.trim() : '';
    if (accessToken === '' || !PRINTABLE.test(accessToken)) {
      throw new ZohoError({ code: 'OAUTH_INVALID_RESPONSE', httpStatus: status, detail: 'there is no access token in the answer' });
    }
    registerSecret(accessToken);
    let refreshToken: string | undefined;
    if (typeof body.refresh_token === 'string' && body.refresh_token.trim() !== '') {
      refreshToken = body.refresh_token.trim();
      registerSecret(refreshToken);
    }
    const apiDomain = body.api_domain === undefined || body.api_domain === null ? undefined : this.checkApiDomain(body.api_domain);
    const lifetimeMs = this.lifetimeOf(body);
    return { accessToken, ...(refreshToken ? { refreshToken } : {}), ...(apiDomain ? { apiDomain } : {}), expiresAt: sentAt + lifetimeMs, lifetimeMs };
  }

  /** `expires_in` is seconds, unless the legacy `expires_in_sec` is present: then `expires_in` is ms. */
  private lifetimeOf(body: Body): number {
    const num = (v: unknown): number | undefined => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) && n > 0 ? n : undefined;
    };
    const legacySec = num(body.expires_in_sec);
    const expiresIn = num(body.expires_in);
    let ms: number | undefined;
    if (body.expires_in_sec !== undefined) ms = expiresIn ?? (legacySec !== undefined ? legacySec * 1000 : undefined);
    else if (expiresIn !== undefined) ms = expiresIn * 1000;
    if (ms === undefined) {
      this.opts.log?.('warn', 'Zoho did not say how long the access token lives; assuming one hour');
      return DEFAULT_TOKEN_LIFETIME_MS;
    }
    return Math.round(ms);
  }

  /** The api_domain must be an https API host of the signed-in data centre, or in loopback mode this very simulator. */
  private checkApiDomain(raw: unknown): string {
    const refuse = (named: string, why: string) => {
      const detail = `Zoho’s sign-in answer named ${named} as the API domain; ${why}`;
      this.opts.log?.('warn', `Refused the API domain: ${redactSecrets(detail)}`);
      return new ZohoError({ code: 'UNTRUSTED_HOST', detail });
    };
    if (typeof raw !== 'string') throw refuse(`a ${raw === null ? 'null' : typeof raw}`, 'it is not an address');
    const shown = hostOnly(raw); // never Zoho's raw text in our sentence: its host at most
    const check = checkApiBase(raw);
    if (!check.ok) throw refuse(shown, check.reason.replace(/ \(remove "[^"]*"\)/, '').replace(/\.$/, '')); // the path is not shown
    if (isLoopback(check.url)) {
      if (this.loopback && check.url.origin === this.accountsUrl) return check.url.origin;
      throw refuse(`"${check.url.host}"`, 'a local address other than the simulator');
    }
    if (!isZohoApiHost(check.url)) throw refuse(`"${check.url.host}"`, 'it is not a Zoho API host');
    const hostDc = dataCenterOfApiHost(check.url);
    if (this.dataCenter === undefined || hostDc !== this.dataCenter) {
      const where = this.dataCenter === undefined ? 'the simulator answers only for itself' : `the sign-in is for the ${this.dataCenter} data centre`;
      throw refuse(`"${check.url.host}"`, `it belongs to ${hostDc ? `the ${hostDc} data centre` : 'no known data centre'} and ${where}`);
    }
    return check.url.origin;
  }

  private async post(path: string, form: Record<string, string>, what: string): Promise<{ status: number; headers: HeadersLike; text: string }> {
    const url = `${this.accountsUrl}${path}`;
    const host = new URL(url).host;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const transport = (e: unknown) => errorFromTransport(e, { timeoutMs: this.timeoutMs, timedOut, host } as TransportContext);
    const started = Date.now();
    try {
      let res: OAuthFetchResponse;
      try {
        res = await this.fetchFn(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            'User-Agent': this.opts.userAgent,
          },
          body: new URLSearchParams(form).toString(),
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (e) {
        const err = transport(e);
        this.opts.log?.('warn', `Could not ${what}: ${err.message}`);
        throw err;
      }
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw transport(e);
      }
      this.opts.log?.('debug', `POST ${host}${path} → HTTP ${res.status} (${Date.now() - started} ms)`);
      if (res.status >= 300 && res.status < 400) {
        throw new ZohoError({ code: 'UNEXPECTED_REDIRECT', httpStatus: res.status, detail: locationHost(res.headers.get('location'), url) });
      }
      return { status: res.status, headers: res.headers, text };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `"host"` of an address, or words saying it has none (what an error may show of an api_domain). */
function hostOnly(raw: string): string {
  try {
    const host = new URL(raw.trim()).host;
    if (host !== '') return `"${host}"`;
  } catch {
    // not a URL
  }
  return 'an address without a host';
}

export { isPermanentOAuthFailure } from './oauthResponse';
