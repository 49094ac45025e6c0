import assert from 'node:assert/strict';
import { ZohoError, describeError, errorFromBody, errorFromResponse, errorFromTransport } from '../../src/zoho/errors';

const headers = (h: Record<string, string> = {}) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const body = (code: string, message: string, details: unknown = {}) => JSON.stringify({ code, details, message, status: 'error' });
const write = { kind: 'write' as const, jobId: '415086800000539200' };
const read = { kind: 'read' as const, jobId: '4150868000005392100' };
const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';

describe('zoho/errors from bodies', () => {
  it('RESOURCE_NOT_FOUND (seed, 400) names the write job', () => {
    const e = errorFromResponse(400, headers(), '{"status":"error","code":"RESOURCE_NOT_FOUND","message":"The requested resource doesn\'t exist.","details":{}}', write);
    assert.ok(e instanceof ZohoError && e instanceof Error);
    assert.equal(e.code, 'RESOURCE_NOT_FOUND');
    assert.equal(e.httpStatus, 400);
    assert.equal(e.zohoMessage, "The requested resource doesn't exist.");
    assert.deepEqual(e.details, {});
    assert.equal(e.message, 'Zoho has no bulk write job 415086800000539200 in this organisation and data centre (RESOURCE_NOT_FOUND).');
    assert.ok(e.hint);
    assert.equal(e.retryable, false);
  });

  it('RESOURCE_NOT_FOUND for a read job says bulk read', () => {
    const e = errorFromResponse(404, headers(), body('RESOURCE_NOT_FOUND', 'x', { resource: 'job' }), read);
    assert.match(e.message, /^Zoho has no bulk read job 4150868000005392100 /);
  });

  const known: [string, number, RegExp][] = [
    ['INVALID_URL_PATTERN', 404, /did not recognise the request address \(INVALID_URL_PATTERN\)\.$/],
    ['INVALID_REQUEST_METHOD', 400, /request method \(INVALID_REQUEST_METHOD\)\.$/],
    ['AUTHENTICATION_FAILURE', 401, /could not authenticate.*\(AUTHENTICATION_FAILURE\)\.$/],
    ['AUTHENTICATION_FAILED', 401, /could not authenticate.*\(AUTHENTICATION_FAILED\)\.$/],
    ['INVALID_TOKEN', 401, /access token.*\(INVALID_TOKEN\)\.$/],
    ['OAUTH_SCOPE_MISMATCH', 401, /ZohoCRM\.bulk\.ALL.*ZohoCRM\.bulk\.CREATE.*\(OAUTH_SCOPE_MISMATCH\)/],
    ['NO_PERMISSION', 403, /not allowed.*\(NO_PERMISSION\)/],
    ['AUTHORIZATION_FAILED', 400, /not allowed.*\(AUTHORIZATION_FAILED\)/],
    ['TOO_MANY_REQUESTS', 429, /limiting requests.*\(TOO_MANY_REQUESTS\)/],
    ['INTERNAL_ERROR', 500, /internal error.*\(INTERNAL_ERROR\)/],
    ['INTERNAL_SERVER_ERROR', 500, /internal error.*\(INTERNAL_SERVER_ERROR\)/],
  ];
  for (const [code, status, re] of known) {
    it(`${code} → plain words with the code`, () => {
      const e = errorFromResponse(status, headers(), body(code, 'zoho says so'), write);
      assert.equal(e.code, code);
      assert.equal(e.httpStatus, status);
      assert.equal(e.zohoMessage, 'zoho says so');
      assert.match(e.message, re);
      assert.equal(e.retryable, status === 429 || status >= 500);
    });
  }

  it('OAUTH_SCOPE_MISMATCH on a read job names ZohoCRM.bulk.READ', () => {
    assert.match(errorFromResponse(401, headers(), body('OAUTH_SCOPE_MISMATCH', ''), read).message, /ZohoCRM\.bulk\.ALL \(or ZohoCRM\.bulk\.READ\)/);
  });

  it('unknown codes: "Zoho answered <code>: <message> (HTTP n)."', () => {
    const e = errorFromResponse(400, headers(), body('SOME_NEW_CODE', 'not allowed here.'), write);
    assert.equal(e.message, 'Zoho answered SOME_NEW_CODE: not allowed here (HTTP 400).');
  });

  it('upper-case {ERROR_CODE, ERROR_MESSAGE} body', () => {
    const e = errorFromResponse(401, headers(), '{"ERROR_CODE":401,"ERROR_MESSAGE":"Unauthorized","x-error":"check if headers [feature, X-CRM-ORG] are present and valid"}', write);
    assert.equal(e.code, 'HTTP_401');
    assert.equal(e.zohoMessage, 'Unauthorized');
    assert.equal((e.details as Record<string, unknown>)['x-error'], 'check if headers [feature, X-CRM-ORG] are present and valid');
    assert.match(e.message, /refused the sign-in \(HTTP_401\)\.$/);
    assert.equal(e.isAuthRejection, true);
    const named = errorFromResponse(400, headers(), '{"ERROR_CODE":"INVALID_DATA","ERROR_MESSAGE":"bad"}', write);
    assert.equal(named.code, 'INVALID_DATA');
  });

  it('any HTTP 401 is worth a refresh and one retry, except a missing scope', () => {
    for (const code of ['INVALID_TOKEN', 'AUTHENTICATION_FAILURE', 'INVALID_REQUEST', 'NO_PERMISSION', 'SOME_NEW_CODE']) {
      assert.equal(errorFromResponse(401, headers(), body(code, 'no.'), write).isAuthRejection, true, code);
    }
    assert.equal(errorFromResponse(401, headers(), '', write).isAuthRejection, true, 'an empty 401');
    for (const code of ['OAUTH_SCOPE_MISMATCH', 'INVALID_OAUTHSCOPE']) {
      assert.equal(errorFromResponse(401, headers(), body(code, 'scope.'), write).isAuthRejection, false, code);
    }
    assert.equal(errorFromResponse(403, headers(), body('INVALID_TOKEN', 'no.'), write).isAuthRejection, false);
  });

  it('HTML 502 gateway page → HTTP_502, plain words, no HTML', () => {
    const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1><p>nginx</p></body></html>';
    const e = errorFromResponse(502, headers({ 'content-type': 'text/html' }), html, write);
    assert.equal(e.code, 'HTTP_502');
    assert.equal(e.retryable, true);
    assert.doesNotMatch(e.message, /</);
    assert.match(e.message, /gateway could not reach its servers \(HTTP_502\)\./);
    assert.equal((e.details as { title?: string }).title, '502 Bad Gateway');
  });

  it('HTML with 200 → INVALID_RESPONSE', () => {
    const e = errorFromResponse(200, headers({ 'content-type': 'text/html' }), '<html>login</html>', write);
    assert.equal(e.code, 'INVALID_RESPONSE');
    assert.match(e.message, /web page/);
  });

  it('empty bodies', () => {
    assert.equal(errorFromResponse(200, headers(), '', write).code, 'EMPTY_RESPONSE');
    assert.equal(errorFromResponse(503, headers(), '  ', write).code, 'HTTP_503');
  });

  it('non-JSON and truncated bodies', () => {
    assert.equal(errorFromResponse(500, headers(), 'oops', write).code, 'HTTP_500');
    const bad = errorFromResponse(200, headers(), 'oops', write);
    assert.equal(bad.code, 'INVALID_RESPONSE');
    assert.match(bad.message, /not valid JSON/);
    const cut = errorFromResponse(200, headers(), '{"status":"INPROG', write);
    assert.equal(cut.code, 'INVALID_RESPONSE');
    assert.match(cut.message, /cut off \(INVALID_RESPONSE\)\.$/);
    assert.equal(cut.retryable, false);
  });

  it('JSON without a code → HTTP_<status>', () => {
    assert.equal(errorFromResponse(418, headers(), '{"x":1}', write).code, 'HTTP_418');
    assert.match(errorFromResponse(418, headers(), '{}', write).message, /HTTP status 418 \(HTTP_418\)/);
  });

  it('Retry-After on 429, seconds and date', () => {
    const e = errorFromResponse(429, headers({ 'retry-after': '7' }), body('TOO_MANY_REQUESTS', 'too many requests. please try again after some time'), write);
    assert.equal(e.retryAfterMs, 7000);
    assert.match(e.hint ?? '', /Wait 7 s/);
    const d = errorFromResponse(429, headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }), '', write);
    assert.equal(d.code, 'HTTP_429');
    assert.ok(d.retryAfterMs !== undefined && d.retryAfterMs > 50_000 && d.retryAfterMs <= 60_000);
  });

  it('a 200 body with status "error" and a code is an error; a normal body is not', () => {
    const e = errorFromBody({ status: 'error', code: 'INVALID_DATA', message: 'bad', details: {} }, 200, write);
    assert.equal(e?.code, 'INVALID_DATA');
    assert.equal(errorFromBody({ status: 'COMPLETED', code: 'SUCCESS', id: '1' }, 200, write), undefined);
    assert.equal(errorFromBody({ data: [{ status: 'error', code: 'RESOURCE_NOT_FOUND', message: 'x' }] }, 200, read)?.code, 'RESOURCE_NOT_FOUND');
  });

  it('never carries a token in message, zohoMessage or details', () => {
    const e = errorFromResponse(
      401,
      headers(),
      JSON.stringify({ code: 'WEIRD_CODE', message: `header was Zoho-oauthtoken ${TOKEN}`, details: { token: TOKEN, nested: [`Zoho-oauthtoken ${TOKEN}`] }, status: 'error' }),
      write,
    );
    const all = `${e.message} ${e.zohoMessage} ${JSON.stringify(e.details)} ${describeError(e)}`;
    assert.doesNotMatch(all, /1000\.0123/);
    assert.match(e.message, /Zoho-oauthtoken \[redacted\]/);
  });
});

describe('zoho/errors from transport', () => {
  const sys = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code, errno: code, type: 'system', name: 'FetchError' });
  const ctx = { kind: 'write' as const, jobId: '1', host: 'www.zohoapis.com', timeoutMs: 30_000 };

  it('maps socket errors to NETWORK_ERROR with plain words', () => {
    const cases: [Error, RegExp][] = [
      [sys('ECONNRESET', 'read ECONNRESET'), /reset/],
      [sys('ECONNREFUSED'), /refused/],
      [sys('ENOTFOUND', 'getaddrinfo ENOTFOUND www.zohoapis.com'), /host name could not be found/],
      [sys('ECONNRESET', 'socket hang up'), /closed before Zoho answered/],
      [Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), /middle of the answer/],
      [new Error('something else'), /network error/],
    ];
    for (const [err, re] of cases) {
      const e = errorFromTransport(err, ctx);
      assert.equal(e.code, 'NETWORK_ERROR');
      assert.match(e.message, re);
      assert.match(e.message, /^Could not reach Zoho: www\.zohoapis\.com: .*\(NETWORK_ERROR\)\.$/);
      assert.equal(e.retryable, true);
      assert.equal(e.httpStatus, undefined);
    }
  });

  it('timeouts and aborts', () => {
    const abortErr = Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' });
    const t = errorFromTransport(abortErr, { ...ctx, timedOut: true });
    assert.equal(t.code, 'TIMEOUT');
    assert.equal(t.message, 'Zoho did not answer within 30 s (TIMEOUT).');
    assert.equal(t.retryable, true);
    assert.equal(errorFromTransport(sys('ETIMEDOUT'), ctx).code, 'TIMEOUT');
    const a = errorFromTransport(abortErr, ctx);
    assert.equal(a.code, 'ABORTED');
    assert.equal(a.retryable, false);
  });

  it('passes ZohoErrors through', () => {
    const z = new ZohoError({ code: 'INVALID_RESPONSE' });
    assert.equal(errorFromTransport(z, ctx), z);
  });
});
