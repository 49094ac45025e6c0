// Session against the simulator's accounts server and API (loopback, fake clock), over an
// in-memory secret store: one 401 costs one refresh and no error; new tokens rejected again pause
// refreshing with one message and keep the credentials; an access token rejected before its expiry
// is kept but not sent; expiries stamped only on the token they were for; a rotated refresh token
// is saved. Issuer, target and two-window cases: sessionTarget.test.ts.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../sim/server';
import { SEED_JOB_ID } from '../sim/seedJobs';
import { MemorySecrets } from './helpers/memorySecrets';
import { STUB_CLIENT, UA, stubFetch } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { CREDENTIALS_KEY, SecretCredentialStore } from '../../src/jobs/credentialStore';
import { JobService } from '../../src/jobs/jobService';
import { JobStore } from '../../src/jobs/jobStore';
import { Session, type SessionNotice } from '../../src/jobs/session';
import { ZohoClient } from '../../src/zoho/client';
import type { ZohoError } from '../../src/zoho/errors';
import { ZohoOAuth } from '../../src/zoho/oauth';
import { REFRESH_LIMIT, REFRESH_WINDOW_MS } from '../../src/zoho/tokenManager';

const watch = new SecretWatch();
const { secrets: known, log } = watch;

describe('jobs/session over the simulator (fake clock)', () => {
  let sim: Simulator;
  let t0 = 0;
  let offset = 0;
  const now = () => t0 + offset;
  const tick = (ms: number) => { offset += ms; sim.advance(ms); };
  before(async () => { sim = await startSimulator({ timeScale: 0, token: 'session-static-token' }); known.add(sim.oauth.client.clientSecret); });
  after(() => sim.close());
  beforeEach(() => { sim.reset(); t0 = Date.now(); offset = 0; });

  function stack() {
    const secrets = new MemorySecrets();
    const storage = new SecretCredentialStore(secrets, log);
    const notices: SessionNotice[] = [];
    const signOuts: string[] = [];
    const session = new Session(storage, {
      oauth: ({ accountsUrl, dataCenter }) => new ZohoOAuth({ accountsUrl, dataCenter, userAgent: UA, log, now }),
      apiOverride: () => sim.url,
      now,
      log,
      onSecret: (s) => known.add(s),
    });
    session.onDidHaveProblem((n) => notices.push(n));
    session.onDidSignOut((e) => signOuts.push(e.reason));
    const client = new ZohoClient({ apiBase: sim.url, tokens: session, userAgent: UA, retry: { maxAttempts: 1 }, log });
    const store = new JobStore();
    const service = new JobService(store, client);
    return { secrets, session, notices, signOuts, store, service };
  }
  const refreshToken = async () => {
    const code = sim.oauth.issueGrantCode();
    known.add(code);
    const g = await new ZohoOAuth({ accountsUrl: sim.url, userAgent: UA, log, now }).exchangeGrantCode({ ...sim.oauth.client, code });
    known.add(g.accessToken);
    return g.refreshToken ?? assert.fail('no refresh token');
  };
  const jobGets = () => sim.requests.filter((r) => r.path.endsWith(`/${SEED_JOB_ID}`)).length;

  it('the issue’s path: refresh-token sign-in, add a job, one 401 INVALID_TOKEN → exactly one refresh, two requests, no error', async () => {
    const s = stack();
    const rt = await refreshToken();
    await s.session.signIn({ method: 'refreshToken', dataCenter: 'US', environment: 'production', ...sim.oauth.client, refreshToken: rt });
    assert.equal(sim.oauth.refreshCount(rt), 1);
    await s.service.add(SEED_JOB_ID, 'write');
    assert.equal(s.store.get(SEED_JOB_ID)?.error, undefined);
    for (const round of [1, 2]) {
      // round 1: the token from the sign-in; round 2: one the session renewed seconds ago
      sim.injectFault({ kind: 'status', status: 401, jobId: SEED_JOB_ID });
      const [gets, refreshes] = [jobGets(), sim.oauth.refreshCount(rt)];
      await s.service.refresh(SEED_JOB_ID);
      assert.equal(s.store.get(SEED_JOB_ID)?.error, undefined, `round ${round}`);
      assert.equal(sim.oauth.refreshCount(rt) - refreshes, 1, 'exactly one refresh');
      assert.equal(jobGets() - gets, 2, 'the request and its one retry');
      if (round === 1) { tick(3_600_000); await s.service.refresh(SEED_JOB_ID); tick(10_000); }
    }
    assert.deepEqual([s.notices, s.signOuts], [[], []]);
    assert.deepEqual({ ...s.session.state, expiresAt: undefined }, { signedIn: true, method: 'oauth', dataCenter: 'US', environment: 'production', expiresAt: undefined });
    assert.ok(s.secrets.map.has(CREDENTIALS_KEY));
  });

  it('two isolated 401s 60 s apart (each retry succeeds): two refreshes, no error, no notice', async () => {
    const s = stack();
    const rt = await refreshToken();
    await s.session.signIn({ method: 'refreshToken', dataCenter: 'US', environment: 'production', ...sim.oauth.client, refreshToken: rt });
    await s.service.add(SEED_JOB_ID, 'write');
    const before = sim.oauth.refreshCount(rt);
    for (let i = 0; i < 2; i++) {
      sim.injectFault({ kind: 'status', status: 401, jobId: SEED_JOB_ID });
      await s.service.refresh(SEED_JOB_ID);
      assert.equal(s.store.get(SEED_JOB_ID)?.error, undefined, `401 number ${i + 1}`);
      tick(60_000);
    }
    await s.service.refresh(SEED_JOB_ID);
    assert.equal(s.store.get(SEED_JOB_ID)?.error, undefined);
    assert.equal(sim.oauth.refreshCount(rt) - before, 2);
    assert.deepEqual([s.notices, s.signOuts, s.session.state.problem], [[], [], undefined]);
  });

  it('new tokens rejected three times in a row and on: within the refresh budget, one message, credentials kept, no loop; then it recovers', async () => {
    const s = stack();
    const rt = await refreshToken();
    await s.session.signIn({ method: 'refreshToken', dataCenter: 'US', environment: 'production', ...sim.oauth.client, refreshToken: rt });
    await s.service.add(SEED_JOB_ID, 'write');
    const stored = s.secrets.map.get(CREDENTIALS_KEY);
    sim.injectFault({ kind: 'status', status: 401, jobId: SEED_JOB_ID, times: Infinity });
    const refreshesAt: number[] = [];
    let last = sim.oauth.refreshCount(rt);
    const codes = new Set<string>();
    for (let poll = 0; poll < 60; poll++) { // 30 simulated minutes, a poll every 30 s
      await s.service.refresh(SEED_JOB_ID);
      codes.add(s.store.get(SEED_JOB_ID)?.error?.code ?? 'none');
      for (const n = sim.oauth.refreshCount(rt); last < n; last++) refreshesAt.push(now());
      if (poll === 0) assert.deepEqual([s.session.state.problem, s.notices.length], ['rejected', 1], 'the retry refused too starts the episode');
      tick(30_000);
    }
    for (const t of refreshesAt) assert.ok(refreshesAt.filter((u) => u >= t && u < t + REFRESH_WINDOW_MS).length <= REFRESH_LIMIT);
    assert.ok(refreshesAt.length >= 3 && refreshesAt.length <= 12, `${refreshesAt.length} refreshes in 30 minutes`);
    assert.deepEqual([...codes].sort(), ['INVALID_TOKEN', 'OAUTH_TOKEN_REJECTED']);
    assert.equal(s.notices.length, 1, 'one message');
    assert.equal(s.notices[0].problem, 'rejected');
    assert.match(s.notices[0].message, /^Zoho keeps rejecting new access tokens/);
    assert.equal(s.signOuts.length, 0);
    assert.equal(s.secrets.map.get(CREDENTIALS_KEY), stored, 'the credentials are still stored');
    assert.equal(s.secrets.writes.filter((w) => w.startsWith('delete')).length, 0);
    sim.clearFaults(); // Zoho accepts tokens again: after the pause, one probe and the job is fresh
    tick(10 * 60_000);
    await s.service.refresh(SEED_JOB_ID);
    assert.equal(s.store.get(SEED_JOB_ID)?.error, undefined);
    assert.equal(s.session.state.problem, undefined);
    assert.equal(s.notices.length, 1);
  });

  it('an access token rejected before its known expiry: kept in storage, not sent again, one message; past its expiry: deleted', async () => {
    const s = stack();
    await s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: sim.token });
    await s.service.add(SEED_JOB_ID, 'write');
    await s.session.noteAccessTokenExpiry(now() + 3_600_000, s.session.tokenEpoch); // as X-ACCESSTOKEN-RESET tells the fetcher
    const stored = s.secrets.map.get(CREDENTIALS_KEY);
    sim.injectFault({ kind: 'status', status: 401, jobId: SEED_JOB_ID });
    await s.service.refresh(SEED_JOB_ID);
    assert.equal(s.store.get(SEED_JOB_ID)?.error?.code, 'INVALID_TOKEN');
    assert.deepEqual([s.session.state.signedIn, s.session.state.problem], [false, 'tokenRejected']);
    const sent = sim.requests.length;
    for (let i = 0; i < 3; i++) await s.service.refresh(SEED_JOB_ID);
    assert.equal(sim.requests.length, sent, 'not sent again');
    assert.equal(s.store.get(SEED_JOB_ID)?.error?.code, 'NO_TOKEN');
    assert.equal(s.notices.length, 1);
    assert.equal(s.signOuts.length, 0);
    assert.equal(s.secrets.map.get(CREDENTIALS_KEY), stored);

    await s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: sim.token });
    await s.session.noteAccessTokenExpiry(now() + 3_600_000, s.session.tokenEpoch);
    await s.service.refresh(SEED_JOB_ID);
    assert.equal(s.store.get(SEED_JOB_ID)?.error, undefined);
    tick(3_600_000);
    await s.service.refresh(SEED_JOB_ID);
    assert.equal(s.signOuts.length, 1);
    assert.match(s.signOuts[0], /expired/);
    assert.equal(s.secrets.map.has(CREDENTIALS_KEY), false);
  });

  it('X-ACCESSTOKEN-RESET from an answer for a replaced token is not stamped on the new one', async () => {
    const s = stack();
    await s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.first.token0000' });
    const epoch = s.session.tokenEpoch;
    await s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.second.token000' });
    await s.session.noteAccessTokenExpiry(now() + 60_000, epoch); // late answer for the first token
    assert.equal(s.session.state.expiresAt, undefined);
    assert.equal(JSON.parse(s.secrets.map.get(CREDENTIALS_KEY) ?? '{}').accessTokenExpiresAt, undefined);
    await s.session.noteAccessTokenExpiry(now() + 60_000, s.session.tokenEpoch);
    assert.equal(s.session.state.expiresAt, now() + 60_000);
    assert.equal(JSON.parse(s.secrets.map.get(CREDENTIALS_KEY) ?? '{}').accessTokenExpiresAt, now() + 60_000);
    // an expiry note still being written when a new sign-in is saved does not bring the old token back
    const noting = s.session.noteAccessTokenExpiry(now() + 90_000, s.session.tokenEpoch);
    await s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.third.token0000' });
    await noting;
    assert.equal(await s.session.getAccessToken(), '1000.third.token0000');
    assert.equal(JSON.parse(s.secrets.map.get(CREDENTIALS_KEY) ?? '{}').accessToken, '1000.third.token0000');
  });
});

describe('jobs/session: a refresh token Zoho rotates is saved', () => {
  it('onToken → storage: the stored record holds the newest refresh token', async () => {
    let n = 0;
    const { fetch } = stubFetch(async () => {
      n += 1;
      return { body: JSON.stringify({ access_token: `1000.access${n}.abcdef`, refresh_token: `1000.rotated${n}.abcdef`, api_domain: 'https://www.zohoapis.com', expires_in: 3600 }) };
    });
    let t = Date.now();
    const secrets = new MemorySecrets();
    const session = new Session(new SecretCredentialStore(secrets, log), {
      oauth: ({ accountsUrl, dataCenter }) => new ZohoOAuth({ accountsUrl, dataCenter, userAgent: UA, log, fetch, now: () => t }),
      now: () => t,
      log,
    });
    await session.signIn({ method: 'refreshToken', dataCenter: 'US', environment: 'production', ...STUB_CLIENT, refreshToken: '1000.original.abcdef' });
    assert.equal(JSON.parse(secrets.map.get(CREDENTIALS_KEY) ?? '{}').refreshToken, '1000.rotated1.abcdef');
    t += 3_600_000; // expired: the next token comes with another refresh token
    assert.equal(await session.getAccessToken(), '1000.access2.abcdef');
    await new Promise((r) => setImmediate(r));
    const saved = JSON.parse(secrets.map.get(CREDENTIALS_KEY) ?? '{}');
    assert.equal(saved.refreshToken, '1000.rotated2.abcdef');
    assert.equal(saved.accountsUrl, 'https://accounts.zoho.com');
    assert.ok(watch.captured.some((l) => l.includes('Saved the new refresh token')));
    session.dispose();
  });
});

describe('jobs/session: unauthorized_client from the token endpoint keeps the sign-in', () => {
  it('the refresh fails, nobody is signed out, the stored credentials stay', async () => {
    let answer = JSON.stringify({ access_token: '1000.access1.abcdef', api_domain: 'https://www.zohoapis.com', expires_in: 3600 });
    const { fetch } = stubFetch(async () => ({ status: answer.includes('"error"') ? 400 : 200, body: answer }));
    let t = Date.now();
    const secrets = new MemorySecrets();
    const session = new Session(new SecretCredentialStore(secrets, log), {
      oauth: ({ accountsUrl, dataCenter }) => new ZohoOAuth({ accountsUrl, dataCenter, userAgent: UA, log, fetch, now: () => t }),
      now: () => t,
      log,
    });
    const signOuts: string[] = [];
    session.onDidSignOut((e) => signOuts.push(e.reason));
    await session.signIn({ method: 'refreshToken', dataCenter: 'US', environment: 'production', ...STUB_CLIENT, refreshToken: '1000.original.abcdef' });
    const stored = secrets.map.get(CREDENTIALS_KEY);
    answer = JSON.stringify({ error: 'unauthorized_client' });
    t += 3_600_000;
    await assert.rejects(session.getAccessToken(), (e: ZohoError) => e.code === 'OAUTH_ERROR');
    assert.deepEqual([signOuts, session.state.signedIn, secrets.map.get(CREDENTIALS_KEY)], [[], true, stored]);
    session.dispose();
  });
});

describe('jobs/session: no secret in any message or log line', () => {
  it('nothing captured contains a token, code or client secret', () => {
    watch.assertNoSecrets(5, 3);
  });
});
