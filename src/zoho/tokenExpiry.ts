// When an access token expires, from Zoho's X-ACCESSTOKEN-RESET response header.

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)$/i;

/**
 * When the current access token expires, from Zoho's `X-ACCESSTOKEN-RESET` header (ISO-8601 with
 * an offset, e.g. `2021-05-13T12:00:55+05:30`), as ms since the epoch; undefined if unreadable.
 */
export function expiryFromHeader(xAccessTokenReset: string): number | undefined {
  if (typeof xAccessTokenReset !== 'string') return undefined;
  const m = ISO.exec(xAccessTokenReset.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const tz = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${tz}`);
  return Number.isFinite(t) ? t : undefined;
}
