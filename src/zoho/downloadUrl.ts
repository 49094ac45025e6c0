// Where a result link may be fetched with the access token: only the chosen data centre.
//
// `result.download_url` is absolute (https://download-accl.zoho.com/v2/crm/…/bulk-write/…zip) or
// relative (/crm/bulk/v8/read/{id}/result, /v7/crm/org…/bulk-write/…zip: resolved against the
// API domain). The token goes to the API domain itself, to download*.zoho.<tld> of the API
// domain's own TLD (download-accl.zoho.eu for www.zohoapis.eu, never download.zoho.com), or,
// with a loopback simulator as the API domain, to that exact origin. Anything else is refused
// before a single byte is sent.
import { DATA_CENTERS, checkApiBase, endpointsFor, isLoopback } from './dataCenters';

export type DownloadUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** The API TLD of each data centre: com, eu, in, com.au, jp, ca, sa, com.cn. */
const TLDS: readonly string[] = DATA_CENTERS.map((dc) => new URL(endpointsFor(dc, 'production').apiDomain).hostname.replace(/^www\.zohoapis\./, ''));

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The data-centre TLD of an API host (www.zohoapis.com.au → com.au; *.zohocloud.ca → ca), if it is one. */
export function apiTldOf(hostname: string): string | undefined {
  const host = hostname.toLowerCase();
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.zohocloud\.ca$/.test(host)) return 'ca';
  // longest first, so com.au / com.cn are not mistaken for com
  const sorted = [...TLDS].sort((a, b) => b.length - a.length);
  return sorted.find((tld) => new RegExp(`^[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.zohoapis\\.${escape(tld)}$`).test(host));
}

/** True for download*.zoho.<tld> (and, for Canada, download*.zohocloud.ca): one label, nothing more. */
export function isDownloadHostOf(hostname: string, tld: string): boolean {
  const host = hostname.toLowerCase();
  if (new RegExp(`^download[a-z0-9-]*\\.zoho\\.${escape(tld)}$`).test(host)) return true;
  return tld === 'ca' && /^download[a-z0-9-]*\.zohocloud\.ca$/.test(host);
}

/**
 * Resolves a result link against the API domain and decides whether the token may go there.
 * Reasons are plain sentences starting with "The result link" (or about the API domain).
 */
export function resolveDownloadUrl(raw: string, apiBase: string): DownloadUrlCheck {
  const base = checkApiBase(apiBase);
  if (!base.ok) return base;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { ok: false, reason: 'The result link is empty.' };
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f\\]/.test(text)) return { ok: false, reason: 'The result link contains spaces, control characters or backslashes.' };
  let url: URL;
  if (text.startsWith('/') && !text.startsWith('//')) {
    url = new URL(text, base.url);
    if (url.origin !== base.url.origin) return { ok: false, reason: 'The result link leaves the API domain.' };
  } else {
    if (!/^https?:\/\//i.test(text)) return { ok: false, reason: 'The result link is neither an https:// address nor a path on the API domain.' };
    try {
      url = new URL(text);
    } catch {
      return { ok: false, reason: 'The result link is not a valid address.' };
    }
    if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(text)) {
      return { ok: false, reason: `The result link carries a user name or password (an "@" before the host "${url.hostname}")` };
    }
    if (isLoopback(base.url)) {
      if (url.origin !== base.url.origin) {
        return { ok: false, reason: `The result link points to "${url.host}", but only the local simulator at ${base.url.host} is trusted` };
      }
    } else {
      const tld = apiTldOf(base.url.hostname);
      const sameHost = url.hostname === base.url.hostname;
      if (!sameHost && !(tld !== undefined && isDownloadHostOf(url.hostname, tld))) {
        return {
          ok: false,
          reason: `The result link points to "${url.hostname}", which is not a Zoho host of your data centre (${base.url.hostname}${tld ? ` or download*.zoho.${tld}` : ''})`,
        };
      }
      if (url.protocol !== 'https:') return { ok: false, reason: `The result link uses ${url.protocol.replace(':', '')}://, not https://` };
      if (url.port !== '') return { ok: false, reason: `The result link names a port (:${url.port})` };
    }
  }
  url.hash = '';
  return { ok: true, url };
}
