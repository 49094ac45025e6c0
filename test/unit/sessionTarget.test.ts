// Session: credentials remember who issued them. A changed apiDomainOverride never receives the
// token or the client secret (the session asks for a sign-in on the new target and keeps the
// credentials); refreshes and Sign Out's revoke go to the remembered accounts server; a late
// sign-out or expiry from an old session never wipes a newer sign-in.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../sim/server';
import { MemorySecrets } from './helpers/memorySecrets';
import { STUB_CLIENT, UA, stubFetch } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { CREDENTIALS_KEY, SecretCredentialStore } from '../../src/jobs/credentialStore';
import { Session, type SessionNotice } from '../../src/jobs/session';
import { ZohoError } from '../../src/zoho/errors';
import { ZohoOAuth, type OAuthFetch } from '../../src/zoho/oauth';

const watch = new SecretWatch();
const { log, failure } = watch;
const ZOHO_RT = '1000.zohorefresh.0123456789';

describe('jobs/session: where credentials may go', () => {
  let sim: Simulator;
  let sim2: Simulator;
  before(async () => { [sim, sim2] = await Promise.all([startSimulator(), startSimulator()]); });
  after(async () => { await Promise.all([sim.close(), sim2.close()]); });
  beforeEach(() => { sim.reset(); sim2.reset(); });

  /** Zoho's accounts server (stubbed: nothing leaves the machine) answering every call. */
  const zoho = () => stubFetch(async (url) => ({
    body: JSON.stringify(url.endsWith('/revoke') ? { status: 'success' } : { access_token: '1000.zohoaccess.0123456789', api_domain: 'https://www.zohoapis.com', expires_in: 3600 }),
  }));
  function make(secrets: MemorySecrets, override: { value?: string }, fetch?: OAuthFetch) {
    const accounts: string[] = [];
    const notices: SessionNotice[] = [];
    const session = new Session(new SecretCredentialStore(secrets, log), {
      oauth: ({ accountsUrl, dataCenter }) => {
        accounts.push(accountsUrl);
        return new ZohoOAuth({ accountsUrl, dataCenter, userAgent: UA, log, ...(accountsUrl.startsWith('https:') ? { fetch } : {}) });
      },
      apiOverride: () => override.value,
      log,
    });
    session.onDidHaveProblem((n) => notices.push(n));
    return { session, accounts, notices };
  }

  it('a Zoho sign-in, then a loopback override: no token, no refresh, one message naming both; Sign Out revokes at Zoho', async () => {
    const secrets = new MemorySecrets();
    const override: { value?: string } = {};
    const z = zoho();
    const s = make(secrets, override, z.fetch);
    await s.session.signIn({ method: 'refreshToken', dataCenter: 'US', environment: 'production', ...STUB_CLIENT, refreshToken: ZOHO_RT });
    assert.equal(await s.session.getAccessToken(), '1000.zohoaccess.0123456789');
    const stored = secrets.map.get(CREDENTIALS_KEY);
    assert.deepEqual([JSON.parse(stored ?? '{}').accountsUrl, JSON.parse(stored ?? '{}').apiBase], ['https://accounts.zoho.com', 'https://www.zohoapis.com']);
    override.value = `${sim.url}/`;
    s.session.targetChanged();
    for (let i = 0; i < 3; i++) {
      const e = await failure(s.session.getAccessToken(), 'SIGNED_IN_ELSEWHERE');
      assert.match(e.message, new RegExp(`made for https://www\\.zohoapis\\.com \\(US\\), but the extension now points at ${sim.url.replace(/\./g, '\\.')}`));
      assert.equal(await s.session.onUnauthorized('1000.zohoaccess.0123456789'), false);
    }
    assert.equal(s.notices.length, 1);
    assert.equal(s.notices[0].problem, 'wrongTarget');
    assert.deepEqual([s.session.state.signedIn, s.session.state.problem], [false, 'wrongTarget']);
    assert.equal(sim.requests.length, 0, 'the simulator got nothing: no token, no client secret');
    assert.equal(z.calls.length, 1, 'no refresh either');
    assert.equal(secrets.map.get(CREDENTIALS_KEY), stored, 'kept');
    assert.ok(s.accounts.every((a) => a === 'https://accounts.zoho.com'), s.accounts.join());
    await s.session.signOut();
    assert.equal(z.calls.at(-1)?.url, 'https://accounts.zoho.com/oauth/v2/token/revoke');
    assert.equal(sim.requests.length, 0);
    assert.equal(secrets.map.has(CREDENTIALS_KEY), false);
  });

  it('an old record (no issuer stored) is Zoho’s: a loopback override set later never receives it', async () => {
    const secrets = new MemorySecrets();
    await secrets.store(CREDENTIALS_KEY, JSON.stringify({ version: 1, method: 'oauth', dataCenter: 'EU', environment: 'production', ...STUB_CLIENT, refreshToken: ZOHO_RT }));
    const s = make(secrets, { value: sim.url }, zoho().fetch);
    await s.session.ready();
    assert.equal(s.session.state.problem, 'wrongTarget');
    await failure(s.session.getAccessToken(), 'SIGNED_IN_ELSEWHERE');
    assert.deepEqual(s.accounts, ['https://accounts.zoho.eu']);
    assert.equal(sim.requests.length, 0);
    assert.ok(secrets.map.has(CREDENTIALS_KEY));
  });

  it('a simulator sign-in, then another simulator: nothing sent there; pointing back makes it work again', async () => {
    const secrets = new MemorySecrets();
    const override = { value: sim.url };
    const s = make(secrets, override);
    const code = sim.oauth.issueGrantCode();
    await s.session.signIn({ method: 'selfClient', dataCenter: 'US', environment: 'production', ...sim.oauth.client, grantCode: code });
    override.value = sim2.url;
    s.session.targetChanged();
    await failure(s.session.getAccessToken(), 'SIGNED_IN_ELSEWHERE');
    assert.equal(sim2.requests.length, 0);
    assert.equal(s.notices.length, 1);
    override.value = sim.url;
    s.session.targetChanged();
    assert.ok(await s.session.getAccessToken());
    assert.equal(s.session.state.problem, undefined);
    await assert.rejects(s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.x.y' }).then(() => {
      override.value = 'https://www.zohoapis.eu';
      return s.session.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.x.y' });
    }), /now points at https:\/\/www\.zohoapis\.eu \(EU\): choose the data centre/);
  });

  it('a late Sign Out or expiry from an old session leaves a newer sign-in stored', async () => {
    const secrets = new MemorySecrets();
    let t = Date.now();
    const session = (override: { value?: string } = {}) => new Session(new SecretCredentialStore(secrets, log), { oauth: () => assert.fail('no OAuth here'), apiOverride: () => override.value, now: () => t, log });
    const old = session();
    await old.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.old.token0000' });
    await old.noteAccessTokenExpiry(t + 1000, old.tokenEpoch);
    const stale = session(); // another window that read the old sign-in and has not seen the new one
    await stale.ready();
    old.dispose(); // deactivated, but its promises still run
    stale.dispose(); // stops following storage: it keeps holding the old credentials
    const fresh = session();
    await fresh.signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: '1000.new.token0000' });
    t += 2000;
    assert.equal(await old.getAccessToken(), undefined); // expired: ends, but must not delete the new sign-in
    assert.equal(JSON.parse(secrets.map.get(CREDENTIALS_KEY) ?? '{}').accessToken, '1000.new.token0000');
    // Sign Out from the stale session, which still holds the old credentials: it must not delete the new ones
    assert.deepEqual([stale.state.signedIn, stale.state.method], [true, 'accessToken']);
    await stale.signOut();
    assert.equal(stale.state.signedIn, false);
    assert.equal(JSON.parse(secrets.map.get(CREDENTIALS_KEY) ?? '{}').accessToken, '1000.new.token0000');
    assert.equal(await fresh.getAccessToken(), '1000.new.token0000');
    assert.ok(!secrets.writes.includes(`delete ${CREDENTIALS_KEY}`));
    assert.ok(new ZohoError({ code: 'SIGNED_IN_ELSEWHERE' }).message.endsWith('(SIGNED_IN_ELSEWHERE).'));
  });
});
