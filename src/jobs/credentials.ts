// The stored Zoho sign-in: its shape, how a stored text is read (old records migrated, records of
// a newer version refused, never guessed at), which sign-in a record is, and whether the Zoho
// address the extension now points at may receive it. No vscode here.
import { checkApiBase, DATA_CENTERS, endpointsFor, ENVIRONMENTS, isLoopback, loopbackOrigin, type DataCenter, type Environment } from '../zoho/dataCenters';
import { dataCenterOfApiHost } from '../zoho/dataCenterHosts';
import { accountsUrlFor } from '../zoho/oauth';

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
  /** origin of the accounts server that issued the credentials: refreshes and revokes go there only */
  accountsUrl: string;
  /** origin of the API the credentials were issued for (the data centre's, or the loopback simulator) */
  apiBase: string;
}

export type ParsedCredentials = { ok: true; credentials: Credentials } | { ok: false; problem: string };

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Reads a stored record. Records from before the issuer was remembered get it from the data
 * centre table, or from their loopback api_domain (a simulator sign-in); never from the settings
 * as they are now. Anything else that does not fit is refused with a reason (no secret in it).
 */
export function parseCredentials(text: string): ParsedCredentials {
  const no = (problem: string): ParsedCredentials => ({ ok: false, problem });
  let v: unknown;
  try { v = JSON.parse(text); } catch { return no('it is not JSON'); }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return no('it is not a JSON object');
  const c = v as Record<string, unknown>;
  if (c.version !== 1) return no(`it has format version ${typeof c.version === 'number' ? c.version : JSON.stringify(typeof c.version)}, and this version of the extension reads version 1 (it may have been written by a newer version)`);
  if (c.method !== 'oauth' && c.method !== 'accessToken') return no('its sign-in method is unknown');
  if (!DATA_CENTERS.includes(c.dataCenter as DataCenter) || !ENVIRONMENTS.includes(c.environment as Environment)) return no('its data centre or environment is unknown');
  if (c.method === 'accessToken' && !str(c.accessToken)) return no('it has no access token');
  if (c.method === 'oauth' && !(str(c.refreshToken) && str(c.clientId) && str(c.clientSecret))) return no('it lacks the refresh token, client id or client secret');
  const dc = c.dataCenter as DataCenter;
  const env = c.environment as Environment;
  const table = endpointsFor(dc, env);
  const simulator = loopbackOrigin(c.apiDomain);
  const accountsUrl = c.accountsUrl === undefined ? simulator ?? table.accountsUrl : c.accountsUrl;
  const apiBase = c.apiBase === undefined ? simulator ?? table.apiDomain : c.apiBase;
  if (!(accountsUrl === table.accountsUrl || (typeof accountsUrl === 'string' && loopbackOrigin(accountsUrl) === accountsUrl))) {
    return no('its accounts server is neither its data centre’s nor a local simulator');
  }
  if (!(typeof apiBase === 'string' && (loopbackOrigin(apiBase) === apiBase || apiBaseOfDc(apiBase) === dc))) {
    return no('its API address is neither its data centre’s nor a local simulator');
  }
  const { apiDomain: rawApiDomain, ...rest } = c;
  const apiDomain = keptApiDomain(rawApiDomain, dc, apiBase);
  return { ok: true, credentials: { ...(rest as unknown as Credentials), accountsUrl, apiBase, ...(apiDomain ? { apiDomain } : {}) } };
}

/**
 * The stored api_domain, if it may still be used: an API host of the record's data centre, or the
 * record's own loopback apiBase (a simulator sign-in). Anything else (another data centre, a loopback
 * address after a Zoho sign-in) is dropped, so requests go to the record's apiBase instead.
 */
function keptApiDomain(raw: unknown, dc: DataCenter, apiBase: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const check = checkApiBase(raw);
  if (!check.ok) return undefined;
  if (isLoopback(check.url)) return check.url.origin === apiBase ? apiBase : undefined;
  return dataCenterOfApiHost(check.url) === dc ? check.url.origin : undefined;
}

function apiBaseOfDc(raw: string): DataCenter | undefined {
  const c = checkApiBase(raw);
  return c.ok && c.url.origin === raw ? dataCenterOfApiHost(c.url) : undefined;
}

/** Who issued a new sign-in: the accounts server and API address the settings point at now. */
export function issuerFor(dc: DataCenter, env: Environment, override: string | undefined): Pick<Credentials, 'accountsUrl' | 'apiBase'> {
  const accountsUrl = accountsUrlFor(dc, env, override);
  const sim = loopbackOrigin(override);
  return { accountsUrl, apiBase: sim ?? endpointsFor(dc, env).apiDomain };
}

/**
 * Why these credentials must not be used with the API address the settings name now (a changed
 * `apiDomainOverride`: another simulator, a loopback address after a Zoho sign-in, another data
 * centre's host, or no override after a simulator sign-in); undefined when they may. An override
 * that is refused outright is left to the HTTP client (it sends nothing there).
 */
export function targetProblem(c: Credentials, override: string | undefined): string | undefined {
  const issued = `${c.apiBase} (${c.dataCenter})`;
  const nowAt = (where: string) => `The saved Zoho sign-in was made for ${issued}, but the extension now points at ${where}`;
  const raw = typeof override === 'string' ? override.trim() : '';
  if (accountsUrlFor(c.dataCenter, c.environment, raw || undefined) !== c.accountsUrl) {
    return nowAt(raw ? loopbackOrigin(raw) ?? raw : endpointsFor(c.dataCenter, c.environment).apiDomain);
  }
  if (!raw) return undefined;
  const check = checkApiBase(raw);
  if (!check.ok || isLoopback(check.url)) return undefined;
  const dc = dataCenterOfApiHost(check.url);
  return dc === c.dataCenter ? undefined : nowAt(`${check.url.origin}${dc ? ` (${dc})` : ''}`);
}

/** The same sign-in (ignoring what changes while it is used: the expiry it learns). */
export function sameSignIn(a: Credentials | undefined, b: Credentials | undefined): boolean {
  if (!a || !b) return a === b;
  const key = (c: Credentials) => [c.method, c.dataCenter, c.environment, c.clientId, c.clientSecret, c.refreshToken, c.accessToken, c.accountsUrl];
  return JSON.stringify(key(a)) === JSON.stringify(key(b));
}
