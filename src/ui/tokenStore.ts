// The access token, kept only in VS Code's SecretStorage (the OS keychain on desktop) and
// cached in memory. It is the client's TokenProvider; windows stay in step through
// secrets.onDidChange.
import * as vscode from 'vscode';
import { Emitter } from '../jobs/emitter';

export const ACCESS_TOKEN_KEY = 'zohoBulkJobs.accessToken';

/** A token is one line of printable ASCII without spaces (Zoho's look like 1000.<hex>.<hex>). */
export function tokenProblem(token: unknown): string | undefined {
  if (typeof token !== 'string') return 'The access token must be text.';
  const t = token.trim();
  if (t === '') return 'The access token is empty.';
  if (t.length > 2048) return 'That is too long to be a Zoho access token.';
  if (!/^[\x21-\x7e]+$/.test(t)) return 'An access token has no spaces, line breaks or non-ASCII characters.';
  if (/^Zoho-oauthtoken$/i.test(t) || /^Bearer$/i.test(t)) return 'Paste the token itself, without the "Zoho-oauthtoken" prefix.';
  return undefined;
}

export class TokenStore implements vscode.Disposable {
  private cached: string | undefined;
  private loaded: Promise<void>;
  private readonly changed = new Emitter<boolean>();
  /** fires with whether a token is present */
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly onSecret: (value: string | undefined) => void) {
    this.loaded = this.reload();
    this.sub = secrets.onDidChange((e) => {
      if (e.key === ACCESS_TOKEN_KEY) this.loaded = this.reload();
    });
  }

  get hasToken(): boolean { return this.cached !== undefined; }

  ready(): Promise<void> { return this.loaded; }

  async getAccessToken(): Promise<string | undefined> {
    await this.loaded;
    return this.cached;
  }

  async set(token: string): Promise<void> {
    const t = token.trim();
    this.onSecret(t);
    this.cached = t;
    await this.secrets.store(ACCESS_TOKEN_KEY, t);
    this.changed.fire(true);
  }

  async clear(): Promise<void> {
    this.cached = undefined;
    await this.secrets.delete(ACCESS_TOKEN_KEY);
    this.changed.fire(false);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }

  private async reload(): Promise<void> {
    const before = this.cached;
    try {
      this.cached = (await this.secrets.get(ACCESS_TOKEN_KEY)) || undefined;
    } catch {
      this.cached = undefined;
    }
    this.onSecret(this.cached);
    if (before !== this.cached) this.changed.fire(this.cached !== undefined);
  }
}
