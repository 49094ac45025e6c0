// ZohoOAuth against token-endpoint answers the simulator never gives, through an injected fetch:
// odd and broken bodies, Zoho's error words, HTTP failures, timeouts, revoke answers. Every message
// and log line is checked for secrets.
import assert from 'node:assert/strict';
import { STUB_CLIENT as CLIENT, STUB_RT, UA, stubFetch, stubOAuthWith, type StubAnswer } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { isPermanentOAuthFailure, type OAuthFetch } from '../../src/zoho/oauth';

const watch = new SecretWatch();
const { captured, secrets, log, failure } = watch;
const stubOAuth = stubOAuthWith(log);

describe('zoho/oauth: odd token-endpoint answers (injected fetch)', () => {
  before(() => {
    secrets.add(CLIENT.clientSecret);
    secrets.add(STUB_RT);
  });
  const refresh = (fetch: OAuthFetch, timeoutMs?: number) => stubOAuth(fetch, timeoutMs).refresh({ ...CLIENT, refreshToken: STUB_RT });

  it('sends a form-encoded POST with no secrets in the URL, redirects not followed', async () => {
    const { fetch, calls } = stubFetch({ body: JSON.stringify({ access_token: 'x'.repeat(16), expires_in: 3600, api_domain: 'https://www.zohoapis.com', token_type: 'Bearer' }) });
    const g = await refresh(fetch);
    assert.equal(g.lifetimeMs, 3_600_000);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, 'https://accounts.zoho.com/oauth/v2/token');
    assert.equal(calls[0].init.method, 'POST');
    assert.equal(calls[0].init.redirect, 'manual');
    assert.equal(calls[0].init.headers['Content-Type'], 'application/x-www-form-urlencoded');
    assert.equal(calls[0].init.headers['User-Agent'], UA);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(calls[0].init.body)), {
      grant_type: 'refresh_token',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      refresh_token: STUB_RT,
    });
    const { fetch: f2, calls: c2 } = stubFetch({ body: '{"status":"success"}' });
    await stubOAuth(f2).revoke(STUB_RT);
    assert.equal(c2[0].url, 'https://accounts.zoho.com/oauth/v2/token/revoke');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(c2[0].init.body)), { token: STUB_RT });
  });

  it('expires_in seconds, legacy expires_in_sec (expires_in in ms), and a missing expiry (one hour, logged)', async () => {
    const life = async (body: Record<string, unknown>) => (await refresh(stubFetch({ body: JSON.stringify({ access_token: 'x'.repeat(16), ...body }) }).fetch)).lifetimeMs;
    assert.equal(await life({ expires_in: 3600 }), 3_600_000);
    assert.equal(await life({ expires_in: '1800' }), 1_800_000);
    assert.equal(await life({ expires_in_sec: 3600, expires_in: 3_600_000 }), 3_600_000);
    assert.equal(await life({ expires_in_sec: 3600 }), 3_600_000);
    const n = captured.length;
    assert.equal(await life({}), 3_600_000);
    assert.ok(captured.slice(n).some((l) => /assuming one hour/.test(l)));
  });

  it('HTML, empty, non-JSON, non-object and access_token-less answers → OAUTH_INVALID_RESPONSE saying which', async () => {
    const cases: [StubAnswer, RegExp][] = [
      [{ body: '<html><title>Zoho Accounts</title></html>', headers: { 'Content-Type': 'text/html' } }, /a web page instead of data/],
      [{ body: '' }, /an empty answer/],
      [{ body: 'access_token=abc' }, /not valid JSON/],
      [{ body: '[1,2]' }, /not a JSON object/],
      [{ body: '{"token_type":"Bearer","expires_in":3600}' }, /there is no access token in the answer/],
      [{ body: '{"access_token":"has space","expires_in":3600}' }, /there is no access token/],
    ];
    for (const [answer, words] of cases) {
      const e = await failure(refresh(stubFetch(answer).fetch), 'OAUTH_INVALID_RESPONSE');
      assert.match(e.message, words);
      assert.match(e.message, /^Zoho’s sign-in server sent an answer the extension cannot use/);
    }
  });

  it('Zoho’s error words: invalid_code, invalid_client, Access Denied, invalid_redirect_uri, anything else', async () => {
    const err = (body: unknown, status = 200) => refresh(stubFetch({ status, body: JSON.stringify(body) }).fetch);
    await failure(err({ error: 'invalid_code' }), 'OAUTH_INVALID_CODE');
    await failure(err({ error: 'invalid_client' }), 'OAUTH_INVALID_CLIENT');
    assert.ok(isPermanentOAuthFailure(await failure(err({ error: 'invalid_client_secret' }), 'OAUTH_INVALID_CLIENT')));
    // not proof the client is gone: the stored sign-in is kept
    const unauthorized = await failure(err({ error: 'unauthorized_client' }, 400), 'OAUTH_ERROR');
    assert.equal(isPermanentOAuthFailure(unauthorized), false);
    const t = await failure(err({ error: 'Access Denied', error_description: 'You have made too many requests continuously. Please try again after some time.' }, 400), 'OAUTH_THROTTLED');
    assert.equal(t.zohoMessage, 'You have made too many requests continuously. Please try again after some time.');
    await failure(err({ error: 'Access Denied', error_description: 'Token creation throttle limit reached' }, 400), 'OAUTH_THROTTLED');
    await failure(err({ error: 'invalid_redirect_uri' }), 'OAUTH_INVALID_REDIRECT_URI');
    const other = await failure(err({ error: 'unsupported_grant_type', error_description: `refresh_token=${STUB_RT} bad` }, 400), 'OAUTH_ERROR');
    assert.match(other.message, /refused the request \(unsupported_grant_type\): refresh_token=\[redacted\] bad/);
    const weird = await failure(err({ error: `<script>${CLIENT.clientSecret}</script>` }), 'OAUTH_ERROR');
    assert.doesNotMatch(weird.message, /script/);
  });

  it('HTTP errors, redirects, network failures and timeouts', async () => {
    const e502 = await failure(refresh(stubFetch({ status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } }).fetch), 'HTTP_502');
    assert.equal(e502.retryable, true);
    const e503 = await failure(refresh(stubFetch({ status: 503, body: '', headers: { 'Retry-After': '7' } }).fetch), 'HTTP_503');
    assert.equal(e503.retryAfterMs, 7000);
    const redirect = await failure(refresh(stubFetch({ status: 302, headers: { Location: 'https://evil.example.com/steal' } }).fetch), 'UNEXPECTED_REDIRECT');
    assert.match(redirect.message, /evil\.example\.com/);
    const refused: OAuthFetch = async () => {
      throw Object.assign(new Error(`connect ECONNREFUSED client_secret=${CLIENT.clientSecret}`), { code: 'ECONNREFUSED' });
    };
    const net = await failure(refresh(refused), 'NETWORK_ERROR');
    assert.match(net.message, /accounts\.zoho\.com: the connection was refused/);
    assert.equal(net.retryable, true);
    const stall: OAuthFetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError', type: 'aborted' }))));
    const timeout = await failure(refresh(stall, 50), 'TIMEOUT');
    assert.match(timeout.message, /50 ms/);
  });

  it('revoke: success, unknown token (400), throttled, odd answers', async () => {
    const revoke = (a: StubAnswer) => stubOAuth(stubFetch(a).fetch).revoke(STUB_RT);
    await revoke({ body: '{"status":"success"}' });
    await failure(revoke({ status: 400, body: '{"error":"invalid_token"}' }), 'OAUTH_REVOKE_REJECTED');
    await failure(revoke({ status: 400, body: '' }), 'OAUTH_REVOKE_REJECTED');
    await failure(revoke({ status: 400, body: '{"error":"Access Denied","error_description":"too many requests"}' }), 'OAUTH_THROTTLED');
    await failure(revoke({ status: 500, body: '' }), 'HTTP_500');
    await failure(revoke({ status: 200, body: '<html></html>' }), 'OAUTH_INVALID_RESPONSE');
  });
});


describe('zoho/oauth answers: no secret in any message or log line', () => {
  it('nothing captured in this file contains a token, code or client secret', () => {
    watch.assertNoSecrets(20, 2);
  });
});
