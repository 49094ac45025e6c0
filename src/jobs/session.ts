// The Zoho session: who is signed in, how, and the TokenProvider the client uses; OAuth sessions refresh
// at the accounts server that issued them. Stored credentials are deleted only by Sign Out, when Zoho's token
// endpoint says the refresh token or client is invalid, or when an access token is past its known expiry
// (and only while still the sign-in being ended); any other problem is reported once and nothing loops.
import { loopbackOrigin } from '../zoho/dataCenters';
import { ZohoError } from '../zoho/errors';
import type { TokenGrant } from '../zoho/oauth';
import { TokenManager } from '../zoho/tokenManager';
import type { TokenProvider } from '../zoho/tokenProvider';
import type { CredentialStorage } from './credentialStore';
import { issuerFor, sameSignIn, targetProblem, type Credentials } from './credentials';
import { Emitter } from './emitter';
import type { SessionDeps, SessionNotice, SessionProblem, SessionState } from './sessionTypes';
import type { ValidSignIn } from './signInOptions';

export type { Credentials } from './credentials';
export type { CredentialStorage } from './credentialStore';

export type { SessionDeps, SessionNotice, SessionProblem, SessionState } from './sessionTypes';

export class Session implements TokenProvider {
  private creds: Credentials | undefined;
  private manager: TokenManager | undefined;
  /** bumped whenever the credentials in use change (see noteAccessTokenExpiry) */
  private epoch = 0;
  private tokenRejected = false;
  /** the wrong-target message last shown, so each is shown once */
  private noticedTarget: string | undefined;
  private loading: Promise<void>;
  private reloads = 0;
  private readonly changed = new Emitter<SessionState>();
  private readonly signedOut = new Emitter<{ reason: string }>();
  private readonly problems = new Emitter<SessionNotice>();
  /** the signed-in state changed (sign in, sign out, another window, a problem) */
  readonly onDidChange = this.changed.event;
  /** the session ended on its own (refresh token revoked, access token expired): tell the user once */
  readonly onDidSignOut = this.signedOut.event;
  /** a problem began (the credentials are kept): tell the user once */
  readonly onDidHaveProblem = this.problems.event;
  private readonly now: () => number;
  private readonly sub: { dispose(): void };

  constructor(private readonly storage: CredentialStorage, private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
    this.loading = this.reload();
    this.sub = storage.onDidChange(() => { this.loading = this.reload(); });
  }

  ready(): Promise<void> { return this.loading; }

  get state(): SessionState {
    const c = this.creds;
    if (!c) return { signedIn: false };
    const expiresAt = c.method === 'oauth' ? this.manager?.expiresAt : c.accessTokenExpiresAt;
    const problem: SessionProblem | undefined = this.wrongTarget(c) ? 'wrongTarget'
      : this.tokenRejected ? 'tokenRejected'
      : this.manager?.rejectedUntilMs !== undefined ? 'rejected' : undefined;
    return {
      signedIn: problem === undefined || problem === 'rejected', method: c.method, dataCenter: c.dataCenter, environment: c.environment,
      ...(expiresAt ? { expiresAt } : {}), ...(problem ? { problem } : {}),
    };
  }

  /** The API address in effect: the setting's, or while pinned the loopback address the credentials were issued at. */
  get apiOverride(): string | undefined { return this.override(this.creds); }

  /** the API domain Zoho named at sign-in, if any */
  get apiDomain(): string | undefined { return this.creds?.apiDomain; }

  /** Changes whenever the credentials in use change; pass it to noteAccessTokenExpiry. */
  get tokenEpoch(): number { return this.epoch; }

  async getAccessToken(): Promise<string | undefined> {
    await this.loading;
    const c = this.creds;
    if (!c) return undefined;
    const wrong = this.checkTarget(c);
    if (wrong) throw new ZohoError({ code: 'SIGNED_IN_ELSEWHERE', detail: wrong });
    if (c.method === 'oauth') return this.manager?.getAccessToken();
    if (this.tokenRejected) return undefined;
    if (c.accessTokenExpiresAt !== undefined && this.now() >= c.accessTokenExpiresAt) {
      await this.end(`Your Zoho access token expired at ${new Date(c.accessTokenExpiresAt).toLocaleTimeString()}.`, c);
      return undefined;
    }
    return c.accessToken;
  }

  async onUnauthorized(rejected: string): Promise<boolean> {
    const c = this.creds;
    if (!c || this.checkTarget(c)) return false;
    if (c.method === 'oauth') return this.manager?.onUnauthorized(rejected) ?? false;
    if (c.accessToken !== rejected) return c.accessToken !== undefined && !this.tokenRejected; // already replaced: retry with it
    if (c.accessTokenExpiresAt !== undefined && this.now() >= c.accessTokenExpiresAt) {
      await this.end('Zoho rejected the access token: it has expired (access tokens last one hour).', c);
    } else if (!this.tokenRejected) {
      // not known to be expired: a proxy or the wrong data centre may have answered; keep it, stop sending it
      this.tokenRejected = true;
      this.problem('tokenRejected', 'Zoho rejected the access token before its expiry. It is not sent again; the saved token is kept. Sign in again (a Self Client stays signed in), or check the data centre and the API domain setting.');
    }
    return false;
  }

  /** The retry with a renewed token was refused too (OAuth sessions pause refreshing; see TokenManager). */
  onRejectedAfterRefresh(renewed: string): void {
    if (this.creds?.method === 'oauth') this.manager?.onRejectedAfterRefresh(renewed);
  }

  /**
   * Records when the access token expires, from Zoho's X-ACCESSTOKEN-RESET header. `epoch` is
   * tokenEpoch as it was before the request: an answer for a token since replaced is ignored.
   */
  async noteAccessTokenExpiry(expiresAt: number | undefined, epoch: number): Promise<void> {
    const c = this.creds;
    if (!c || epoch !== this.epoch || c.method !== 'accessToken' || expiresAt === undefined || c.accessTokenExpiresAt === expiresAt) return;
    const before = { ...c };
    c.accessTokenExpiresAt = expiresAt;
    await this.storage.replace(before, c);
    this.changed.fire(this.state);
  }

  /** The settings changed: re-check where the credentials may go, and tell once if they may not. */
  targetChanged(): void {
    const c = this.creds;
    if (!c) return;
    this.checkTarget(c);
    this.changed.fire(this.state);
  }

  async signIn(o: ValidSignIn): Promise<SessionState> {
    let creds: Credentials;
    let grant: TokenGrant | undefined;
    const override = this.deps.apiOverride?.() || undefined;
    const base = { version: 1 as const, dataCenter: o.dataCenter, environment: o.environment, ...issuerFor(o.dataCenter, o.environment, override) };
    const elsewhere = targetProblem({ ...base, method: o.method === 'accessToken' ? 'accessToken' : 'oauth' }, override);
    if (elsewhere) throw new Error(`${elsewhere}: choose the data centre of the API domain setting, or clear the setting.`);
    if (o.method === 'accessToken') {
      creds = { ...base, method: 'accessToken', accessToken: o.accessToken };
    } else {
      this.deps.onSecret?.(o.clientSecret);
      const oauth = this.deps.oauth({ accountsUrl: base.accountsUrl, dataCenter: o.dataCenter });
      if (o.method === 'selfClient') {
        this.deps.onSecret?.(o.grantCode);
        grant = await oauth.exchangeGrantCode({ clientId: o.clientId, clientSecret: o.clientSecret, code: o.grantCode });
        if (!grant.refreshToken) throw new Error('Zoho returned no refresh token for this grant code. Generate a new code in the API Console (Self Client → Generate Code) and sign in again.');
      } else {
        this.deps.onSecret?.(o.refreshToken);
        grant = await oauth.refresh({ clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken });
      }
      const refreshToken = grant.refreshToken ?? (o.method === 'refreshToken' ? o.refreshToken : undefined);
      creds = { ...base, method: 'oauth', clientId: o.clientId, clientSecret: o.clientSecret, refreshToken, ...(grant.apiDomain ? { apiDomain: grant.apiDomain } : {}) };
    }
    await this.storage.save(creds);
    this.use(creds, grant);
    this.deps.log?.('info', `Signed in to Zoho (${o.dataCenter}, ${o.environment}) with ${o.method === 'accessToken' ? 'an access token' : 'OAuth'}.`);
    this.changed.fire(this.state);
    return this.state;
  }

  /**
   * Signs out: revokes the refresh token at the accounts server that issued it (best effort, unless
   * told not to) and deletes the stored credentials — unless a newer sign-in has replaced them.
   */
  async signOut(opts: { revoke?: boolean } = {}): Promise<void> {
    await this.loading;
    const c = this.creds;
    if (!c) return;
    this.use(undefined);
    this.changed.fire(this.state);
    await this.storage.clear(c);
    if (c.method === 'oauth' && c.refreshToken && opts.revoke !== false) {
      try {
        await this.deps.oauth({ accountsUrl: c.accountsUrl, dataCenter: c.dataCenter }).revoke(c.refreshToken);
      } catch (e) {
        this.deps.log?.('warn', `Could not revoke the refresh token at Zoho: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.manager?.dispose();
    this.changed.dispose();
    this.signedOut.dispose();
    this.problems.dispose();
  }

  /** `ended` can no longer work: forget it (if still in use), delete it (if still stored), say so once. */
  private async end(reason: string, ended: Credentials): Promise<void> {
    if (this.creds !== ended) return; // a newer sign-in replaced it meanwhile
    this.use(undefined);
    this.deps.log?.('warn', `Signed out: ${reason}`);
    this.changed.fire(this.state);
    this.signedOut.fire({ reason });
    await this.storage.clear(ended);
  }

  private wrongTarget(c: Credentials): string | undefined {
    return targetProblem(c, this.override(c));
  }

  private override(c: Credentials | undefined): string | undefined {
    if (c && this.deps.pinned?.()) return loopbackOrigin(c.apiBase) === c.apiBase ? c.apiBase : undefined;
    return this.deps.apiOverride?.() || undefined;
  }

  /** The wrong-target reason, if any; told once per (sign-in, target). */
  private checkTarget(c: Credentials): string | undefined {
    const wrong = this.wrongTarget(c);
    if (wrong && this.noticedTarget !== wrong) {
      this.noticedTarget = wrong;
      this.problem('wrongTarget', `${wrong}. Nothing is sent there with this sign-in; sign in again for it, or set the API domain back (the saved sign-in is kept).`);
    } else if (!wrong) {
      this.noticedTarget = undefined;
    }
    return wrong;
  }

  private problem(problem: SessionProblem, message: string): void {
    this.deps.log?.('warn', message);
    this.changed.fire(this.state);
    this.problems.fire({ problem, message });
  }

  private use(creds: Credentials | undefined, grant?: TokenGrant): void {
    this.manager?.dispose();
    this.manager = undefined;
    this.creds = creds;
    this.epoch += 1;
    this.tokenRejected = false;
    this.noticedTarget = undefined;
    if (!creds) return;
    for (const s of [creds.accessToken, creds.refreshToken, creds.clientSecret]) if (s) this.deps.onSecret?.(s);
    if (creds.method === 'oauth' && creds.refreshToken && creds.clientId && creds.clientSecret) {
      this.manager = new TokenManager({
        oauth: this.deps.oauth({ accountsUrl: creds.accountsUrl, dataCenter: creds.dataCenter }),
        credentials: { clientId: creds.clientId, clientSecret: creds.clientSecret, refreshToken: creds.refreshToken },
        now: this.now,
        ...(grant ? { initial: { accessToken: grant.accessToken, expiresAt: grant.expiresAt } } : {}),
        onToken: (g) => this.onToken(creds, g),
        onSignedOut: (e) => { void this.end(e.message, creds); },
        onRejected: (e) => { if (this.creds === creds) this.problem('rejected', `${e.message}${e.hint ? ` ${e.hint}` : ''}`); },
        log: this.deps.log,
      });
    }
  }

  /** A renewed token; a refresh token Zoho rotated is saved (while this sign-in is still the stored one). */
  private onToken(creds: Credentials, g: TokenGrant): void {
    this.deps.onSecret?.(g.accessToken);
    if (this.creds === creds && g.refreshToken && g.refreshToken !== creds.refreshToken) {
      this.deps.onSecret?.(g.refreshToken);
      const before = { ...creds };
      creds.refreshToken = g.refreshToken;
      void this.storage.replace(before, creds).then(
        (saved) => this.deps.log?.(saved ? 'info' : 'warn', saved ? 'Saved the new refresh token Zoho issued.' : 'Zoho issued a new refresh token, but another sign-in is stored now; it was not overwritten.'),
        (e: unknown) => this.deps.log?.('warn', `Could not save the new refresh token: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    this.changed.fire(this.state);
  }

  private async reload(): Promise<void> {
    const n = ++this.reloads;
    let loaded: Credentials | undefined;
    try {
      loaded = await this.storage.load();
    } catch (e) {
      this.deps.log?.('warn', `Could not read the saved Zoho credentials: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (n !== this.reloads) return; // a later change is being read: only the newest read counts
    if (sameSignIn(loaded, this.creds) && loaded?.accessTokenExpiresAt === this.creds?.accessTokenExpiresAt) return;
    if (loaded && this.creds && sameSignIn(loaded, this.creds)) {
      this.creds.accessTokenExpiresAt = loaded.accessTokenExpiresAt; // the same sign-in, a newer expiry
    } else {
      this.use(loaded);
    }
    this.changed.fire(this.state);
  }
}
