// Zoho credentials in a secret store (VS Code's SecretStorage, the OS keychain on desktop) as one
// typed JSON secret. Deletes and in-place updates happen only while the stored record is the sign-in
// the caller means, so a late sign-out never wipes a newer sign-in (this window or another). A record
// that cannot be read is left alone, reported once, and counts as signed out. No vscode here: the
// store needs only the four members below, which vscode.SecretStorage has.
import { parseCredentials, sameSignIn, type Credentials } from './credentials';
import { Emitter, type Event } from './emitter';

export const CREDENTIALS_KEY = 'zohoBulkJobs.credentials';

/** The SecretStorage key of a connection's credentials: the first connection keeps the key earlier versions used. */
export function credentialKeyFor(connection: string): string {
  return connection === 'default' ? CREDENTIALS_KEY : `${CREDENTIALS_KEY}.${connection}`;
}

/** The part of vscode.SecretStorage the store uses. */
export interface SecretsLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  onDidChange(listener: (e: { key: string }) => unknown): { dispose(): void };
}

export interface CredentialStorage {
  /** The stored sign-in; undefined when there is none or it cannot be read (then left as it is). */
  load(): Promise<Credentials | undefined>;
  save(c: Credentials): Promise<void>;
  /** Stores `next` only while `expected` (the same sign-in) is stored. False: something else is there. */
  replace(expected: Credentials, next: Credentials): Promise<boolean>;
  /** Deletes the stored sign-in only while it is `expected`. False: a newer or unreadable record is kept. */
  clear(expected: Credentials): Promise<boolean>;
  /** another window changed the stored credentials */
  readonly onDidChange: Event<void>;
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export class SecretCredentialStore implements CredentialStorage {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: { dispose(): void };
  /** the unreadable text last reported, so each is reported once */
  private reported: string | undefined;
  /** writes run one at a time, so a compare-then-write never interleaves with another write of this window */
  private queue: Promise<unknown> = Promise.resolve();

  /** `key`: the SecretStorage key (CREDENTIALS_KEY for the first connection, credentialKeyFor(id) for another) */
  constructor(private readonly secrets: SecretsLike, private readonly log?: Log, private readonly key = CREDENTIALS_KEY) {
    this.sub = secrets.onDidChange((e) => { if (e.key === this.key) this.changed.fire(); });
  }

  async load(): Promise<Credentials | undefined> {
    const text = await this.secrets.get(this.key);
    if (!text) return undefined;
    const parsed = parseCredentials(text);
    if (parsed.ok) return parsed.credentials;
    if (this.reported !== text) {
      this.reported = text;
      this.log?.('warn', `The saved Zoho sign-in could not be read: ${parsed.problem}. It was left as it is; this window counts as signed out until you sign in again (which replaces it).`);
    }
    return undefined;
  }

  save(c: Credentials): Promise<void> {
    return this.serial(() => this.secrets.store(this.key, JSON.stringify(c)));
  }

  replace(expected: Credentials, next: Credentials): Promise<boolean> {
    return this.serial(async () => {
      if (!(await this.holds(expected))) return false;
      await this.secrets.store(this.key, JSON.stringify(next));
      return true;
    });
  }

  clear(expected: Credentials): Promise<boolean> {
    return this.serial(async () => {
      if (!(await this.holds(expected))) {
        this.log?.('info', 'The saved Zoho sign-in is not the one being ended (a newer sign-in, or one this version cannot read); it was kept.');
        return false;
      }
      await this.secrets.delete(this.key);
      return true;
    });
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }

  private serial<T>(write: () => PromiseLike<T>): Promise<T> {
    const run = this.queue.then(write, write);
    this.queue = run.then(() => undefined, () => undefined);
    return run;
  }

  private async holds(expected: Credentials): Promise<boolean> {
    const text = await this.secrets.get(this.key);
    if (!text) return false;
    const parsed = parseCredentials(text);
    return parsed.ok && sameSignIn(parsed.credentials, expected);
  }
}
