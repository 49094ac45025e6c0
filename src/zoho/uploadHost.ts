// Where a bulk-write file goes: the upload host of the API domain's data centre (the table in
// dataCenters.ts), or, while the API domain is a loopback simulator, that same origin. No other
// host ever receives the token with an upload.
import { DATA_CENTERS, checkApiBase, isLoopback, uploadHostOf } from './dataCenters';
import { dataCenterOfApiHost } from './dataCenterHosts';

export type UploadUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const VERSION = /^v(?:2(?:\.1)?|[3-8])$/;

/** The upload URL (`https://content.zohoapis.eu/crm/v8/upload`, …) for an API base such as https://www.zohoapis.eu. */
export function uploadUrlFor(apiBase: string, version = 'v8'): UploadUrlCheck {
  if (!VERSION.test(version)) return { ok: false, reason: `"${version.slice(0, 20)}" is not a Zoho API version.` };
  const check = checkApiBase(apiBase);
  if (!check.ok) return check;
  const path = `/crm/${version}/upload`;
  if (isLoopback(check.url)) return { ok: true, url: new URL(path, check.url) };
  const dc = dataCenterOfApiHost(check.url);
  if (!dc) return { ok: false, reason: `No Zoho upload host is known for "${check.url.hostname}".` };
  return { ok: true, url: new URL(`https://${uploadHostOf(dc)}${path}`) };
}

/** True when this URL is exactly the upload URL of one data centre of the table (https, default port). */
export function isTableUploadUrl(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === '' &&
    DATA_CENTERS.some((dc) => uploadHostOf(dc) === url.hostname.toLowerCase());
}
