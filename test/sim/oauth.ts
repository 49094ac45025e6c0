// The simulator's Zoho Accounts (OAuth) server: grant-code exchange, refresh, revoke, and the
// access tokens the API routes accept (reference §3). Like Zoho:
//   POST /oauth/v2/token          form body or query: grant_type=authorization_code (client_id,
//                                 client_secret, code) or grant_type=refresh_token (client_id,
//                                 client_secret, refresh_token)
//     → 200 {access_token, refresh_token (exchange only), scope (exchange only), api_domain, token_type:"Bearer", expires_in}
//     → 200 {"error":"invalid_code"}     unknown / used / expired grant code, unknown / revoked refresh token
//                                        (Zoho answers these with HTTP 200; the TS-SDK treats any
//                                        answer without access_token as a failure)
//     → 200 {"error":"invalid_client"}   client id / secret do not match the registered client
//     → 400 {"error":"Access Denied","error_description":"You have made too many requests …"}
//                                        more than 10 refreshes in 10 minutes for one refresh token
//   POST /oauth/v2/token/revoke   token in the form body or the query (Zoho documents ?token=)
//     → 200 {"status":"success"}  the refresh token and its access tokens die
//     → 400 {"error":"invalid_token"}  unknown or already revoked
// Time is the simulator's clock (real time at timeScale 1; advance() moves it): access tokens
// expire after the configured lifetime (default 3600 s; setLifetime(1) for fast-expiry tests), and
// the refresh throttle's 10-minute window runs on it too.
import { randomBytes } from 'node:crypto';
import type { HeaderList, SimResponse } from './respond';

export interface SimOAuthClient {
  clientId: string;
  clientSecret: string;
}

/** What tests and the control API can do with the simulator's accounts server (`sim.oauth`). */
export interface SimOAuthControl {
  /** The registered self client. */
  readonly client: SimOAuthClient;
  /** A one-time grant code, as the API console's Self Client → Generate Code gives (default lifetime 180 s). */
  issueGrantCode(opts?: { expiresInSec?: number; scope?: string }): string;
  /** Lifetime of access tokens issued from now on (seconds, > 0). */
  setLifetime(sec: number): void;
  /** grant_type=refresh_token requests received: all, or those naming this refresh token (throttled and failed ones included). */
  refreshCount(refreshToken?: string): number;
  /** True once this refresh token has been revoked. */
  revoked(refreshToken: string): boolean;
  /** Answer with the legacy shape: expires_in in ms plus expires_in_sec. */
  setLegacyExpiry(on: boolean): void;
  /** True for an access token this server issued that is unexpired and unrevoked. */
  accepts(accessToken: string): boolean;
}

export interface SimOAuthOptions {
  client?: SimOAuthClient;
  lifetimeSec?: number;
  /** api_domain answered: this data centre's real production API domain instead of the simulator's URL */
  dataCenter?: string;
  /** api_domain answered verbatim (wins over dataCenter); for hostile-answer tests */
  apiDomain?: string;
  /** the simulator clock (default Date.now) */
  now?: () => number;
}

export const DEFAULT_SIM_CLIENT: SimOAuthClient = Object.freeze({ clientId: '1000.SIMCLIENT', clientSecret: 'sim-client-secret' });
export const DEFAULT_SCOPE = 'ZohoCRM.bulk.ALL,ZohoCRM.modules.ALL,ZohoFiles.files.ALL,ZohoCRM.org.READ,ZohoCRM.settings.modules.READ,ZohoCRM.settings.fields.READ';

/** Production API domains by data centre (the simulator does not import src/). */
export const SIM_DC_API_DOMAINS: Readonly<Record<string, string>> = Object.freeze({
  US: 'https://www.zohoapis.com',
  EU: 'https://www.zohoapis.eu',
  IN: 'https://www.zohoapis.in',
  AU: 'https://www.zohoapis.com.au',
  JP: 'https://www.zohoapis.jp',
  CA: 'https://www.zohoapis.ca',
  SA: 'https://www.zohoapis.sa',
  CN: 'https://www.zohoapis.com.cn',
});

export const THROTTLE_BODY = JSON.stringify({
  error: 'Access Denied',
  error_description: 'You have made too many requests continuously. Please try again after some time.',
});

const REFRESH_LIMIT = 10;
const REFRESH_WINDOW_MS = 10 * 60_000;
/** Zoho: at most 15 active access tokens per refresh token; the 16th invalidates the oldest. */
const MAX_ACTIVE_ACCESS_TOKENS = 15;

const JSON_HEADERS: HeaderList = [
  ['Server', 'ZGS'],
  ['Date', ''],
  ['Content-Type', 'application/json;charset=UTF-8'],
  ['Content-Length', ''],
  ['Connection', 'keep-alive'],
  ['Cache-Control', 'no-store'],
  ['Pragma', 'no-cache'],
];

/** `1000.<32 hex>.<32 hex>`, the shape of Zoho's tokens and grant codes. */
export function zohoTokenShape(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

interface GrantCode {
  expiresAt: number;
  used: boolean;
  scope: string;
}
interface RefreshToken {
  revoked: boolean;
  scope: string;
  /** when refreshes issued access tokens for it (throttle window) */
  issued: number[];
  requests: number;
  accessTokens: string[];
}
interface AccessToken {
  expiresAt: number;
  revoked: boolean;
  refreshToken: string;
}

/** The parts of a request the OAuth routes read. */
export interface OAuthRequest {
  /** path plus query, as received */
  target: string;
  /** the raw request body */
  body: string;
  contentType?: string;
}

export class SimOAuth implements SimOAuthControl {
  readonly client: SimOAuthClient;
  private lifetimeSec: number;
  private legacy = false;
  private totalRefreshes = 0;
  private readonly codes = new Map<string, GrantCode>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly now: () => number;

  constructor(
    private readonly opts: SimOAuthOptions,
    /** the simulator's own URL (api_domain by default) */
    private readonly baseUrl: () => string,
  ) {
    this.client = Object.freeze({ ...(opts.client ?? DEFAULT_SIM_CLIENT) });
    this.lifetimeSec = validLifetime(opts.lifetimeSec ?? 3600);
    this.now = opts.now ?? Date.now;
  }

  issueGrantCode(opts: { expiresInSec?: number; scope?: string } = {}): string {
    const code = zohoTokenShape();
    const sec = opts.expiresInSec ?? 180;
    if (!Number.isFinite(sec)) throw new Error('expiresInSec must be a number');
    this.codes.set(code, { expiresAt: this.now() + sec * 1000, used: false, scope: opts.scope ?? DEFAULT_SCOPE });
    return code;
  }

  setLifetime(sec: number): void {
    this.lifetimeSec = validLifetime(sec);
  }

  setLegacyExpiry(on: boolean): void {
    this.legacy = on;
  }

  refreshCount(refreshToken?: string): number {
    if (refreshToken === undefined) return this.totalRefreshes;
    return this.refreshTokens.get(refreshToken)?.requests ?? 0;
  }

  revoked(refreshToken: string): boolean {
    return this.refreshTokens.get(refreshToken)?.revoked === true;
  }

  /** The scope an accepted access token was granted (comma-separated), or undefined. */
  scopeOf(accessToken: string): string | undefined {
    const t = this.accessTokens.get(accessToken);
    return t ? this.refreshTokens.get(t.refreshToken)?.scope : undefined;
  }

  accepts(accessToken: string): boolean {
    const t = this.accessTokens.get(accessToken);
    return t !== undefined && !t.revoked && this.now() < t.expiresAt;
  }

  /** Forget every code and token; default lifetime and expiry shape again. */
  reset(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.totalRefreshes = 0;
    this.legacy = false;
    this.lifetimeSec = validLifetime(this.opts.lifetimeSec ?? 3600);
  }

  /** POST /oauth/v2/token */
  token(req: OAuthRequest): SimResponse {
    const p = params(req);
    const grantType = p.get('grant_type');
    if (grantType === 'refresh_token') return this.refresh(p);
    if (grantType === 'authorization_code') return this.exchange(p);
    return json(400, { error: 'unsupported_grant_type' });
  }

  /** POST /oauth/v2/token/revoke */
  revoke(req: OAuthRequest): SimResponse {
    const token = params(req).get('token') ?? '';
    const rt = this.refreshTokens.get(token);
    if (rt && !rt.revoked) {
      rt.revoked = true;
      for (const at of rt.accessTokens) {
        const a = this.accessTokens.get(at);
        if (a) a.revoked = true;
      }
      return json(200, { status: 'success' });
    }
    const at = this.accessTokens.get(token);
    if (at && !at.revoked) {
      at.revoked = true;
      return json(200, { status: 'success' });
    }
    return json(400, { error: 'invalid_token' });
  }

  private clientOk(p: URLSearchParams): boolean {
    return p.get('client_id') === this.client.clientId && p.get('client_secret') === this.client.clientSecret;
  }

  private exchange(p: URLSearchParams): SimResponse {
    if (!this.clientOk(p)) return json(200, { error: 'invalid_client' });
    const code = p.get('code') ?? '';
    const g = this.codes.get(code);
    if (!g || g.used || this.now() >= g.expiresAt) return json(200, { error: 'invalid_code' });
    g.used = true;
    const refreshToken = zohoTokenShape();
    const rt: RefreshToken = { revoked: false, scope: g.scope, issued: [], requests: 0, accessTokens: [] };
    this.refreshTokens.set(refreshToken, rt);
    const accessToken = this.issueAccessToken(refreshToken, rt, false);
    return json(200, {
      access_token: accessToken,
      refresh_token: refreshToken,
      scope: g.scope,
      api_domain: this.apiDomain(),
      token_type: 'Bearer',
      ...this.expiry(),
    });
  }

  private refresh(p: URLSearchParams): SimResponse {
    const refreshToken = p.get('refresh_token') ?? '';
    const rt = this.refreshTokens.get(refreshToken);
    this.totalRefreshes += 1;
    if (rt) rt.requests += 1;
    if (!this.clientOk(p)) return json(200, { error: 'invalid_client' });
    if (!rt || rt.revoked) return json(200, { error: 'invalid_code' });
    const t = this.now();
    while (rt.issued.length > 0 && rt.issued[0] <= t - REFRESH_WINDOW_MS) rt.issued.shift();
    if (rt.issued.length >= REFRESH_LIMIT) return { status: 400, body: THROTTLE_BODY, headers: JSON_HEADERS };
    const accessToken = this.issueAccessToken(refreshToken, rt, true);
    return json(200, { access_token: accessToken, api_domain: this.apiDomain(), token_type: 'Bearer', ...this.expiry() });
  }

  private issueAccessToken(refreshToken: string, rt: RefreshToken, byRefresh: boolean): string {
    const t = this.now();
    this.prune(t);
    const token = zohoTokenShape();
    this.accessTokens.set(token, { expiresAt: t + this.lifetimeSec * 1000, revoked: false, refreshToken });
    if (byRefresh) rt.issued.push(t); // the throttle counts refreshes, not the grant-code exchange
    rt.accessTokens.push(token);
    const active = rt.accessTokens.filter((a) => this.accepts(a));
    if (active.length > MAX_ACTIVE_ACCESS_TOKENS) {
      const oldest = this.accessTokens.get(active[0]);
      if (oldest) oldest.revoked = true;
    }
    return token;
  }

  /** Drops access tokens that expired over a minute ago (long fast-expiry runs). */
  private prune(t: number): void {
    for (const [token, a] of this.accessTokens) {
      if (a.expiresAt < t - 60_000) {
        this.accessTokens.delete(token);
        const rt = this.refreshTokens.get(a.refreshToken);
        if (rt) rt.accessTokens = rt.accessTokens.filter((x) => x !== token);
      }
    }
  }

  private expiry(): Record<string, number> {
    return this.legacy
      ? { expires_in_sec: this.lifetimeSec, expires_in: this.lifetimeSec * 1000 }
      : { expires_in: this.lifetimeSec };
  }

  private apiDomain(): string {
    if (this.opts.apiDomain !== undefined) return this.opts.apiDomain;
    if (this.opts.dataCenter !== undefined) {
      const d = SIM_DC_API_DOMAINS[this.opts.dataCenter.toUpperCase()];
      if (!d) throw new Error(`unknown data centre ${this.opts.dataCenter}`);
      return d;
    }
    return this.baseUrl();
  }
}

function validLifetime(sec: number): number {
  if (typeof sec !== 'number' || !Number.isFinite(sec) || sec <= 0) throw new Error('the access-token lifetime must be a number of seconds > 0');
  return sec;
}

/** Query parameters, overridden by form-body fields (Zoho accepts either). */
function params(req: OAuthRequest): URLSearchParams {
  const q = req.target.indexOf('?');
  const out = new URLSearchParams(q < 0 ? '' : req.target.slice(q + 1));
  if (req.body !== '' && !/json/i.test(req.contentType ?? '')) {
    for (const [k, v] of new URLSearchParams(req.body)) out.set(k, v);
  }
  return out;
}

function json(status: number, body: unknown): SimResponse {
  return { status, body: JSON.stringify(body), headers: JSON_HEADERS };
}
