// An in-memory secret store with the four members the credential store uses (the shape of
// vscode.SecretStorage). Several stores over one MemorySecrets behave like windows sharing the OS
// keychain: every change is announced to all of them.
import type { SecretsLike } from '../../../src/jobs/credentialStore';

export class MemorySecrets implements SecretsLike {
  readonly map = new Map<string, string>();
  private readonly listeners = new Set<(e: { key: string }) => unknown>();
  /** every store/delete, in order */
  readonly writes: string[] = [];

  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
    this.writes.push(`store ${key}`);
    this.announce(key);
  }

  async delete(key: string): Promise<void> {
    this.map.delete(key);
    this.writes.push(`delete ${key}`);
    this.announce(key);
  }

  onDidChange(listener: (e: { key: string }) => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  private announce(key: string): void {
    for (const l of [...this.listeners]) l({ key });
  }
}
