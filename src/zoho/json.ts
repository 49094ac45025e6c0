// Lossless JSON: Zoho ids are 18–19 digits, beyond Number.MAX_SAFE_INTEGER, and some (file_id) may
// arrive as bare numbers. JSON.parse would silently round them.
import { isSafeNumber, parse, stringify } from 'lossless-json';

/** Safe numbers become JS numbers; every other number (big ints, over-long decimals) its exact text. */
function numberOrExactText(text: string): number | string {
  return isSafeNumber(text) ? Number(text) : text;
}

/**
 * Parses JSON without losing precision: ordinary numbers stay numbers, numbers a double cannot
 * hold exactly become strings with the digits as received. Throws SyntaxError on invalid JSON.
 */
export function parseLosslessJson(text: string): unknown {
  return parse(text, null, numberOrExactText);
}

/**
 * Re-serialises JSON text pretty-printed (2 spaces) for display, keeping every number exactly as
 * received and unquoted (4150868000005392002 stays 4150868000005392002). Throws on invalid JSON.
 */
export function prettyJson(text: string): string {
  return stringify(parse(text), null, 2) ?? '';
}
