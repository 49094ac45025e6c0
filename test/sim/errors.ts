// Zoho's error responses. The five captured ones are served verbatim; the others use the
// compact shape Zoho sends ({"code","details","message","status"}), with codes and messages from
// Zoho's docs (§1.4, §3.3 and §4 of the project's research notes).
import { CAPTURED } from './capture';
import { HEADERS, type SimResponse } from './respond';

const compact = (code: string, message: string): string => JSON.stringify({ code, details: {}, message, status: 'error' });

export const INVALID_TOKEN_BODY = compact('INVALID_TOKEN', 'invalid oauth token');
export const TOO_MANY_REQUESTS_BODY = compact('TOO_MANY_REQUESTS', 'too many requests. please try again after some time');
export const INTERNAL_ERROR_BODY = compact('INTERNAL_ERROR', 'Internal Server Error');
export const NO_PERMISSION_BODY = compact('NO_PERMISSION', 'Permission denied to read');
export const AUTHORIZATION_FAILED_BODY = compact('AUTHORIZATION_FAILED', 'User does not have sufficient privilege to read.');

export const HTML_502_BODY =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>ZGS</center>\r\n</body>\r\n</html>\r\n';

export const invalidUrlPattern = (): SimResponse => ({ status: 404, body: CAPTURED.invalidUrlPattern.body, headers: HEADERS.gateway });

export const invalidRequestMethod = (): SimResponse => ({ status: 400, body: CAPTURED.invalidRequestMethod.body, headers: HEADERS.gateway });

export const authenticationFailure = (): SimResponse => ({ status: 401, body: CAPTURED.authenticationFailure.body, headers: HEADERS.auth });

export const invalidToken = (): SimResponse => ({ status: 401, body: INVALID_TOKEN_BODY, headers: HEADERS.auth });

/** Unknown job. Zoho files the bulk-write one under HTTP 400 (as captured) and the bulk-read one under 404. */
export const resourceNotFound = (status: 400 | 404): SimResponse => ({ status, body: CAPTURED.resourceNotFound.body, headers: HEADERS.resourceNotFound });

/** The body a `status` fault answers with, by HTTP status. */
export function statusBody(status: number): string {
  switch (status) {
    case 429:
      return TOO_MANY_REQUESTS_BODY;
    case 401:
      return INVALID_TOKEN_BODY;
    case 403:
      return NO_PERMISSION_BODY;
    case 404:
      return CAPTURED.invalidUrlPattern.body;
    case 400:
      return AUTHORIZATION_FAILED_BODY;
    default:
      return INTERNAL_ERROR_BODY;
  }
}

export function statusFault(status: number, retryAfter?: number): SimResponse {
  return {
    status,
    body: statusBody(status),
    headers: HEADERS.gateway,
    extraHeaders: retryAfter === undefined ? undefined : [['Retry-After', String(retryAfter)]],
  };
}

export const html502 = (): SimResponse => ({ status: 502, body: HTML_502_BODY, headers: HEADERS.html });
