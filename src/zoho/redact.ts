// Keeps access/refresh tokens out of anything we show or log.

const PATTERNS: readonly RegExp[] = Object.freeze([
  /(Zoho-oauthtoken|Bearer)\s+[^\s"',;]+/gi,
  /\b1000\.[0-9a-f]{8,}\.[0-9a-f]{8,}\b/gi,
]);

/** Replaces anything shaped like a Zoho token ("Zoho-oauthtoken …", "1000.<hex>.<hex>") with [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of PATTERNS) {
    out = out.replace(re, (match, prefix?: string) => (typeof prefix === 'string' && /^[a-z-]+$/i.test(prefix) ? `${prefix} [redacted]` : '[redacted]'));
  }
  return out;
}

/** Deep copy of a JSON-like value with every string passed through redactSecrets. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactSecrets(k)] = redactValue(v, depth + 1);
  return out;
}
