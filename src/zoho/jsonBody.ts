// Reads a job-details answer: the body decoded (bodyText.ts) and kept exactly as received, parsed
// losslessly, and checked for an error Zoho put in a 2xx body. The same bytes as a known answer are
// not parsed again.
import { readBodyText } from './bodyText';
import { ErrorContext, HeadersLike, errorFromBody, errorFromResponse } from './errors';
import type { ResponseReader } from './httpTypes';
import { parseLosslessJson } from './json';

export interface JsonResponse {
  status: number;
  headers: HeadersLike;
  /** Parsed losslessly: big numbers are exact strings. Not parsed (undefined) when `unchanged`. */
  body: unknown;
  /** The body is byte-identical to the `knownText` the caller passed: it was not parsed again. */
  unchanged?: boolean;
  /** The body exactly as received (numbers unrounded); prettyJson() formats it for display. */
  rawJson: string;
  /** X-ACCESSTOKEN-RESET, when sent. */
  accessTokenReset?: string;
}

export function readJsonBody(ctx: ErrorContext, knownText: string | undefined): ResponseReader<JsonResponse> {
  return async (res) => {
    const text = await readBodyText(res, ctx);
    const rawJson = text; // as received: exact, and pretty-printed only when someone opens it
    const reset = res.headers.get('x-accesstoken-reset');
    const resetField = reset ? { accessTokenReset: reset } : {};
    // most polls of an unfinished job get the same bytes back: parsed before, nothing to parse
    if (knownText !== undefined && text === knownText) return { status: res.status, headers: res.headers, body: undefined, rawJson, unchanged: true, ...resetField };
    let body: unknown;
    try {
      body = parseLosslessJson(text);
    } catch {
      throw errorFromResponse(res.status, res.headers, text, ctx);
    }
    const bodyError = errorFromBody(body, res.status, ctx);
    if (bodyError) throw bodyError;
    return { status: res.status, headers: res.headers, body, rawJson, ...resetField };
  };
}
