// The connections the user keeps side by side, in the order they were added, each with its own
// Session (credentials under a SecretStorage key of its own, its own token manager and refresh
// budget). The list holds no secret and is saved (awaited) at every change. The first connection
// is the sign-in every version before connections had: its credentials key and its jobs are the
// ones that version wrote, so upgrading moves nothing.
import type { DataCenter, Environment } from '../../zoho/dataCenters';
import { Emitter } from '../emitter';
import type { StateStorage } from '../persistence/legacyState';
import type { Session } from '../session';
import { defaultName, nameProblem, nextConnectionId, readConnections, type ConnectionInfo, type OrgSummary } from './connectionInfo';
import { FIRST_CONNECTION } from './jobKey';

export const CONNECTIONS_KEY = 'zohoBulkJobs.connections';

export interface ConnectionListDeps {
  state: StateStorage;
  /** the Session of a connection id (created once per id) */
  session(id: string): Session;
  /** the data centre and environment a new connection gets when none is given (the settings) */
  defaults(): { dataCenter: DataCenter; environment: Environment };
  warn?(message: string): void;
}

export class ConnectionList {
  private list: ConnectionInfo[];
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new Emitter<void>();
  private readonly sessionChanged = new Emitter<string>();
  private readonly sessionSubs = new Map<string, { dispose(): void }>();
  private saving: Promise<void> = Promise.resolve();
  /** a connection was added, renamed, removed or learnt its org */
  readonly onDidChange = this.changed.event;
  /** a connection's session changed (signed in or out, a problem): its id */
  readonly onDidChangeSession = this.sessionChanged.event;

  constructor(private readonly deps: ConnectionListDeps) {
    const { list, problems } = readConnections(deps.state.get(CONNECTIONS_KEY));
    this.list = list;
    if (problems.length > 0) deps.warn?.(`Some saved Zoho connections could not be read and are left out: ${problems.join('; ')}.`);
  }

  all(): readonly ConnectionInfo[] { return this.list; }
  get(id: string): ConnectionInfo | undefined { return this.list.find((c) => c.id === id); }
  /** Case and surrounding spaces ignored. */
  byName(name: string): ConnectionInfo | undefined {
    const n = name.trim().toLowerCase();
    return this.list.find((c) => c.name.toLowerCase() === n);
  }
  /** The name of a connection, or its id while it is not listed yet (the first one before any sign-in). */
  nameOf(id: string): string { return this.get(id)?.name ?? id; }

  /** Several connections: each keeps the address it signed in at (see Session's pinning). */
  get several(): boolean { return this.list.length > 1; }

  session(id: string): Session {
    let s = this.sessions.get(id);
    if (!s) {
      const created = this.deps.session(id);
      this.sessions.set(id, s = created);
      this.sessionSubs.set(id, created.onDidChange(() => this.sessionChanged.fire(id)));
    }
    return s;
  }

  /** The sessions made so far (the first connection's always, once asked for). */
  liveSessions(): Session[] { return [...this.sessions.values()]; }

  /** Whether any connection is signed in (the listed ones, and the first one before it is listed). */
  anySignedIn(): boolean {
    return this.list.some((c) => this.session(c.id).state.signedIn) || this.session(this.defaultId()).state.signedIn;
  }

  /** The connection a call without a name means: the only one, or the first one (FIRST_CONNECTION when there is none yet). */
  defaultId(): string { return this.list[0]?.id ?? FIRST_CONNECTION; }

  /** The id of the connection named `name` (undefined: the default one); an unknown name rejects with the names there are. */
  resolve(name: unknown): string {
    if (name === undefined || name === null) return this.defaultId();
    const problem = nameProblem(name);
    if (problem) throw new Error(problem);
    const c = this.byName(name as string);
    if (!c) {
      const known = this.list.map((x) => `"${x.name}"`).join(', ');
      throw new Error(`There is no Zoho connection named "${(name as string).trim()}"${known ? `; the connections are ${known}` : ' (no connection has been added yet)'}.`);
    }
    return c.id;
  }

  /**
   * The connection a sign-in with `name` goes to: the one of that name, or a new one (listed once
   * the sign-in succeeds, see `listed`). Without a name: the default one.
   */
  forSignIn(name: unknown): { id: string; isNew: boolean; name?: string } {
    if (name === undefined || name === null) return { id: this.defaultId(), isNew: false };
    const problem = nameProblem(name);
    if (problem) throw new Error(problem);
    const c = this.byName(name as string);
    if (c) return { id: c.id, isNew: false };
    return { id: nextConnectionId(this.list.map((x) => x.id)), isNew: true, name: (name as string).trim() };
  }

  /** Lists `id` (signed in just now) if it is not yet; `name` when the user chose one. Saved before it resolves. */
  async listed(id: string, where: { dataCenter: DataCenter; environment: Environment }, name?: string): Promise<ConnectionInfo> {
    const existing = this.get(id);
    if (existing) {
      existing.dataCenter = where.dataCenter;
      existing.environment = where.environment;
      if (name !== undefined) { existing.name = this.unique(name, id); existing.named = true; }
      await this.save();
      return existing;
    }
    const info: ConnectionInfo = { id, name: this.unique(name ?? defaultName(where.dataCenter, where.environment), id), ...where, ...(name !== undefined ? { named: true } : {}) };
    this.list = [...this.list, info];
    await this.save();
    for (const c of this.list) if (c.id !== id) this.sessions.get(c.id)?.targetChanged(); // pinning may have begun
    return info;
  }

  /**
   * Lists the first connection when an earlier version's sign-in or jobs are there but no list is
   * (an upgrade): nothing is lost and nothing moves.
   */
  async adoptFirst(hasJobs: boolean): Promise<void> {
    if (this.list.length > 0) return;
    const s = this.session(FIRST_CONNECTION);
    await s.ready();
    const st = s.state;
    if (!st.dataCenter && !hasJobs) return;
    if (this.list.length > 0) return;
    const d = this.deps.defaults();
    await this.listed(FIRST_CONNECTION, { dataCenter: st.dataCenter ?? d.dataCenter, environment: st.environment ?? d.environment });
  }

  /** Why `name` cannot name connection `id` (a new connection without one): not a name, or another connection's. */
  nameProblemFor(name: unknown, id?: string): string | undefined {
    const problem = nameProblem(name);
    if (problem) return problem;
    const clash = this.byName(name as string);
    return clash && clash.id !== id ? `Another connection is already named "${clash.name}".` : undefined;
  }

  /** The name offered for a new connection: "Zoho EU sandbox", or "Zoho EU sandbox (2)" when taken. */
  suggestedName(where: { dataCenter: DataCenter; environment: Environment }): string {
    return this.unique(defaultName(where.dataCenter, where.environment), '');
  }

  async rename(id: string, name: unknown): Promise<ConnectionInfo> {
    const problem = this.nameProblemFor(name, id);
    if (problem) throw new Error(problem);
    const c = this.get(id);
    if (!c) throw new Error('That Zoho connection is no longer there.');
    c.name = (name as string).trim();
    c.named = true;
    await this.save();
    return c;
  }

  /** The org learnt after a sign-in: shown in tooltips, and the name unless the user chose one. */
  async setOrg(id: string, org: OrgSummary): Promise<void> {
    const c = this.get(id);
    if (!c) return;
    c.org = org;
    if (!c.named && org.name) c.name = this.unique(org.name, id);
    await this.save();
  }

  /** Forgets a connection (its session is signed out by the caller first). */
  async remove(id: string): Promise<boolean> {
    if (!this.get(id)) return false;
    this.list = this.list.filter((c) => c.id !== id);
    await this.save();
    const s = this.sessions.get(id);
    this.sessions.delete(id);
    this.sessionSubs.get(id)?.dispose();
    this.sessionSubs.delete(id);
    s?.dispose();
    for (const c of this.list) this.sessions.get(c.id)?.targetChanged();
    return true;
  }

  dispose(): void {
    for (const s of this.sessionSubs.values()) s.dispose();
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.changed.dispose();
    this.sessionChanged.dispose();
  }

  /** `name`, or `name (2)`, … when another connection has it. */
  private unique(name: string, id: string): string {
    const base = name.trim().slice(0, 56);
    let n = base;
    for (let i = 2; this.list.some((c) => c.id !== id && c.name.toLowerCase() === n.toLowerCase()); i++) n = `${base} (${i})`;
    return n;
  }

  private save(): Promise<void> {
    const snapshot = this.list.map((c) => ({ ...c }));
    this.changed.fire();
    const next = this.saving.catch(() => undefined).then(() => this.deps.state.update(CONNECTIONS_KEY, snapshot));
    this.saving = next;
    return next;
  }
}
