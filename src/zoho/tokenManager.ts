// Keeps a Zoho access token fresh for the client: cached in memory, renewed ahead of expiry by one
// shared (single-flight) refresh, never more than Zoho's 10 refreshes per 10 minutes per refresh
// token. Any 401 gets one shared refresh and one retry; a retry refused too (onRejectedAfterRefresh)
// pauses refreshing (rejectionEpisode.ts, one onRejected) but keeps the refresh token. Only the token endpoint itself saying the
// refresh token or client is invalid signs out (once).
import { ZohoError, errorFromTransport, type TransportContext } from './errors';
import type { LogFn } from './http';
import { DEFAULT_TOKEN_LIFETIME_MS, isPermanentOAuthFailure, type TokenGrant, type ZohoOAuth } from './oauth';
import { redactSecrets, registerSecret } from './redact';
import { RejectionEpisode } from './rejectionEpisode';
import type { TokenProvider } from './tokenProvider';

export { expiryFromHeader } from './tokenExpiry';

export interface RefreshCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface TokenManagerOptions {
  oauth: Pick<ZohoOAuth, 'refresh'>;
  credentials: RefreshCredentials;
  /** Clock (ms since the epoch); default Date.now. */
  now?: () => number;
  /** An access token already at hand (e.g. from the grant-code exchange). lifetimeMs defaults to the time left. */
  initial?: { accessToken: string; expiresAt: number; lifetimeMs?: number };
  /** After every successful refresh (expiresAt on this manager's clock). A refreshToken in it replaces the stored one. */
  onToken?(grant: TokenGrant): void;
  /** Once, when Zoho's token endpoint says the refresh token or the client is invalid (invalid_code, invalid_client). */
  onSignedOut?(err: ZohoError): void;
  /** Once per episode: the retry with a renewed token was rejected too. Refreshing pauses (1 min doubling to 10); the refresh token is kept. */
  onRejected?(err: ZohoError): void;
  log?: LogFn;
  /** Refreshes allowed per window (default 10, Zoho's limit per refresh token). */
  maxRefreshes?: number;
  /** The sliding window (default 10 minutes). */
  windowMs?: number;
}

/** The most we renew ahead of expiry (for one-hour tokens). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
export const REFRESH_LIMIT = 10;
export const REFRESH_WINDOW_MS = 10 * 60_000;

/** How long before expiry a token is renewed: 5 minutes, or a twelfth of the lifetime for short-lived tokens. */
export function refreshMargin(lifetimeMs: number): number {
  return Math.max(0, Math.min(REFRESH_MARGIN_MS, lifetimeMs / 12));
}

const TRANSIENT_BACKOFF_MS = 1_000;
const TRANSIENT_BACKOFF_MAX_MS = 60_000;
const THROTTLED_BACKOFF_MS = 60_000;
const THROTTLED_BACKOFF_MAX_MS = REFRESH_WINDOW_MS;

interface Cached {
  accessToken: string;
  expiresAt: number;
  lifetimeMs: number;
}

export class TokenManager implements TokenProvider {
  private readonly now: () => number;
  private readonly maxRefreshes: number;
  private readonly windowMs: number;
  private readonly credentials: RefreshCredentials;
  private current: Cached | undefined;
  private inflight: Promise<Cached> | undefined;
  /** when each refresh request was sent, oldest first, within the window */
  private readonly attempts: number[] = [];
  private failures = 0;
  private blockedUntil = 0;
  private lastError: ZohoError | undefined;
  private readonly episode: RejectionEpisode;
  private isSignedOut = false;
  private disposed = false;

  constructor(private readonly opts: TokenManagerOptions) {
    this.now = opts.now ?? Date.now;
    this.maxRefreshes = Math.max(1, Math.floor(opts.maxRefreshes ?? REFRESH_LIMIT));
    this.windowMs = Math.max(1, opts.windowMs ?? REFRESH_WINDOW_MS);
    this.credentials = { ...opts.credentials };
    this.episode = new RejectionEpisode(this.now);
    for (const s of [opts.credentials.clientSecret, opts.credentials.refreshToken, opts.initial?.accessToken]) registerSecret(s);
    const init = opts.initial;
    if (init && typeof init.accessToken === 'string' && init.accessToken.trim() !== '' && Number.isFinite(init.expiresAt)) {
      const t = this.now();
      const left = Math.max(0, init.expiresAt - t);
      const lifetimeMs = init.lifetimeMs !== undefined && init.lifetimeMs > 0 ? init.lifetimeMs : Math.min(left, DEFAULT_TOKEN_LIFETIME_MS);
      this.current = { accessToken: init.accessToken.trim(), expiresAt: init.expiresAt, lifetimeMs };
    }
  }

  /** True once the sign-in has stopped working (onSignedOut has fired); getAccessToken() then resolves undefined. */
  get signedOut(): boolean {
    return this.isSignedOut;
  }

  /** When the cached access token expires (ms since the epoch), if one is cached. */
  get expiresAt(): number | undefined {
    return this.current?.expiresAt;
  }

  /** While new tokens keep being rejected: when refreshing may be tried again (ms since the epoch); else undefined. */
  get rejectedUntilMs(): number | undefined {
    return this.episode.pausedUntil;
  }

  /** Refresh requests sent to Zoho in the current sliding window. */
  refreshesInWindow(): number {
    this.prune(this.now());
    return this.attempts.length;
  }

  /**
   * The cached access token, renewed first within the refresh margin of expiry (one shared refresh).
   * Undefined after sign-out or dispose(). Rejects with the refresh's error when no usable token is
   * left (network, REFRESH_THROTTLED, OAUTH_THROTTLED, the failure that signed out; a still-valid old
   * token is returned instead), and with OAUTH_TOKEN_REJECTED while new tokens keep being rejected.
   */
  async getAccessToken(): Promise<string | undefined> {
    if (this.disposed || this.isSignedOut) return undefined;
    const c = this.current;
    if (c && this.now() < c.expiresAt - refreshMargin(c.lifetimeMs)) return c.accessToken;
    const paused = this.episode.error();
    if (paused) throw paused;
    try {
      // the renewal of a token that lived ends any rejection episode; a first token or a probe does not
      return (await this.refreshShared(!c)).accessToken;
    } catch (e) {
      if (this.disposed) return undefined;
      if (this.isSignedOut) throw e;
      const still = this.current;
      if (still && this.now() < still.expiresAt) {
        this.say('warn', `Could not renew the Zoho access token yet (${codeOf(e)}); using the current one until it expires`);
        return still.accessToken;
      }
      throw e;
    }
  }

  /**
   * Zoho rejected `rejected` (401), whatever its age. True: a newer token is available (one shared
   * refresh), retry once. False: signed out or disposed. Rejects on transient trouble (network, 5xx,
   * throttling) and with OAUTH_TOKEN_REJECTED while refreshing is paused: neither is a sign-out.
   */
  async onUnauthorized(rejected: string): Promise<boolean> {
    if (this.disposed || this.isSignedOut) return false;
    if (this.inflight) return this.awaitRefresh(this.inflight);
    const c = this.current;
    if (c && c.accessToken !== rejected) return true;
    const paused = this.episode.error();
    if (paused) throw paused;
    this.say('info', 'Zoho rejected the access token; renewing it once');
    if (c?.accessToken === rejected) this.current = undefined;
    return this.awaitRefresh(this.refreshShared(true));
  }

  /**
   * The retry with `renewed` (the token onUnauthorized provided) was refused too: new tokens are
   * being rejected. `renewed` is not sent again and refreshing pauses; onRejected fires once per episode.
   */
  onRejectedAfterRefresh(renewed: string): void {
    if (this.disposed || this.isSignedOut || this.episode.error()) return;
    if (this.current && this.current.accessToken !== renewed) return; // a newer token is in use already
    this.current = undefined;
    const { first, count, pauseMs } = this.episode.reject();
    this.say('warn', `Zoho rejected a newly issued access token too (${count} in a row); not renewing for ${describeMs(pauseMs)}. The refresh token is kept.`);
    const err = this.episode.error() ?? new ZohoError({ code: 'OAUTH_TOKEN_REJECTED', httpStatus: 401 });
    if (first) this.notify('onRejected', () => this.opts.onRejected?.(err));
  }

  /** Stops everything: no more refreshes or callbacks; getAccessToken() resolves undefined. */
  dispose(): void {
    this.disposed = true;
    this.current = undefined;
  }

  private async awaitRefresh(p: Promise<Cached>): Promise<boolean> {
    try {
      await p;
      return !this.disposed && !this.isSignedOut;
    } catch (e) {
      if (this.disposed || this.isSignedOut) return false;
      throw e;
    }
  }

  /** The refresh in flight, or a new one if the backoff and the sliding window allow it. */
  private refreshShared(keepEpisode: boolean): Promise<Cached> {
    if (this.inflight) return this.inflight;
    const t = this.now();
    if (t < this.blockedUntil && this.lastError) return Promise.reject(this.blockedError(t, this.lastError));
    this.prune(t);
    if (this.attempts.length >= this.maxRefreshes) {
      const retryAfterMs = Math.max(1, this.attempts[0] + this.windowMs - t);
      this.say('warn', `Not renewing the Zoho access token: ${this.attempts.length} renewals in the last ${Math.round(this.windowMs / 60_000)} minutes already`);
      return Promise.reject(new ZohoError({ code: 'REFRESH_THROTTLED', retryAfterMs }));
    }
    this.attempts.push(t);
    const p = this.doRefresh(t, keepEpisode).finally(() => {
      if (this.inflight === p) this.inflight = undefined;
    });
    this.inflight = p;
    return p;
  }

  private async doRefresh(startedAt: number, keepEpisode: boolean): Promise<Cached> {
    let grant: TokenGrant;
    try {
      grant = await this.opts.oauth.refresh({ ...this.credentials });
    } catch (e) {
      const err = e instanceof ZohoError ? e : errorFromTransport(e, {} as TransportContext);
      if (this.disposed) throw err;
      if (isPermanentOAuthFailure(err)) {
        this.signOut(err);
        throw err;
      }
      this.failures += 1;
      const throttled = err.code === 'OAUTH_THROTTLED';
      const base = throttled ? THROTTLED_BACKOFF_MS : TRANSIENT_BACKOFF_MS;
      const cap = throttled ? THROTTLED_BACKOFF_MAX_MS : TRANSIENT_BACKOFF_MAX_MS;
      const delay = Math.max(err.retryAfterMs ?? 0, Math.min(cap, base * 2 ** Math.min(this.failures - 1, 20)));
      this.blockedUntil = this.now() + delay;
      this.lastError = err;
      this.say('warn', `Could not renew the Zoho access token (${err.code}); next try in ${Math.ceil(delay / 1000)} s at the earliest`);
      throw err;
    }
    if (this.disposed) throw new ZohoError({ code: 'ABORTED' });
    if (this.isSignedOut) throw new ZohoError({ code: 'NO_TOKEN' });
    this.failures = 0;
    this.blockedUntil = 0;
    this.lastError = undefined;
    registerSecret(grant.accessToken);
    if (grant.refreshToken && grant.refreshToken !== this.credentials.refreshToken) {
      // Zoho does not rotate refresh tokens today; if it ever does, use (and let onToken store) the new one.
      registerSecret(grant.refreshToken);
      this.credentials.refreshToken = grant.refreshToken;
      this.say('info', 'Zoho issued a new refresh token with the access token');
    }
    const lifetimeMs = Number.isFinite(grant.lifetimeMs) && grant.lifetimeMs > 0 ? grant.lifetimeMs : DEFAULT_TOKEN_LIFETIME_MS;
    if (!keepEpisode) this.episode.end();
    const next: Cached = { accessToken: grant.accessToken, expiresAt: startedAt + lifetimeMs, lifetimeMs };
    this.current = next;
    this.say('info', `Renewed the Zoho access token (valid for ${describeMs(lifetimeMs)})`);
    this.notify('onToken', () => this.opts.onToken?.({ ...grant, expiresAt: next.expiresAt, lifetimeMs }));
    return next;
  }

  private blockedError(t: number, last: ZohoError): ZohoError {
    if (last.code === 'OAUTH_THROTTLED') return new ZohoError({ code: 'OAUTH_THROTTLED', retryAfterMs: this.blockedUntil - t });
    return last;
  }

  private signOut(err: ZohoError): void {
    if (this.isSignedOut || this.disposed) return;
    this.isSignedOut = true;
    this.current = undefined;
    this.say('warn', `Signed out of Zoho: ${err.message}`);
    this.notify('onSignedOut', () => this.opts.onSignedOut?.(err));
  }

  /** Runs a callback; its failure is logged, never thrown into the refresh. */
  private notify(name: string, call: () => void): void {
    try {
      call();
    } catch (e) {
      this.say('warn', `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private prune(t: number): void {
    while (this.attempts.length > 0 && this.attempts[0] <= t - this.windowMs) this.attempts.shift();
  }

  private say(level: 'debug' | 'info' | 'warn' | 'error', msg: string): void {
    this.opts.log?.(level, redactSecrets(msg));
  }
}

function codeOf(e: unknown): string {
  return e instanceof ZohoError ? e.code : 'error';
}

function describeMs(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} minutes`;
  if (ms >= 2_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms)} ms`;
}
