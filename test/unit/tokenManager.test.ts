// TokenManager against the simulator's accounts server over real HTTP, on a fake clock: the manager's
// `now` and the frozen simulator clock step together. Refresh margins, token rotation and real-time
// short tokens: tokenManagerLifetimes.test.ts.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../sim/server';
import { SEED_JOB_ID } from '../sim/seedJobs';
import { UA } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { ZohoClient, ZohoError } from '../../src/zoho';
import { accountsUrlFor, ZohoOAuth, type TokenGrant } from '../../src/zoho/oauth';
import { REFRESH_LIMIT, REFRESH_WINDOW_MS, TokenManager } from '../../src/zoho/tokenManager';

const watch = new SecretWatch();
const { captured, secrets, log, keep, failure } = watch;

describe('zoho/tokenManager over the simulator (fake clock)', () => {
  let sim: Simulator;
  let t0 = 0;
  let offset = 0;
  const now = () => t0 + offset;
  /** moves the manager's clock and the frozen simulator clock together */
  const tick = (ms: number) => {
    offset += ms;
    sim.advance(ms);
  };
  let oauth: ZohoOAuth;
  before(async () => {
    sim = await startSimulator({ timeScale: 0 });
    oauth = new ZohoOAuth({ accountsUrl: accountsUrlFor('US', 'production', sim.url), userAgent: UA, log, now: () => now() });
    secrets.add(sim.oauth.client.clientSecret);
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    t0 = Date.now();
    offset = 0;
  });

  interface Session {
    m: TokenManager;
    grant: TokenGrant;
    refreshToken: string;
    tokens: TokenGrant[];
    signedOut: ZohoError[];
    rejected: ZohoError[];
    client: ZohoClient;
  }
  async function signIn(o: { expired?: boolean; initialToken?: string; oauth?: Pick<ZohoOAuth, 'refresh'>; apiBase?: string } = {}): Promise<Session> {
    const code = sim.oauth.issueGrantCode();
    secrets.add(code);
    const grant = await oauth.exchangeGrantCode({ ...sim.oauth.client, code });
    const refreshToken = grant.refreshToken ?? assert.fail('no refresh token');
    secrets.add(grant.accessToken);
    secrets.add(refreshToken);
    const tokens: TokenGrant[] = [];
    const signedOut: ZohoError[] = [];
    const rejected: ZohoError[] = [];
    const m = new TokenManager({
      oauth: o.oauth ?? oauth,
      credentials: { ...sim.oauth.client, refreshToken },
      now,
      initial: { accessToken: o.initialToken ?? grant.accessToken, expiresAt: o.expired ? now() - 1 : grant.expiresAt },
      onToken: (g) => {
        secrets.add(g.accessToken);
        tokens.push(g);
      },
      onSignedOut: (e) => signedOut.push(keep(e) as ZohoError),
      onRejected: (e) => rejected.push(keep(e) as ZohoError),
      log,
    });
    const client = new ZohoClient({ apiBase: o.apiBase ?? sim.url, tokens: m, userAgent: UA, retry: { maxAttempts: 1 }, log });
    return { m, grant, refreshToken, tokens, signedOut, rejected, client };
  }
  const gets = () => sim.requests.filter((r) => r.method === 'GET').length;
  /** token-endpoint requests, including those a fault answered before the OAuth server saw them */
  const tokenPosts = () => sim.requests.filter((r) => r.method === 'POST' && r.path === '/oauth/v2/token').length;

  it('path 1 → manager: the exchanged token is used until the margin, then one silent refresh', async () => {
    const s = await signIn();
    assert.equal(await s.m.getAccessToken(), s.grant.accessToken);
    assert.equal(s.m.expiresAt, t0 + 3_600_000);
    tick(3_600_000 - 300_000 - 1);
    assert.equal(await s.m.getAccessToken(), s.grant.accessToken);
    await s.client.getWriteJob(SEED_JOB_ID);
    assert.equal(sim.oauth.refreshCount(), 0);
    tick(1); // exactly 5 minutes before expiry
    const fresh = await s.m.getAccessToken();
    assert.notEqual(fresh, s.grant.accessToken);
    assert.equal(sim.oauth.refreshCount(s.refreshToken), 1);
    assert.equal(s.tokens.length, 1);
    assert.equal(s.tokens[0].accessToken, fresh);
    assert.equal(s.tokens[0].expiresAt, now() + 3_600_000);
    assert.equal(s.m.expiresAt, now() + 3_600_000);
    await s.client.getWriteJob(SEED_JOB_ID);
    assert.equal(sim.requests.at(-1)?.authorization, `Zoho-oauthtoken ${fresh}`);
    assert.equal(s.m.refreshesInWindow(), 1);
    assert.equal(sim.oauth.refreshCount(), 1);
  });

  it('short-lived tokens: the margin shrinks to a twelfth of the lifetime', async () => {
    sim.oauth.setLifetime(60);
    const s = await signIn({ expired: true });
    const first = await s.m.getAccessToken();
    assert.equal(s.tokens[0].lifetimeMs, 60_000);
    tick(54_999);
    assert.equal(await s.m.getAccessToken(), first);
    tick(1);
    assert.notEqual(await s.m.getAccessToken(), first);
    assert.equal(sim.oauth.refreshCount(), 2);
  });

  it('20 concurrent getAccessToken() calls on an expired token share ONE refresh', async () => {
    const s = await signIn({ expired: true });
    const all = await Promise.all(Array.from({ length: 20 }, () => s.m.getAccessToken()));
    assert.equal(new Set(all).size, 1);
    assert.notEqual(all[0], s.grant.accessToken);
    assert.equal(sim.oauth.refreshCount(), 1);
  });

  it('20 concurrent ZohoClient requests on an expired token: ONE refresh, all succeed', async () => {
    const s = await signIn();
    tick(3_600_000); // expired
    const before = sim.requests.length;
    const jobs = await Promise.all(Array.from({ length: 20 }, () => s.client.getWriteJob(SEED_JOB_ID)));
    assert.equal(jobs.length, 20);
    assert.equal(sim.oauth.refreshCount(), 1);
    assert.equal(sim.requests.length - before, 21);
    const auths = new Set(sim.requests.filter((r) => r.method === 'GET').map((r) => r.authorization));
    assert.deepEqual([...auths], [`Zoho-oauthtoken ${s.tokens[0].accessToken}`]);
  });

  it('20 concurrent requests all rejected (401) for the cached token: ONE refresh, each retried once', async () => {
    const stale = '1000.0badc0de0badc0de0badc0de0badc0de.0badc0de0badc0de0badc0de0badc0de';
    const s = await signIn({ initialToken: stale });
    const jobs = await Promise.all(Array.from({ length: 20 }, () => s.client.getWriteJob(SEED_JOB_ID)));
    assert.equal(jobs.length, 20);
    assert.equal(sim.oauth.refreshCount(), 1);
    assert.equal(gets(), 40);
    // a rejection of an older token while a newer one is cached: true, no refresh
    assert.equal(await s.m.onUnauthorized(stale), true);
    assert.equal(sim.oauth.refreshCount(), 1);
    assert.equal(s.signedOut.length, 0);
  });

  it('30 simulated minutes of load with 30-second tokens: ≤ 10 refreshes per 10 minutes, ≤ 1 per lifetime, REFRESH_THROTTLED in between', async () => {
    sim.oauth.setLifetime(30);
    const attempts: number[] = [];
    const counting: Pick<ZohoOAuth, 'refresh'> = {
      refresh: (c) => {
        attempts.push(now());
        return oauth.refresh(c);
      },
    };
    const s = await signIn({ oauth: counting, expired: true });
    const errors = new Map<string, number>();
    let served = 0;
    let lastThrottle: ZohoError | undefined;
    for (let second = 0; second < 30 * 60; second++) {
      const calls: Promise<unknown>[] = Array.from({ length: 3 }, () => s.m.getAccessToken());
      if (second % 10 === 0) calls.push(s.client.getWriteJob(SEED_JOB_ID));
      for (const r of await Promise.allSettled(calls)) {
        if (r.status === 'fulfilled') served++;
        else {
          const e = keep(r.reason) as ZohoError;
          errors.set(e.code, (errors.get(e.code) ?? 0) + 1);
          if (e.code === 'REFRESH_THROTTLED') lastThrottle = e;
        }
      }
      tick(1000);
    }
    // any 10-minute window holds at most 10 refresh requests
    for (let i = 0; i < attempts.length; i++) {
      const inWindow = attempts.filter((t) => t >= attempts[i] && t < attempts[i] + REFRESH_WINDOW_MS).length;
      assert.ok(inWindow <= REFRESH_LIMIT, `${inWindow} refreshes in the window starting at ${attempts[i] - t0} ms`);
    }
    // never more than one refresh per token lifetime (30 s, renewed 2.5 s early)
    for (let i = 1; i < attempts.length; i++) assert.ok(attempts[i] - attempts[i - 1] >= 27_500, `gap ${attempts[i] - attempts[i - 1]} ms`);
    assert.ok(attempts.length >= 25 && attempts.length <= 30, `${attempts.length} refreshes`);
    assert.equal(sim.oauth.refreshCount(), attempts.length); // the simulator saw exactly these, never throttled
    assert.deepEqual([...errors.keys()], ['REFRESH_THROTTLED']);
    assert.ok(served > 2000, `${served} served`);
    assert.ok(lastThrottle);
    assert.match(lastThrottle.message, /already renewed the Zoho access token 10 times in the last 10 minutes/);
    assert.ok((lastThrottle.retryAfterMs ?? 0) > 0 && (lastThrottle.retryAfterMs ?? 0) <= REFRESH_WINDOW_MS);
    assert.match(lastThrottle.hint ?? '', /^Wait \d+ (s|minutes) before trying again\.$/);
    assert.equal(s.signedOut.length, 0);
  });

  it('a revoked refresh token: the refresh fails, onSignedOut fires once, then nothing is sent (no loop)', async () => {
    const s = await signIn({ expired: true });
    await oauth.revoke(s.refreshToken);
    const first = await Promise.allSettled(Array.from({ length: 5 }, () => s.m.getAccessToken()));
    for (const r of first) {
      assert.equal(r.status, 'rejected');
      assert.equal((keep(r.reason) as ZohoError).code, 'OAUTH_INVALID_CODE');
    }
    assert.equal(s.signedOut.length, 1);
    assert.equal(s.signedOut[0].code, 'OAUTH_INVALID_CODE');
    assert.match(s.signedOut[0].message, /^The grant code or refresh token is not valid any more/);
    assert.equal(s.m.signedOut, true);
    assert.equal(sim.oauth.refreshCount(), 1);
    const sent = sim.requests.length;
    for (let i = 0; i < 10; i++) {
      assert.equal(await s.m.getAccessToken(), undefined);
      await failure(s.client.getWriteJob(SEED_JOB_ID), 'NO_TOKEN');
      assert.equal(await s.m.onUnauthorized('anything'), false);
    }
    assert.equal(sim.requests.length, sent);
    assert.equal(s.signedOut.length, 1);
  });

  it('revoked while the cached token looks valid: 401 → one refresh → invalid_code → signed out once', async () => {
    const s = await signIn();
    await oauth.revoke(s.refreshToken); // kills the access token too
    const e = await failure(s.client.getWriteJob(SEED_JOB_ID), 'INVALID_TOKEN');
    assert.equal(e.httpStatus, 401);
    assert.equal(s.signedOut.length, 1);
    assert.equal(s.signedOut[0].code, 'OAUTH_INVALID_CODE');
    assert.equal(sim.oauth.refreshCount(), 1);
    const sent = sim.requests.length;
    await Promise.allSettled(Array.from({ length: 10 }, () => s.client.getWriteJob(SEED_JOB_ID)));
    assert.equal(sim.requests.length, sent);
    assert.equal(s.signedOut.length, 1);
  });

  it('new tokens rejected again (e.g. the wrong data centre): the retry refused too pauses refreshing 1 min doubling, one onRejected, never a sign-out', async () => {
    const other = await startSimulator({ timeScale: 0 }); // another "data centre": knows none of these tokens
    try {
      const s = await signIn({ apiBase: other.url });
      await failure(s.client.getWriteJob(SEED_JOB_ID), 'INVALID_TOKEN'); // 401 → refresh → retry → 401: the renewed token is refused too
      assert.equal(sim.oauth.refreshCount(), 1);
      assert.equal(s.rejected.length, 1);
      assert.match(s.rejected[0].message, /^Zoho keeps rejecting new access tokens/);
      assert.equal(s.m.rejectedUntilMs, now() + 60_000);
      for (let i = 0; i < 5; i++) await failure(s.client.getWriteJob(SEED_JOB_ID), 'OAUTH_TOKEN_REJECTED'); // paused: nothing sent
      assert.equal(other.requests.length, 2);
      tick(60_000); // one probe (a new token, 401, the one shared refresh, retry, 401) → the pause doubles
      await failure(s.client.getWriteJob(SEED_JOB_ID), 'INVALID_TOKEN');
      assert.equal(sim.oauth.refreshCount(), 3);
      assert.equal(s.m.rejectedUntilMs, now() + 120_000);
      tick(60_000);
      await failure(s.client.getWriteJob(SEED_JOB_ID), 'OAUTH_TOKEN_REJECTED');
      assert.equal(sim.oauth.refreshCount(), 3);
      assert.equal(other.requests.length, 4);
      tick(60_000);
      await failure(s.client.getWriteJob(SEED_JOB_ID), 'INVALID_TOKEN');
      assert.equal(sim.oauth.refreshCount(), 5);
      assert.equal(s.m.rejectedUntilMs, now() + 240_000);
      assert.deepEqual([s.rejected.length, s.signedOut.length, s.m.signedOut], [1, 0, false]);
    } finally {
      await other.close();
    }
  });

  it('isolated 401s a minute apart (each retry succeeds): one refresh each, no error, no onRejected, no pause', async () => {
    const s = await signIn();
    for (let i = 0; i < 3; i++) {
      sim.injectFault({ kind: 'status', status: 401, jobId: SEED_JOB_ID });
      const job = await s.client.getWriteJob(SEED_JOB_ID);
      assert.equal(job.job.id, SEED_JOB_ID);
      assert.equal(sim.oauth.refreshCount(), i + 1);
      assert.equal(s.m.rejectedUntilMs, undefined);
      tick(60_000);
    }
    assert.equal(gets(), 6);
    assert.deepEqual([s.rejected.length, s.signedOut.length], [0, 0]);
  });

  it('Zoho’s throttle (Access Denied): OAUTH_THROTTLED, backoff instead of a retry storm, not a sign-out', async () => {
    const s = await signIn({ expired: true });
    for (let i = 0; i < 10; i++) secrets.add((await oauth.refresh({ ...sim.oauth.client, refreshToken: s.refreshToken })).accessToken); // someone else used the budget
    const burst = await Promise.allSettled(Array.from({ length: 20 }, () => s.m.getAccessToken()));
    for (const r of burst) assert.equal(r.status === 'rejected' && (keep(r.reason) as ZohoError).code, 'OAUTH_THROTTLED');
    assert.equal(sim.oauth.refreshCount(s.refreshToken), 11);
    for (let i = 0; i < 20; i++) {
      const e = await failure(s.m.getAccessToken(), 'OAUTH_THROTTLED');
      assert.ok((e.retryAfterMs ?? 0) > 0 && (e.retryAfterMs ?? 0) <= 60_000);
      assert.match(e.message, /too many were requested in a short time/);
      await failure(s.client.getWriteJob(SEED_JOB_ID), 'OAUTH_THROTTLED');
    }
    assert.equal(sim.oauth.refreshCount(s.refreshToken), 11);
    assert.equal(gets(), 0);
    tick(60_000);
    await failure(s.m.getAccessToken(), 'OAUTH_THROTTLED'); // one more try, still throttled: backoff doubles
    assert.equal(sim.oauth.refreshCount(s.refreshToken), 12);
    tick(60_000);
    await failure(s.m.getAccessToken(), 'OAUTH_THROTTLED');
    assert.equal(sim.oauth.refreshCount(s.refreshToken), 12);
    tick(REFRESH_WINDOW_MS);
    assert.ok(await s.m.getAccessToken());
    assert.equal(sim.oauth.refreshCount(s.refreshToken), 13);
    assert.equal(s.signedOut.length, 0);
    assert.equal(s.m.signedOut, false);
  });

  it('transient failures (5xx) are not sign-outs; the still-valid token keeps working meanwhile', async () => {
    const s = await signIn();
    tick(3_600_000 - 60_000); // inside the margin, one minute left
    sim.injectFault({ kind: 'html502' });
    assert.equal(await s.m.getAccessToken(), s.grant.accessToken); // refresh failed, old token still valid
    assert.ok(captured.some((l) => /Could not renew the Zoho access token \(HTTP_502\)/.test(l)));
    const posts = tokenPosts(); // the exchange + the failed refresh
    tick(60_000); // expired now; the 1 s backoff has passed
    sim.injectFault({ kind: 'status', status: 503 });
    const e = await failure(s.m.getAccessToken(), 'HTTP_503');
    assert.equal(e.retryable, true);
    assert.equal(tokenPosts(), posts + 1);
    await failure(s.m.getAccessToken(), 'HTTP_503'); // within the 2 s backoff: no request
    assert.equal(tokenPosts(), posts + 1);
    tick(2_000);
    assert.ok(await s.m.getAccessToken());
    assert.equal(tokenPosts(), posts + 2);
    assert.equal(sim.oauth.refreshCount(), 1);
    assert.equal(s.signedOut.length, 0);
  });

  it('dispose(): no token, no refresh, no callbacks', async () => {
    const s = await signIn({ expired: true });
    s.m.dispose();
    assert.equal(await s.m.getAccessToken(), undefined);
    assert.equal(await s.m.onUnauthorized(s.grant.accessToken), false);
    assert.equal(s.m.expiresAt, undefined);
    assert.equal(sim.oauth.refreshCount(), 0);
    assert.equal(s.signedOut.length, 0);
  });
});

describe('zoho/tokenManager: no secret in any message or log line', () => {
  it('nothing captured contains a token, code or client secret', () => {
    watch.assertNoSecrets(100);
  });
});
