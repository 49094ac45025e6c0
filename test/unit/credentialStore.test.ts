// The stored sign-in: reading (old records migrated from the data-centre table or their loopback
// api_domain, newer or broken records left alone and reported once), and deletes/updates that
// happen only while the record is the sign-in the caller means. Over an in-memory secret store.
import assert from 'node:assert/strict';
import { CREDENTIALS_KEY, SecretCredentialStore } from '../../src/jobs/credentialStore';
import { parseCredentials, sameSignIn, targetProblem, type Credentials } from '../../src/jobs/credentials';
import { MemorySecrets } from './helpers/memorySecrets';

const OLD_US = { version: 1, method: 'oauth', dataCenter: 'US', environment: 'production', clientId: '1000.C', clientSecret: 'secret-one', refreshToken: '1000.rt.one' };
const parsed = (v: unknown): Credentials => {
  const p = parseCredentials(JSON.stringify(v));
  assert.ok(p.ok, p.ok ? '' : p.problem);
  return p.credentials;
};

describe('jobs/credentials: reading a stored record', () => {
  it('an old record gets its issuer from the data-centre table, or from its loopback api_domain; nothing is lost', () => {
    const us = parsed(OLD_US);
    assert.deepEqual(us, { ...OLD_US, accountsUrl: 'https://accounts.zoho.com', apiBase: 'https://www.zohoapis.com' });
    const euSandbox = parsed({ ...OLD_US, dataCenter: 'EU', environment: 'sandbox', apiDomain: 'https://sandbox.zohoapis.eu' });
    assert.equal(euSandbox.accountsUrl, 'https://accounts.zoho.eu');
    assert.equal(euSandbox.apiBase, 'https://sandbox.zohoapis.eu');
    const sim = parsed({ ...OLD_US, apiDomain: 'http://127.0.0.1:4567' });
    assert.equal(sim.accountsUrl, 'http://127.0.0.1:4567');
    assert.equal(sim.apiBase, 'http://127.0.0.1:4567');
    const token = parsed({ version: 1, method: 'accessToken', dataCenter: 'IN', environment: 'production', accessToken: '1000.at', accessTokenExpiresAt: 5 });
    assert.equal(token.accountsUrl, 'https://accounts.zoho.in');
    assert.equal(token.accessTokenExpiresAt, 5);
  });

  it('a saved apiDomain is kept only when it is an API host of the record’s data centre, or its own loopback apiBase', () => {
    const issued = { accountsUrl: 'https://accounts.zoho.com', apiBase: 'https://www.zohoapis.com' };
    assert.equal(parsed({ ...OLD_US, ...issued, apiDomain: 'https://www.zohoapis.com' }).apiDomain, 'https://www.zohoapis.com');
    assert.equal(parsed({ ...OLD_US, ...issued, apiDomain: 'https://sandbox.zohoapis.com/' }).apiDomain, 'https://sandbox.zohoapis.com');
    for (const apiDomain of ['https://www.zohoapis.eu', 'http://127.0.0.1:9', 'https://evil.example.com', 'http://www.zohoapis.com', 42]) {
      const c = parsed({ ...OLD_US, ...issued, apiDomain });
      assert.equal(c.apiDomain, undefined, String(apiDomain));
      assert.equal('apiDomain' in c, false);
      assert.equal(c.refreshToken, OLD_US.refreshToken); // the rest of the sign-in is kept
    }
    const sim = { accountsUrl: 'http://127.0.0.1:4567', apiBase: 'http://127.0.0.1:4567' };
    assert.equal(parsed({ ...OLD_US, ...sim, apiDomain: 'http://127.0.0.1:4567' }).apiDomain, 'http://127.0.0.1:4567');
    assert.equal(parsed({ ...OLD_US, ...sim, apiDomain: 'http://127.0.0.1:9' }).apiDomain, undefined);
  });

  it('refuses, with a reason and no secret in it: newer versions, broken JSON, missing fields, a foreign issuer', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...OLD_US, version: 2 }, /format version 2.*newer version/],
      [{ ...OLD_US, method: 'password' }, /method/],
      [{ ...OLD_US, dataCenter: 'UK' }, /data centre/],
      [{ ...OLD_US, refreshToken: '' }, /refresh token/],
      [{ ...OLD_US, accountsUrl: 'https://accounts.evil.com' }, /accounts server/],
      [{ ...OLD_US, accountsUrl: 'https://accounts.zoho.eu' }, /accounts server/], // not US's
      [{ ...OLD_US, apiBase: 'https://www.zohoapis.eu' }, /API address/],
      [[OLD_US], /object/],
    ];
    for (const [v, why] of cases) {
      const p = parseCredentials(JSON.stringify(v));
      assert.ok(!p.ok, JSON.stringify(v));
      assert.match(p.problem, why);
      assert.ok(!p.problem.includes('secret-one') && !p.problem.includes('1000.rt.one'));
    }
    const broken = parseCredentials('{"version":1,"method":"oauth",');
    assert.ok(!broken.ok && /not JSON/.test(broken.problem));
  });

  it('targetProblem: a loopback override after a Zoho sign-in, another simulator, no override after a simulator sign-in, another data centre', () => {
    const us = parsed(OLD_US);
    const sim = parsed({ ...OLD_US, accountsUrl: 'http://127.0.0.1:4567', apiBase: 'http://127.0.0.1:4567' });
    assert.equal(targetProblem(us, undefined), undefined);
    assert.equal(targetProblem(us, 'https://www.zohoapis.com'), undefined);
    assert.equal(targetProblem(us, 'https://www.zohoapis.eu/'), 'The saved Zoho sign-in was made for https://www.zohoapis.com (US), but the extension now points at https://www.zohoapis.eu (EU)');
    assert.match(targetProblem(us, 'http://127.0.0.1:9') ?? '', /made for https:\/\/www\.zohoapis\.com \(US\), but the extension now points at http:\/\/127\.0\.0\.1:9$/);
    assert.equal(targetProblem(sim, 'http://127.0.0.1:4567/'), undefined);
    assert.match(targetProblem(sim, 'http://127.0.0.1:4568') ?? '', /127\.0\.0\.1:4567.*127\.0\.0\.1:4568/);
    assert.match(targetProblem(sim, undefined) ?? '', /now points at https:\/\/www\.zohoapis\.com$/);
    assert.equal(targetProblem(us, 'https://evil.example.com'), undefined, 'a refused override is the HTTP client’s to refuse');
  });

  it('sameSignIn ignores the learned expiry, not the secrets or the issuer', () => {
    const a = parsed(OLD_US);
    assert.ok(sameSignIn(a, { ...a, accessTokenExpiresAt: 9 }));
    assert.ok(!sameSignIn(a, { ...a, refreshToken: '1000.rt.two' }));
    assert.ok(!sameSignIn(a, { ...a, accountsUrl: 'http://127.0.0.1:1' }));
    assert.ok(!sameSignIn(a, undefined));
    assert.ok(sameSignIn(undefined, undefined));
  });
});

describe('jobs/credentialStore over an in-memory secret store', () => {
  const logged: string[] = [];
  const log = (level: string, msg: string) => { logged.push(`${level} ${msg}`); };
  beforeEach(() => { logged.length = 0; });

  it('an unreadable record is left alone, reported once per distinct record, and loads as signed out', async () => {
    const secrets = new MemorySecrets();
    const store = new SecretCredentialStore(secrets, log);
    const newer = JSON.stringify({ ...OLD_US, version: 3 });
    await secrets.store(CREDENTIALS_KEY, newer);
    assert.equal(await store.load(), undefined);
    assert.equal(await store.load(), undefined);
    assert.equal(secrets.map.get(CREDENTIALS_KEY), newer);
    assert.equal(logged.filter((l) => l.includes('could not be read')).length, 1);
    assert.match(logged[0], /^warn .*format version 3.*left as it is/);
    assert.ok(!logged[0].includes('secret-one'));
    assert.equal(await store.clear(parsed(OLD_US)), false);
    assert.equal(secrets.map.get(CREDENTIALS_KEY), newer, 'clear() does not delete what it cannot read');
    await secrets.store(CREDENTIALS_KEY, '{broken');
    await store.load();
    assert.equal(logged.filter((l) => l.includes('could not be read')).length, 2);
    store.dispose();
  });

  it('clear() and replace() act only while the stored record is the expected sign-in', async () => {
    const secrets = new MemorySecrets();
    const store = new SecretCredentialStore(secrets, log);
    const older = parsed(OLD_US);
    const newer = parsed({ ...OLD_US, refreshToken: '1000.rt.two' });
    await store.save(newer);
    assert.equal(await store.clear(older), false);
    assert.equal(await store.replace(older, { ...older, accessTokenExpiresAt: 1 }), false);
    assert.deepEqual(await store.load(), newer);
    assert.equal(await store.replace({ ...newer, accessTokenExpiresAt: 7 }, { ...newer, accessTokenExpiresAt: 8 }), true);
    assert.equal((await store.load())?.accessTokenExpiresAt, 8);
    assert.equal(await store.clear(newer), true);
    assert.equal(secrets.map.has(CREDENTIALS_KEY), false);
    assert.equal(await store.clear(newer), false, 'nothing stored: nothing to clear');
    store.dispose();
  });

  it('a compare-then-write never interleaves with a sign-in saved meanwhile (a late expiry note does not undo it)', async () => {
    const secrets = new MemorySecrets();
    const store = new SecretCredentialStore(secrets, log);
    const older = parsed(OLD_US);
    const newer = parsed({ ...OLD_US, refreshToken: '1000.rt.two' });
    await store.save(older);
    const late = store.replace(older, { ...older, accessTokenExpiresAt: 42 }); // started first
    const signIn = store.save(newer);
    await Promise.all([late, signIn]);
    assert.deepEqual(await store.load(), newer);
    store.dispose();
  });

  it('onDidChange fires for this key only, in every store over the same secrets', async () => {
    const secrets = new MemorySecrets();
    const a = new SecretCredentialStore(secrets);
    const b = new SecretCredentialStore(secrets);
    let seen = 0;
    a.onDidChange(() => { seen++; });
    b.onDidChange(() => { seen++; });
    await secrets.store('other.key', 'x');
    assert.equal(seen, 0);
    await a.save(parsed(OLD_US));
    assert.equal(seen, 2);
    a.dispose();
    b.dispose();
  });
});
