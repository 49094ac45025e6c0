// Keeps access/refresh tokens, client secrets and grant codes out of anything we show or log.

const PATTERNS: readonly RegExp[] = Object.freeze([
  /(Zoho-oauthtoken|Bearer)\s+[^\s"',;]+/gi,
  /\b1000\.[0-9a-f]{8,}\.[0-9a-f]{8,}\b/gi,
]);

/** `client_secret=…`, `refresh_token=…`, `code=…` in form bodies and query strings. */
const FORM_SECRET = /(^|[?&\s])(client_secret|refresh_token|access_token|code|token)=[^&\s"'#]+/gi;
/** `"client_secret": "…"` and friends in JSON text (not "code": Zoho's error codes live there). */
const JSON_SECRET = /("(?:client_secret|refresh_token|access_token)"\s*:\s*)"[^"]*"/gi;

/** Exact values registered by the sign-in code (client secrets, grant codes, tokens of any shape). */
const registered = new Set<string>();
const MAX_REGISTERED = 64;
const MIN_SECRET_LENGTH = 6;

/**
 * Masks this exact value wherever it appears in later redactSecrets() output (error messages, log
 * lines). For secrets that have no recognisable shape, e.g. a client secret. Short values are ignored.
 */
export function registerSecret(value: string | undefined): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  if (v.length < MIN_SECRET_LENGTH) return;
  registered.delete(v);
  registered.add(v);
  while (registered.size > MAX_REGISTERED) {
    const oldest = registered.values().next().value;
    if (oldest === undefined) break;
    registered.delete(oldest);
  }
}

/** Stops masking a value registered earlier (e.g. after sign-out). */
export function forgetSecret(value: string | undefined): void {
  if (typeof value === 'string') registered.delete(value.trim());
}

/** Replaces anything shaped like a Zoho token ("Zoho-oauthtoken …", "1000.<hex>.<hex>"), secret form/JSON fields and registered secrets with [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  // longest first, so a secret containing another one is masked whole
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  for (const re of PATTERNS) {
    out = out.replace(re, (match, prefix?: string) => (typeof prefix === 'string' && /^[a-z-]+$/i.test(prefix) ? `${prefix} [redacted]` : '[redacted]'));
  }
  out = out.replace(FORM_SECRET, (_m, lead: string, key: string) => `${lead}${key}=[redacted]`);
  out = out.replace(JSON_SECRET, (_m, key: string) => `${key}"[redacted]"`);
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
