// A connection: one Zoho sign-in the user keeps beside others (an org, a data centre, sandbox or
// production). What is saved of it here holds no secret: its credentials live in SecretStorage under
// a key of their own (credentialKeyFor), its jobs carry its id (connections/jobKey.ts).
import { DATA_CENTERS, ENVIRONMENTS, type DataCenter, type Environment } from '../../zoho/dataCenters';
import { FIRST_CONNECTION } from './jobKey';

/** What the connection's org told us (GET /crm/v8/org), shown in tooltips; `zgid` is what uploads send as X-CRM-ORG. */
export interface OrgSummary { id: string; name?: string; zgid?: string; edition?: string; type?: string }

export interface ConnectionInfo {
  /** stable (a rename keeps it): FIRST_CONNECTION, then c2, c3, … */
  readonly id: string;
  /** the user's name for it; unique, case ignored */
  name: string;
  dataCenter: DataCenter;
  environment: Environment;
  /** true once the user chose the name (an org name found later does not replace it) */
  named?: boolean;
  org?: OrgSummary;
}

/** A connection id: what jobKey puts before `~` and the saved files' names hold. */
export const CONNECTION_ID = /^(default|c[0-9]{1,6})$/;

/** A name the user can give: one line, 1–60 characters, no `~`. */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'A connection name must be text.';
  const t = name.trim();
  if (t === '') return 'A connection name cannot be empty.';
  if (t.length > 60) return 'A connection name can be at most 60 characters long.';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(t)) return 'A connection name must be one line of printable characters.';
  return undefined;
}

/** The name a connection gets before the user or its org names it, e.g. "EU sandbox". */
export function defaultName(dc: DataCenter, env: Environment): string {
  return env === 'production' ? `Zoho ${dc}` : `Zoho ${dc} ${env}`;
}

/** Reads a saved list; entries that do not fit are dropped and named in `problems`. */
export function readConnections(v: unknown): { list: ConnectionInfo[]; problems: string[] } {
  const list: ConnectionInfo[] = [];
  const problems: string[] = [];
  if (v === undefined) return { list, problems };
  if (!Array.isArray(v)) return { list, problems: ['the saved connections are not a list'] };
  for (const e of v) {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const id = o.id;
    if (typeof id !== 'string' || !CONNECTION_ID.test(id) || list.some((c) => c.id === id)) { problems.push(`a connection has no valid id (${JSON.stringify(id)})`); continue; }
    if (nameProblem(o.name) || !DATA_CENTERS.includes(o.dataCenter as DataCenter) || !ENVIRONMENTS.includes(o.environment as Environment)) { problems.push(`connection ${id} is incomplete`); continue; }
    const c: ConnectionInfo = { id, name: (o.name as string).trim(), dataCenter: o.dataCenter as DataCenter, environment: o.environment as Environment };
    if (o.named === true) c.named = true;
    const org = o.org as Record<string, unknown> | undefined;
    if (org && typeof org === 'object' && typeof org.id === 'string') {
      c.org = { id: org.id };
      for (const k of ['name', 'zgid', 'edition', 'type'] as const) if (typeof org[k] === 'string') c.org[k] = org[k] as string;
    }
    list.push(c);
  }
  return { list, problems };
}

/** The first id not in use: FIRST_CONNECTION, then c2, c3, … */
export function nextConnectionId(used: Iterable<string>): string {
  const taken = new Set(used);
  if (!taken.has(FIRST_CONNECTION)) return FIRST_CONNECTION;
  for (let i = 2; ; i++) if (!taken.has(`c${i}`)) return `c${i}`;
}
