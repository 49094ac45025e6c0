// Zoho credentials in VS Code's SecretStorage (the OS keychain on desktop), as one typed JSON
// secret. Nothing here is ever written to settings, globalState or logs.
import * as vscode from 'vscode';
import { Emitter } from '../jobs/emitter';
import type { CredentialStorage, Credentials } from '../jobs/session';
import { DATA_CENTERS, ENVIRONMENTS } from '../zoho/dataCenters';

export const CREDENTIALS_KEY = 'zohoBulkJobs.credentials';

export class SecretCredentialStore implements CredentialStorage, vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = secrets.onDidChange((e) => { if (e.key === CREDENTIALS_KEY) this.changed.fire(); });
  }

  async load(): Promise<Credentials | undefined> {
    const text = await this.secrets.get(CREDENTIALS_KEY);
    if (!text) return undefined;
    const c = parseCredentials(text);
    if (!c) await this.secrets.delete(CREDENTIALS_KEY); // unreadable: signed out, not a crash
    return c;
  }

  async save(c: Credentials): Promise<void> {
    await this.secrets.store(CREDENTIALS_KEY, JSON.stringify(c));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(CREDENTIALS_KEY);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export function parseCredentials(text: string): Credentials | undefined {
  let v: unknown;
  try { v = JSON.parse(text); } catch { return undefined; }
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Partial<Credentials>;
  if (c.version !== 1 || (c.method !== 'oauth' && c.method !== 'accessToken')) return undefined;
  if (!DATA_CENTERS.includes(c.dataCenter as never) || !ENVIRONMENTS.includes(c.environment as never)) return undefined;
  if (c.method === 'accessToken' && typeof c.accessToken !== 'string') return undefined;
  if (c.method === 'oauth' && (typeof c.refreshToken !== 'string' || typeof c.clientId !== 'string' || typeof c.clientSecret !== 'string')) return undefined;
  return c as Credentials;
}
