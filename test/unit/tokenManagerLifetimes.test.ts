// TokenManager's refresh margin, a rotated refresh token and a non-Zoho failure (stub OAuth client),
// and 1-second tokens in real time against the simulator's accounts server.
import assert from 'node:assert/strict';
import { startSimulator } from '../sim/server';
import { SEED_JOB_ID } from '../sim/seedJobs';
import { UA } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { ZohoClient } from '../../src/zoho';
import { ZohoOAuth, type TokenGrant } from '../../src/zoho/oauth';
import { REFRESH_LIMIT, TokenManager, refreshMargin } from '../../src/zoho/tokenManager';

const watch = new SecretWatch();
const { secrets, log, failure } = watch;

describe('zoho/tokenManager: refreshMargin', () => {
  it('5 minutes for one-hour tokens, a twelfth of the lifetime for short ones', () => {
    assert.equal(refreshMargin(3_600_000), 300_000);
    assert.equal(refreshMargin(7_200_000), 300_000);
    assert.equal(refreshMargin(60_000), 5_000);
    assert.equal(refreshMargin(30_000), 2_500);
    assert.ok(Math.abs(refreshMargin(1_000) - 83.33) < 0.01);
    assert.equal(refreshMargin(0), 0);
  });
});

describe('zoho/tokenManager with a stub OAuth client', () => {
  it('adopts a rotated refresh token; a non-Zoho failure becomes NETWORK_ERROR (not a sign-out)', async () => {
    let clock = 1_000_000;
    const seen: string[] = [];
    let fail = false;
    const oauth: Pick<ZohoOAuth, 'refresh'> = {
      refresh: async (c) => {
        seen.push(c.refreshToken);
        if (fail) throw new Error('socket hang up');
        return { accessToken: `access-${seen.length}-xxxxxxxx`, refreshToken: 'rotated-refresh-token-1', expiresAt: 0, lifetimeMs: 60_000 };
      },
    };
    const stored: TokenGrant[] = [];
    const m = new TokenManager({ oauth, credentials: { clientId: 'id', clientSecret: 'stub-secret-1234', refreshToken: 'first-refresh-token' }, now: () => clock, onToken: (g) => stored.push(g), log });
    secrets.add('stub-secret-1234');
    secrets.add('first-refresh-token');
    secrets.add('rotated-refresh-token-1');
    assert.equal(await m.getAccessToken(), 'access-1-xxxxxxxx');
    assert.equal(stored[0].refreshToken, 'rotated-refresh-token-1');
    assert.equal(stored[0].expiresAt, 1_060_000);
    clock += 60_000;
    assert.equal(await m.getAccessToken(), 'access-2-xxxxxxxx');
    assert.deepEqual(seen, ['first-refresh-token', 'rotated-refresh-token-1']);
    fail = true;
    clock += 60_000;
    const e = await failure(m.getAccessToken(), 'NETWORK_ERROR');
    assert.equal(e.retryable, true);
    assert.equal(m.signedOut, false);
  });
});

describe('zoho/tokenManager over the simulator (real time, 1-second tokens)', () => {
  it('~3 s of continuous requests: every request succeeds, about one refresh per lifetime', async function () {
    this.timeout(8000);
    const sim = await startSimulator({ accessTokenLifetimeSec: 1 });
    try {
      const oauth = new ZohoOAuth({ accountsUrl: sim.url, userAgent: UA, log });
      const code = sim.oauth.issueGrantCode();
      secrets.add(code);
      const g = await oauth.exchangeGrantCode({ ...sim.oauth.client, code });
      secrets.add(g.accessToken);
      secrets.add(g.refreshToken ?? '');
      const at: number[] = [];
      const m = new TokenManager({
        oauth,
        credentials: { ...sim.oauth.client, refreshToken: g.refreshToken ?? '' },
        initial: { accessToken: g.accessToken, expiresAt: g.expiresAt, lifetimeMs: g.lifetimeMs },
        onToken: (t) => {
          secrets.add(t.accessToken);
          at.push(Date.now());
        },
        log,
      });
      const client = new ZohoClient({ apiBase: sim.url, tokens: m, userAgent: UA, retry: { maxAttempts: 1 }, log });
      const started = Date.now();
      let ok = 0;
      const loop = async () => {
        while (Date.now() - started < 3000) {
          await client.getWriteJob(SEED_JOB_ID);
          ok++;
        }
      };
      await Promise.all(Array.from({ length: 5 }, loop));
      assert.ok(ok > 100, `${ok} requests`);
      assert.ok(at.length >= 2 && at.length <= 4, `${at.length} refreshes`);
      assert.equal(sim.oauth.refreshCount(), at.length);
      for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] >= 800, `gap ${at[i] - at[i - 1]} ms`);
      assert.equal(m.signedOut, false);
      assert.ok(m.refreshesInWindow() <= REFRESH_LIMIT);
    } finally {
      await sim.close();
    }
  });
});

describe('zoho/tokenManager lifetimes: no secret in any message or log line', () => {
  it('nothing captured contains a token, code or client secret', () => {
    watch.assertNoSecrets(5, 3);
  });
});
