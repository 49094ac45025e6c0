// ZohoOAuth over real loopback HTTP against the simulator's accounts server (grant exchange,
// refresh, revoke, throttle), the accounts-server choice, api_domain checks, and odd token-endpoint
// answers (through an injected fetch). Every message and log line is checked for secrets.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../sim/server';
import { SEED_JOB_ID } from '../sim/seedJobs';
import { request } from './helpers/simHttp';
import { DATA_CENTERS, ENVIRONMENTS, ZohoClient, ZohoError, endpointsFor, staticTokenProvider, type LogFn } from '../../src/zoho';
import { accountsUrlFor, ZohoOAuth, type OAuthFetch, type OAuthFetchInit } from '../../src/zoho/oauth';
import { forgetSecret, redactSecrets, registerSecret } from '../../src/zoho/redact';
import { expiryFromHeader } from '../../src/zoho/tokenManager';

const UA = 'zoho-bulk-jobs-vscode/test';
const TOKEN_SHAPE = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/;
const INVALID_CODE_WORDS =
  'The grant code or refresh token is not valid any more: grant codes work once and expire after a few minutes; refresh tokens stop working when revoked (OAUTH_INVALID_CODE).';

/** Everything shown or logged in this file, checked for secrets at the end. */
const captured: string[] = [];
const secrets = new Set<string>();
const log: LogFn = (level, msg) => captured.push(`${level} ${msg}`);

async function failure(p: Promise<unknown>, code: string): Promise<ZohoError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ZohoError, String(e));
    captured.push(e.message, e.hint ?? '', e.zohoMessage ?? '', JSON.stringify(e.details ?? null), String(e.stack));
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

interface StubAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}
function stubFetch(answer: StubAnswer | ((url: string, init: OAuthFetchInit) => Promise<StubAnswer>)) {
  const calls: { url: string; init: OAuthFetchInit }[] = [];
  const fetch: OAuthFetch = async (url, init) => {
    calls.push({ url, init });
    const a = typeof answer === 'function' ? await answer(url, init) : answer;
    const headers = Object.fromEntries(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: a.status ?? 200, headers: { get: (n: string) => headers[n.toLowerCase()] ?? null }, text: async () => a.body ?? '' };
  };
  return { fetch, calls };
}

const CLIENT = { clientId: '1000.STUBCLIENT', clientSecret: 'stub-client-secret-9f8e7d' };
const STUB_RT = '1000.aaaabbbbccccddddeeeeffff00001111.22223333444455556666777788889999';
const stubOAuth = (fetch: OAuthFetch, timeoutMs?: number) => new ZohoOAuth({ accountsUrl: 'https://accounts.zoho.com', userAgent: UA, log, fetch, timeoutMs });

describe('zoho/oauth: accounts server from the data-centre table', () => {
  it('every data centre and environment uses the table accounts server; sandbox/developer share production’s', () => {
    for (const dc of DATA_CENTERS) {
      const prod = accountsUrlFor(dc, 'production');
      assert.equal(prod, endpointsFor(dc, 'production').accountsUrl);
      assert.match(prod, /^https:\/\/accounts\.zoho(cloud)?\./);
      for (const env of ENVIRONMENTS) assert.equal(accountsUrlFor(dc, env), prod, `${dc} ${env}`);
      assert.doesNotThrow(() => new ZohoOAuth({ accountsUrl: prod, userAgent: UA }));
      assert.doesNotThrow(() => new ZohoOAuth({ accountsUrl: `${prod}/`, userAgent: UA }));
    }
    assert.equal(accountsUrlFor('EU', 'sandbox'), 'https://accounts.zoho.eu');
    assert.equal(accountsUrlFor('CA', 'developer'), 'https://accounts.zohocloud.ca');
    assert.equal(DATA_CENTERS.length, 8);
  });

  it('a loopback API override makes the simulator the accounts server; anything else is ignored', () => {
    assert.equal(accountsUrlFor('US', 'production', 'http://127.0.0.1:38111'), 'http://127.0.0.1:38111');
    assert.equal(accountsUrlFor('EU', 'sandbox', 'http://localhost:9/'), 'http://localhost:9');
    assert.equal(accountsUrlFor('IN', 'production', 'https://[::1]:8443'), 'https://[::1]:8443');
    for (const other of ['https://evil.example.com', 'https://www.zohoapis.eu', 'http://127.0.0.1.evil.com', 'http://127.0.0.1:1/path', 'http://user@127.0.0.1:1', '', '  ']) {
      assert.equal(accountsUrlFor('US', 'production', other), 'https://accounts.zoho.com', other);
    }
  });

  it('ZohoOAuth refuses an accounts server that is not in the table (or loopback)', () => {
    for (const bad of ['https://accounts.evil.com', 'http://accounts.zoho.com', 'https://accounts.zoho.com/x', 'https://accounts.zoho.com?x=1', 'https://u:p@accounts.zoho.com', 'https://www.zohoapis.com', 'not a url']) {
      assert.throws(
        () => new ZohoOAuth({ accountsUrl: bad, userAgent: UA }),
        (e: unknown) => e instanceof ZohoError && e.code === 'UNTRUSTED_HOST',
        bad,
      );
    }
    assert.equal(new ZohoOAuth({ accountsUrl: 'http://127.0.0.1:5/', userAgent: UA }).loopback, true);
    assert.equal(new ZohoOAuth({ accountsUrl: 'https://accounts.zoho.eu', userAgent: UA }).loopback, false);
  });
});

describe('zoho/oauth over the simulator', () => {
  let sim: Simulator;
  let oauth: ZohoOAuth;
  const client = () => ({ ...sim.oauth.client });
  before(async () => {
    sim = await startSimulator();
    oauth = new ZohoOAuth({ accountsUrl: accountsUrlFor('US', 'production', sim.url), userAgent: UA, log, timeoutMs: 5000 });
    secrets.add(sim.oauth.client.clientSecret);
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  const code = (opts?: { expiresInSec?: number }) => {
    const c = sim.oauth.issueGrantCode(opts);
    secrets.add(c);
    return c;
  };
  const exchange = async () => {
    const g = await oauth.exchangeGrantCode({ ...client(), code: code() });
    secrets.add(g.accessToken);
    if (g.refreshToken) secrets.add(g.refreshToken);
    return g;
  };
  const api = (token: string, apiBase = sim.url) =>
    new ZohoClient({ apiBase, tokens: staticTokenProvider(token), userAgent: UA, retry: { maxAttempts: 1 }, log });

  it('path 1, self client: grant code → refresh + access token, api_domain = the simulator; the token works', async () => {
    const before = Date.now();
    const g = await exchange();
    assert.match(g.accessToken, TOKEN_SHAPE);
    assert.match(g.refreshToken ?? '', TOKEN_SHAPE);
    assert.equal(g.apiDomain, sim.url);
    assert.equal(g.lifetimeMs, 3_600_000);
    assert.ok(g.expiresAt >= before + 3_600_000 && g.expiresAt <= Date.now() + 3_600_000);
    // secrets travel in the form body, never in the URL
    assert.deepEqual(sim.requests.map((r) => `${r.method} ${r.path}`), ['POST /oauth/v2/token']);
    assert.equal(sim.requests[0].authorization, undefined);
    const { job } = await api(g.accessToken, g.apiDomain).getWriteJob(SEED_JOB_ID);
    assert.equal(job.id, SEED_JOB_ID);
  });

  it('grant codes work once, expire, and must be ones Zoho issued: invalid_code in plain words', async () => {
    const c = code();
    await oauth.exchangeGrantCode({ ...client(), code: c });
    const used = await failure(oauth.exchangeGrantCode({ ...client(), code: c }), 'OAUTH_INVALID_CODE');
    assert.equal(used.message, INVALID_CODE_WORDS);
    assert.equal(used.hint, 'Generate a new grant code in the Zoho API Console (Self Client → Generate Code) and sign in again.');
    assert.equal(used.httpStatus, 200); // Zoho answers invalid_code with HTTP 200
    await failure(oauth.exchangeGrantCode({ ...client(), code: code({ expiresInSec: 0 }) }), 'OAUTH_INVALID_CODE');
    await failure(oauth.exchangeGrantCode({ ...client(), code: '1000.00000000000000000000000000000000.00000000000000000000000000000000' }), 'OAUTH_INVALID_CODE');
  });

  it('a wrong client id or secret → invalid_client: wrong, or another data centre', async () => {
    const e = await failure(oauth.exchangeGrantCode({ clientId: sim.oauth.client.clientId, clientSecret: 'wrong-secret-123', code: code() }), 'OAUTH_INVALID_CLIENT');
    secrets.add('wrong-secret-123');
    assert.match(e.message, /client id and client secret.*another data centre/);
    assert.match(e.hint ?? '', /data centre/);
    const g = await exchange();
    await failure(oauth.refresh({ clientId: '1000.OTHER', clientSecret: sim.oauth.client.clientSecret, refreshToken: g.refreshToken ?? '' }), 'OAUTH_INVALID_CLIENT');
  });

  it('missing or malformed input is refused before anything is sent', async () => {
    await failure(oauth.exchangeGrantCode({ clientId: '', clientSecret: 'x', code: 'y' }), 'OAUTH_MISSING_INPUT');
    const e = await failure(oauth.refresh({ ...client(), refreshToken: 'has space' }), 'OAUTH_MISSING_INPUT');
    assert.match(e.message, /^The refresh token is missing/);
    assert.equal(sim.requests.length, 0);
  });

  it('path 2, refresh token: a new access token, no new refresh token; the old access token still works', async () => {
    const g = await exchange();
    const r = await oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' });
    secrets.add(r.accessToken);
    assert.match(r.accessToken, TOKEN_SHAPE);
    assert.notEqual(r.accessToken, g.accessToken);
    assert.equal(r.refreshToken, undefined);
    assert.equal(r.apiDomain, sim.url);
    assert.equal(sim.oauth.refreshCount(g.refreshToken), 1);
    assert.equal(sim.oauth.refreshCount(), 1);
    await api(r.accessToken).getWriteJob(SEED_JOB_ID);
    await api(g.accessToken).getWriteJob(SEED_JOB_ID);
  });

  it('path 3, access token only: the expiry comes from X-ACCESSTOKEN-RESET', async () => {
    const g = await exchange();
    const res = await api(g.accessToken).getWriteJob(SEED_JOB_ID);
    const expiry = expiryFromHeader(res.accessTokenReset ?? '');
    assert.ok(expiry !== undefined);
    assert.ok(Math.abs(expiry - (Date.now() + 3_600_000)) < 60_000, `${res.accessTokenReset}`);
  });

  it('expiryFromHeader reads ISO-8601 with offsets and refuses anything else', () => {
    assert.equal(expiryFromHeader('2021-05-13T12:00:55+05:30'), Date.UTC(2021, 4, 13, 6, 30, 55));
    assert.equal(expiryFromHeader('2024-08-01T19:21:19+08:00'), Date.UTC(2024, 7, 1, 11, 21, 19));
    assert.equal(expiryFromHeader(' 2021-05-13T12:00:55+0530 '), Date.UTC(2021, 4, 13, 6, 30, 55));
    assert.equal(expiryFromHeader('2021-05-13T12:00:55Z'), Date.UTC(2021, 4, 13, 12, 0, 55));
    assert.equal(expiryFromHeader('2021-05-13T12:00:55.123456-01:00'), Date.UTC(2021, 4, 13, 13, 0, 55, 123));
    for (const bad of ['', 'soon', '2021-05-13', '2021-05-13T12:00:55', '2021-13-13T12:00:55Z', '2021-05-13T25:00:55Z', 'Thu, 01 Aug 2024 10:21:35 GMT']) {
      assert.equal(expiryFromHeader(bad), undefined, bad);
    }
  });

  it('legacy expiry: expires_in_sec present → expires_in is milliseconds', async () => {
    sim.oauth.setLegacyExpiry(true);
    sim.oauth.setLifetime(90);
    const g = await exchange();
    assert.equal(g.lifetimeMs, 90_000);
    sim.oauth.setLegacyExpiry(false);
    const r = await oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' });
    secrets.add(r.accessToken);
    assert.equal(r.lifetimeMs, 90_000);
  });

  it('Zoho’s throttle: the 11th refresh in 10 minutes → OAUTH_THROTTLED in plain words', async () => {
    const g = await exchange();
    for (let i = 0; i < 10; i++) secrets.add((await oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' })).accessToken);
    const e = await failure(oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' }), 'OAUTH_THROTTLED');
    assert.equal(e.httpStatus, 400);
    assert.match(e.message, /too many were requested in a short time/);
    assert.match(e.hint ?? '', /Wait/);
    assert.equal(e.retryable, false);
    assert.equal(sim.oauth.refreshCount(g.refreshToken), 11);
    sim.advance(10 * 60_000 + 1); // a slot frees on the simulator clock
    secrets.add((await oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' })).accessToken);
  });

  it('revoke: the refresh token and its access tokens die; revoking again → OAUTH_REVOKE_REJECTED', async () => {
    const g = await exchange();
    const r = await oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' });
    secrets.add(r.accessToken);
    await oauth.revoke(g.refreshToken ?? '');
    assert.equal(sim.oauth.revoked(g.refreshToken ?? ''), true);
    assert.equal(sim.requests.at(-1)?.path, '/oauth/v2/token/revoke'); // token in the body, not the URL
    const e = await failure(oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' }), 'OAUTH_INVALID_CODE');
    assert.equal(e.message, INVALID_CODE_WORDS);
    for (const dead of [g.accessToken, r.accessToken]) await failure(api(dead).getWriteJob(SEED_JOB_ID), 'INVALID_TOKEN');
    const again = await failure(oauth.revoke(g.refreshToken ?? ''), 'OAUTH_REVOKE_REJECTED');
    assert.equal(again.httpStatus, 400);
  });

  it('the simulator takes token-endpoint fields from the query too (as Zoho documents), and revoke ?token=', async () => {
    const c = code();
    const { clientId, clientSecret } = sim.oauth.client;
    const q = new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code: c });
    const r = await request(`${sim.url}/oauth/v2/token?${q}`, { method: 'POST' });
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text) as Record<string, unknown>;
    secrets.add(String(body.access_token));
    secrets.add(String(body.refresh_token));
    assert.deepEqual(Object.keys(body), ['access_token', 'refresh_token', 'scope', 'api_domain', 'token_type', 'expires_in']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.match(String(r.headers['content-type']), /application\/json/);
    const revoke = await request(`${sim.url}/oauth/v2/token/revoke?token=${String(body.refresh_token)}`, { method: 'POST' });
    assert.deepEqual([revoke.status, JSON.parse(revoke.text)], [200, { status: 'success' }]);
    const unknown = await request(`${sim.url}/oauth/v2/token/revoke?token=nope`, { method: 'POST' });
    assert.equal(unknown.status, 400);
    const get = await request(`${sim.url}/oauth/v2/token`);
    assert.equal(get.status, 400); // INVALID_REQUEST_METHOD, like any route
  });

  it('the grant-code and lifetime control endpoints', async () => {
    const r = await request(`${sim.url}/__sim/oauth/grant-code`, { method: 'POST', body: '{}' });
    const { code: c, clientId } = JSON.parse(r.text) as { code: string; clientId: string };
    secrets.add(c);
    assert.match(c, TOKEN_SHAPE);
    assert.equal(clientId, '1000.SIMCLIENT');
    const l = await request(`${sim.url}/__sim/oauth/lifetime`, { method: 'POST', body: '{"seconds":120}' });
    assert.equal(l.status, 200);
    const g = await oauth.exchangeGrantCode({ ...client(), code: c });
    secrets.add(g.accessToken);
    secrets.add(g.refreshToken ?? '');
    assert.equal(g.lifetimeMs, 120_000);
    const bad = await request(`${sim.url}/__sim/oauth/lifetime`, { method: 'POST', body: '{"seconds":0}' });
    assert.equal(bad.status, 400);
  });

  it('a transient accounts-server failure is an ordinary retryable error', async () => {
    const g = await exchange();
    sim.injectFault({ kind: 'html502' });
    const e = await failure(oauth.refresh({ ...client(), refreshToken: g.refreshToken ?? '' }), 'HTTP_502');
    assert.equal(e.retryable, true);
  });
});

describe('zoho/oauth: api_domain must be a Zoho API host', () => {
  it('a real data centre’s API domain is taken (simulator answering as EU)', async () => {
    const sim = await startSimulator({ oauthDataCenter: 'EU' });
    try {
      const oauth = new ZohoOAuth({ accountsUrl: sim.url, userAgent: UA, log });
      const c = sim.oauth.issueGrantCode();
      secrets.add(c);
      const g = await oauth.exchangeGrantCode({ ...sim.oauth.client, code: c });
      secrets.add(g.accessToken);
      secrets.add(g.refreshToken ?? '');
      assert.equal(g.apiDomain, 'https://www.zohoapis.eu');
    } finally {
      await sim.close();
    }
  });

  it('a hostile api_domain from the simulator is refused (UNTRUSTED_HOST), naming the host but no token', async () => {
    for (const hostile of ['https://evil.example.com', 'http://127.0.0.1:1']) {
      const sim = await startSimulator({ oauthApiDomain: hostile });
      try {
        const oauth = new ZohoOAuth({ accountsUrl: sim.url, userAgent: UA, log });
        const c = sim.oauth.issueGrantCode();
        secrets.add(c);
        const e = await failure(oauth.exchangeGrantCode({ ...sim.oauth.client, code: c }), 'UNTRUSTED_HOST');
        assert.match(e.message, new RegExp(new URL(hostile).host.replace(/\./g, '\\.')));
        assert.match(e.message, /nothing was sent/);
      } finally {
        await sim.close();
      }
    }
  });

  it('refuses http, ports, look-alikes, credentials, paths, loopback (outside loopback mode) and non-strings', async () => {
    const bad: unknown[] = [
      'http://www.zohoapis.com',
      'https://www.zohoapis.com:8443',
      'https://www.zohoapis.com.evil.com',
      'https://zohoapis.com',
      'https://user@www.zohoapis.com',
      'https://www.zohoapis.com/crm',
      'http://127.0.0.1:1',
      'javascript:alert(1)',
      '',
      42,
      ['https://www.zohoapis.com'],
    ];
    for (const apiDomain of bad) {
      const { fetch } = stubFetch({ body: JSON.stringify({ access_token: 'a'.repeat(20), api_domain: apiDomain, expires_in: 3600 }) });
      await failure(stubOAuth(fetch).refresh({ ...CLIENT, refreshToken: STUB_RT }), 'UNTRUSTED_HOST');
    }
    for (const good of ['https://www.zohoapis.com', 'https://sandbox.zohoapis.com.au/', 'https://www.zohoapis.ca']) {
      const { fetch } = stubFetch({ body: JSON.stringify({ access_token: 'a'.repeat(20), api_domain: good, expires_in: 3600 }) });
      const g = await stubOAuth(fetch).refresh({ ...CLIENT, refreshToken: STUB_RT });
      assert.equal(g.apiDomain, new URL(good).origin);
    }
  });
});

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

describe('zoho/redact: registered secrets and secret fields', () => {
  it('masks registered exact values, form and JSON secret fields; keeps Zoho error codes', () => {
    const secret = 'a-client-secret-7c1d';
    assert.equal(redactSecrets(`x ${secret} y`), `x ${secret} y`);
    registerSecret(secret);
    registerSecret('abc'); // too short to register
    assert.equal(redactSecrets(`x ${secret} y ${secret}`), 'x [redacted] y [redacted]');
    assert.equal(redactSecrets('abc'), 'abc');
    assert.equal(
      redactSecrets('POST /oauth/v2/token?grant_type=refresh_token&client_secret=s3cr3t&refresh_token=r3fr3sh&code=c0de'),
      'POST /oauth/v2/token?grant_type=refresh_token&client_secret=[redacted]&refresh_token=[redacted]&code=[redacted]',
    );
    assert.equal(redactSecrets('token=abc123 sent'), 'token=[redacted] sent');
    assert.equal(
      redactSecrets('{"access_token":"zzz","refresh_token": "yyy","client_secret":"xxx","code":"INVALID_TOKEN"}'),
      '{"access_token":"[redacted]","refresh_token": "[redacted]","client_secret":"[redacted]","code":"INVALID_TOKEN"}',
    );
    assert.equal(redactSecrets('the INVALID_TOKEN code'), 'the INVALID_TOKEN code');
    forgetSecret(secret);
    assert.equal(redactSecrets(secret), secret);
  });
});

describe('zoho/oauth: no secret in any message or log line', () => {
  it('nothing captured in this file contains a token, code or client secret', () => {
    assert.ok(captured.length > 50, `only ${captured.length} lines captured`);
    assert.ok(secrets.size > 10);
    for (const line of captured) {
      for (const s of secrets) if (s.length >= 6) assert.ok(!line.includes(s), `secret in: ${line.slice(0, 300)}`);
    }
  });
});
