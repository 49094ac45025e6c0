// Compact JSON text writer that can emit bare integers of any size. Zoho's 18–19-digit ids are
// above 2^53; JSON.stringify of a JS number would round them, so a value that must appear as
// an unquoted number is wrapped in BareNumber and written digit for digit.

export class BareNumber {
  constructor(readonly digits: string) {
    if (!/^-?(0|[1-9]\d*)$/.test(digits)) throw new Error(`not an integer literal: ${digits}`);
  }
}

/** Like JSON.stringify(value) (compact, undefined properties dropped), plus BareNumber support. */
export function toJsonText(value: unknown): string {
  if (value instanceof BareNumber) return value.digits;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error(`cannot write a ${typeof value} as JSON`);
  }
}
