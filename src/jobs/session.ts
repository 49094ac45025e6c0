// The Zoho session: who is signed in, how, and the TokenProvider the client uses. OAuth
// sessions refresh through the TokenManager; an access-token session lasts until Zoho rejects
// the token or it expires. A session that can no longer work (revoked refresh token, rejected
// or expired access token) signs out once — credentials cleared, one event — never a loop.
import type { DataCenter, Environment } from '../zoho/dataCenters';
import type { TokenGrant, ZohoOAuth } from '../zoho/oauth';
import { TokenManager } from '../zoho/tokenManager';
import type { TokenProvider } from '../zoho/tokenProvider';
import { Emitter, type Event } from './emitter';
import type { ValidSignIn } from './signInOptions';

export interface Credentials {
  version: 1;
  method: 'oauth' | 'accessToken';
  dataCenter: DataCenter;
  environment: Environment;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** api_domain Zoho returned with the tokens (validated by the OAuth client) */
  apiDomain?: string;
  accessToken?: string;
  /** when the access token expires (access-token sessions), ms since epoch */
  accessTokenExpiresAt?: number;
}

export interface CredentialStorage {
  load(): Promise<Credentials | undefined>;
  save(c: Credentials): Promise<void>;
  clear(): Promise<void>;
  /** another window changed the stored credentials */
  readonly onDidChange: Event<void>;
}

export interface SessionState {
  signedIn: boolean;
  method?: 'oauth' | 'accessToken';
  dataCenter?: DataCenter;
  environment?: Environment;
  /** when the current access token expires, when known */
  expiresAt?: number;
}

export interface SessionDeps {
  /** the OAuth client for a data centre (its accounts server; the loopback simulator in tests) */
  oauth(dc: DataCenter, env: Environment): ZohoOAuth;
  now?: () => number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  /** every secret the session learns, so the logger can mask it */
  onSecret?(value: string): void;
}

export class Session implements TokenProvider {
  private creds: Credentials | undefined;
  private manager: TokenManager | undefined;
  private loading: Promise<void>;
  private readonly changed = new Emitter<SessionState>();
  private readonly signedOut = new Emitter<{ reason: string }>();
  /** the signed-in state changed (sign in, sign out, another window) */
  readonly onDidChange = this.changed.event;
  /** the session ended on its own (revoked, rejected, expired): tell the user once */
  readonly onDidSignOut = this.signedOut.event;
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
    return { signedIn: true, method: c.method, dataCenter: c.dataCenter, environment: c.environment, ...(expiresAt ? { expiresAt } : {}) };
  }

  /** the API domain Zoho named at sign-in, if any */
  get apiDomain(): string | undefined { return this.creds?.apiDomain; }

  async getAccessToken(): Promise<string | undefined> {
    await this.loading;
    const c = this.creds;
    if (!c) return undefined;
    if (c.method === 'oauth') return this.manager?.getAccessToken();
    if (c.accessTokenExpiresAt !== undefined && this.now() >= c.accessTokenExpiresAt) {
      await this.end(`Your Zoho access token expired at ${new Date(c.accessTokenExpiresAt).toLocaleTimeString()}.`);
      return undefined;
    }
    return c.accessToken;
  }

  async onUnauthorized(rejected: string): Promise<boolean> {
    const c = this.creds;
    if (!c) return false;
    if (c.method === 'oauth') return this.manager?.onUnauthorized(rejected) ?? false;
    if (c.accessToken !== rejected) return c.accessToken !== undefined; // already replaced: retry with it
    await this.end('Zoho rejected the access token (it expires after one hour).');
    return false;
  }

  /** Records when the access token expires, from Zoho's X-ACCESSTOKEN-RESET header. */
  async noteAccessTokenExpiry(expiresAt: number | undefined): Promise<void> {
    const c = this.creds;
    if (!c || c.method !== 'accessToken' || expiresAt === undefined || c.accessTokenExpiresAt === expiresAt) return;
    c.accessTokenExpiresAt = expiresAt;
    await this.storage.save(c);
    this.changed.fire(this.state);
  }

  async signIn(o: ValidSignIn): Promise<SessionState> {
    let creds: Credentials;
    let grant: TokenGrant | undefined;
    const base = { version: 1 as const, dataCenter: o.dataCenter, environment: o.environment };
    if (o.method === 'accessToken') {
      creds = { ...base, method: 'accessToken', accessToken: o.accessToken };
    } else {
      this.deps.onSecret?.(o.clientSecret);
      const oauth = this.deps.oauth(o.dataCenter, o.environment);
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

  /** Signs out: revokes the refresh token at Zoho (best effort, unless told not to) and clears every secret. */
  async signOut(opts: { revoke?: boolean } = {}): Promise<void> {
    await this.loading;
    const c = this.creds;
    this.use(undefined);
    this.changed.fire(this.state);
    await this.storage.clear();
    if (c?.method === 'oauth' && c.refreshToken && opts.revoke !== false) {
      try {
        await this.deps.oauth(c.dataCenter, c.environment).revoke(c.refreshToken);
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
  }

  /** The session can no longer work: clear it and say so once. */
  private async end(reason: string): Promise<void> {
    if (!this.creds) return;
    this.use(undefined);
    this.deps.log?.('warn', `Signed out: ${reason}`);
    this.changed.fire(this.state);
    this.signedOut.fire({ reason });
    await this.storage.clear();
  }

  private use(creds: Credentials | undefined, grant?: TokenGrant): void {
    this.manager?.dispose();
    this.manager = undefined;
    this.creds = creds;
    if (!creds) return;
    for (const s of [creds.accessToken, creds.refreshToken, creds.clientSecret]) if (s) this.deps.onSecret?.(s);
    if (creds.method === 'oauth' && creds.refreshToken && creds.clientId && creds.clientSecret) {
      this.manager = new TokenManager({
        oauth: this.deps.oauth(creds.dataCenter, creds.environment),
        credentials: { clientId: creds.clientId, clientSecret: creds.clientSecret, refreshToken: creds.refreshToken },
        now: this.now,
        ...(grant ? { initial: { accessToken: grant.accessToken, expiresAt: grant.expiresAt } } : {}),
        onToken: (g) => { this.deps.onSecret?.(g.accessToken); this.changed.fire(this.state); },
        onSignedOut: (e) => { void this.end(e.message); },
        log: this.deps.log,
      });
    }
  }

  private async reload(): Promise<void> {
    const before = JSON.stringify(this.creds ?? null);
    let loaded: Credentials | undefined;
    try {
      loaded = await this.storage.load();
    } catch (e) {
      this.deps.log?.('warn', `Could not read the saved Zoho credentials: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (JSON.stringify(loaded ?? null) === before) return;
    this.use(loaded);
    this.changed.fire(this.state);
  }
}
