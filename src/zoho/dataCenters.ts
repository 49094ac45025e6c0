// Zoho data centres (reference §3.1) and the host checks that decide where a token may be sent.

export type DataCenter = 'US' | 'EU' | 'IN' | 'AU' | 'JP' | 'CA' | 'SA' | 'CN';
export type Environment = 'production' | 'sandbox' | 'developer';

export interface DataCenterEndpoints {
  /** Zoho Accounts (OAuth) server, e.g. https://accounts.zoho.com */
  accountsUrl: string;
  /** CRM API domain, e.g. https://www.zohoapis.com */
  apiDomain: string;
}

export const DATA_CENTERS: readonly DataCenter[] = Object.freeze(['US', 'EU', 'IN', 'AU', 'JP', 'CA', 'SA', 'CN']);
export const ENVIRONMENTS: readonly Environment[] = Object.freeze(['production', 'sandbox', 'developer']);

interface DcRow {
  accounts: string;
  /** top-level domain of the API hosts: www./sandbox./developer.zohoapis.<tld> */
  apiTld: string;
  /** the bulk-write file upload host (reference §3.1, the SDKs' table); the only host an upload goes to */
  upload: string;
}

const ROWS: Readonly<Record<DataCenter, Readonly<DcRow>>> = Object.freeze({
  US: Object.freeze({ accounts: 'https://accounts.zoho.com', apiTld: 'com', upload: 'content.zohoapis.com' }),
  EU: Object.freeze({ accounts: 'https://accounts.zoho.eu', apiTld: 'eu', upload: 'content.zohoapis.eu' }),
  IN: Object.freeze({ accounts: 'https://accounts.zoho.in', apiTld: 'in', upload: 'content.zohoapis.in' }),
  AU: Object.freeze({ accounts: 'https://accounts.zoho.com.au', apiTld: 'com.au', upload: 'content.zohoapis.com.au' }),
  JP: Object.freeze({ accounts: 'https://accounts.zoho.jp', apiTld: 'jp', upload: 'content.zohoapis.jp' }),
  CA: Object.freeze({ accounts: 'https://accounts.zohocloud.ca', apiTld: 'ca', upload: 'upload.zohocloud.ca' }),
  SA: Object.freeze({ accounts: 'https://accounts.zoho.sa', apiTld: 'sa', upload: 'files.zoho.sa' }),
  CN: Object.freeze({ accounts: 'https://accounts.zoho.com.cn', apiTld: 'com.cn', upload: 'content.zohoapis.com.cn' }),
});

const ENV_PREFIX: Readonly<Record<Environment, string>> = Object.freeze({
  production: 'www',
  sandbox: 'sandbox',
  developer: 'developer',
});

/** OAuth server and API domain for one data centre and environment (sandbox/developer share the accounts server). */
export function endpointsFor(dc: DataCenter, env: Environment): DataCenterEndpoints {
  const row = ROWS[dc];
  const prefix = ENV_PREFIX[env];
  if (!row || !prefix) throw new Error(`Unknown Zoho data centre or environment: ${String(dc)} / ${String(env)}`);
  return { accountsUrl: row.accounts, apiDomain: `https://${prefix}.zohoapis.${row.apiTld}` };
}

/** The file upload host of a data centre (every environment uses its production one), e.g. content.zohoapis.eu. */
export function uploadHostOf(dc: DataCenter): string {
  const row = ROWS[dc];
  if (!row) throw new Error(`Unknown Zoho data centre: ${String(dc)}`);
  return row.upload;
}

/**
 * The data centre and environment whose CRM API host (www./sandbox./developer.zohoapis.<tld> of
 * the table) is exactly this host name, if any: no other subdomain, no port, no trailing dot.
 */
export function apiHostOwner(hostname: string): { dc: DataCenter; env: Environment } | undefined {
  const host = hostname.toLowerCase();
  for (const dc of DATA_CENTERS) {
    for (const env of ENVIRONMENTS) {
      if (host === `${ENV_PREFIX[env]}.zohoapis.${ROWS[dc].apiTld}`) return { dc, env };
    }
  }
  return undefined;
}

/** The known TLDs: API hosts are *.zohoapis.<tld>, result downloads download*.zoho.<tld>. */
const TLDS: readonly string[] = Object.freeze(DATA_CENTERS.map((dc) => ROWS[dc].apiTld));
const LABELS = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function hasSubdomainOf(host: string, parent: string): string | undefined {
  const suffix = `.${parent}`;
  if (!host.endsWith(suffix)) return undefined;
  const sub = host.slice(0, -suffix.length);
  return sub.length > 0 && LABELS.test(sub) ? sub : undefined;
}

/** True for a host name Zoho serves the CRM API or bulk results from (no scheme/port check). */
export function isZohoHostName(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (TLDS.some((tld) => hasSubdomainOf(host, `zohoapis.${tld}`) !== undefined)) return true;
  if (hasSubdomainOf(host, 'zohocloud.ca') !== undefined) return true;
  // Result downloads: download.zoho.com, download-accl.zoho.eu, … (one label, starting with "download")
  return TLDS.some((tld) => {
    const sub = hasSubdomainOf(host, `zoho.${tld}`);
    return sub !== undefined && /^download[a-z0-9-]*$/.test(sub);
  });
}

/**
 * True when the URL is https on the default port, carries no user info, and its host is a Zoho API
 * host (the table's API domains, any *.zohoapis.<tld>, *.zohocloud.ca) or a result-download host
 * (download*.zoho.<tld>) of a known data centre.
 */
export function isZohoApiHost(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === '' && isZohoHostName(url.hostname);
}

const LOOPBACK_HOSTS: readonly string[] = Object.freeze(['127.0.0.1', 'localhost', '[::1]']);

/** http or https on 127.0.0.1, localhost or [::1] (any port): the local simulator. */
export function isLoopback(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.includes(url.hostname.toLowerCase());
}

/** The origin of an address that is a loopback API base (the simulator), else undefined: the one loopback test for stored and configured addresses. */
export function loopbackOrigin(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const c = checkApiBase(raw);
  return c.ok && isLoopback(c.url) ? c.url.origin : undefined;
}

export type ApiBaseCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Accepts only an origin (optionally with a trailing "/") that is an https Zoho API host or an
 * http(s) loopback address. Returns the normalised origin URL, or a reason fit to show to users.
 */
export function checkApiBase(raw: string): ApiBaseCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'The Zoho API address is empty.' };
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'The Zoho API address is not a valid URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `The Zoho API address must start with https:// (got ${url.protocol}).` };
  }
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(text)) {
    return { ok: false, reason: 'The Zoho API address must not contain a user name or password (an "@" before the host).' };
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return { ok: false, reason: 'The Zoho API address must not contain a query (?) or fragment (#).' };
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return { ok: false, reason: `The Zoho API address must be just the domain, without a path (remove "${url.pathname}").` };
  }
  if (isLoopback(url)) return { ok: true, url: new URL(url.origin) };
  if (url.hostname.endsWith('.')) {
    return { ok: false, reason: `The host "${url.hostname}" ends with a dot; use the plain Zoho API domain.` };
  }
  if (!isZohoHostName(url.hostname)) {
    return {
      ok: false,
      reason: `"${url.hostname}" is not a Zoho API host. Use your data centre's API domain, e.g. https://www.zohoapis.com or https://www.zohoapis.eu.`,
    };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'Zoho API addresses must use https://, not http://.' };
  if (url.port !== '') return { ok: false, reason: `The Zoho API address must not name a port (:${url.port}).` };
  return { ok: true, url: new URL(url.origin) };
}
