// ZohoOAuth over real loopback HTTP against the simulator's accounts server (grant exchange,
// refresh, revoke, throttle) and the accounts-server choice. Every message and log line is checked
// for secrets. Odd token-endpoint answers: oauthAnswers.test.ts; api_domain checks: oauthApiDomain.test.ts.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../sim/server';
import { SEED_JOB_ID } from '../sim/seedJobs';
import { request } from './helpers/simHttp';
import { UA } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { DATA_CENTERS, ENVIRONMENTS, ZohoClient, ZohoError, endpointsFor, staticTokenProvider } from '../../src/zoho';
import { accountsUrlFor, ZohoOAuth } from '../../src/zoho/oauth';
import { expiryFromHeader } from '../../src/zoho/tokenManager';

const TOKEN_SHAPE = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/;
const INVALID_CODE_WORDS =
  'The grant code or refresh token is not valid any more: grant codes work once and expire after a few minutes; refresh tokens stop working when revoked (OAUTH_INVALID_CODE).';

/** Everything shown or logged in this file, checked for secrets at the end. */
const watch = new SecretWatch();
const { secrets, log, failure } = watch;

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

describe('zoho/oauth: no secret in any message or log line', () => {
  it('nothing captured in this file contains a token, code or client secret', () => {
    watch.assertNoSecrets(50, 10);
  });
});
