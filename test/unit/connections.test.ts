// Several connections in the model: the connection list (names, ids, saved without secrets,
// pinning), jobs keyed by connection (the same id twice is two jobs, saved in two files), each
// job's requests on its own connection's client and token, and the concurrency limit per connection.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readConnections } from '../../src/jobs/connections/connectionInfo';
import { CONNECTIONS_KEY, ConnectionList } from '../../src/jobs/connections/connectionList';
import { jobKey, keyOf, splitKey } from '../../src/jobs/connections/jobKey';
import { keyForId } from '../../src/jobs/connections/jobLookup';
import { credentialKeyFor, CREDENTIALS_KEY, SecretCredentialStore } from '../../src/jobs/credentialStore';
import { JobService, type JobFetcher } from '../../src/jobs/jobService';
import { JobStore } from '../../src/jobs/jobStore';
import { openJobs } from '../../src/jobs/persistence/openJobs';
import { Session } from '../../src/jobs/session';
import { ZohoClient } from '../../src/zoho/client';
import { startSimulator, type Simulator } from '../sim/server';
import { MemorySecrets } from './helpers/memorySecrets';
import { SEED, tempDir } from './helpers/savedJobs';

class MemoryState {
  readonly data = new Map<string, unknown>();
  get(key: string): unknown { return this.data.get(key); }
  async update(key: string, value: unknown): Promise<void> { if (value === undefined) this.data.delete(key); else this.data.set(key, JSON.parse(JSON.stringify(value))); }
}

function list(state: MemoryState, secrets: MemorySecrets, override: { value?: string }): ConnectionList {
  const connections: ConnectionList = new ConnectionList({
    state,
    defaults: () => ({ dataCenter: 'US', environment: 'production' }),
    session: (id) => new Session(new SecretCredentialStore(secrets, undefined, credentialKeyFor(id)), {
      oauth: () => assert.fail('no OAuth here'),
      apiOverride: () => override.value,
      pinned: () => connections.several,
    }),
  });
  return connections;
}

/** What the UI's fetcher does: each job's request on its connection's client (its session's token and address). */
function routed(connections: ConnectionList): JobFetcher {
  return {
    getJob: (kind, id, signal, known, connection) => {
      const session = connections.session(connection ?? connections.defaultId());
      const client = new ZohoClient({ apiBase: () => session.apiOverride ?? 'https://www.zohoapis.com', tokens: session, userAgent: 'zoho-bulk-jobs-tests/0', timeoutMs: 2000 });
      return client.getJob(kind, id, signal, known);
    },
  };
}

describe('jobs/connections', () => {
  let a: Simulator;
  let b: Simulator;
  before(async () => {
    a = await startSimulator({ port: 0, token: 'token-of-a' });
    b = await startSimulator({ port: 0, token: 'token-of-b' });
  });
  after(async () => { await a.close(); await b.close(); });
  beforeEach(() => { a.requests.length = 0; b.requests.length = 0; });

  it('keys: the first connection keeps the bare id; another is <connection>~<id>, and back', () => {
    assert.strictEqual(jobKey(undefined, SEED), SEED);
    assert.strictEqual(jobKey('default', SEED), SEED);
    assert.strictEqual(jobKey('c2', SEED), `c2~${SEED}`);
    assert.deepStrictEqual(splitKey(`c2~${SEED}`), { id: SEED, connection: 'c2' });
    assert.deepStrictEqual(splitKey(SEED), { id: SEED });
    assert.strictEqual(keyOf({ id: SEED, connection: 'c3' }), `c3~${SEED}`);
    assert.strictEqual(credentialKeyFor('default'), CREDENTIALS_KEY, 'the first connection reads the sign-in earlier versions stored');
    assert.strictEqual(credentialKeyFor('c2'), `${CREDENTIALS_KEY}.c2`);
  });

  it('a sign-in on a new name adds a connection; names are unique (case ignored); the saved list holds no secret', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const override = { value: a.url };
    const cs = list(state, secrets, override);
    const first = cs.forSignIn('Acme production');
    assert.deepStrictEqual(first, { id: 'default', isNew: true, name: 'Acme production' });
    await cs.session(first.id).signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: a.token });
    await cs.listed(first.id, { dataCenter: 'US', environment: 'production' }, first.name);
    override.value = b.url;
    const second = cs.forSignIn('Acme sandbox');
    assert.strictEqual(second.id, 'c2');
    await cs.session(second.id).signIn({ method: 'accessToken', dataCenter: 'EU', environment: 'sandbox', accessToken: b.token });
    await cs.listed(second.id, { dataCenter: 'EU', environment: 'sandbox' }, second.name);
    assert.deepStrictEqual(cs.forSignIn('ACME SANDBOX '), { id: 'c2', isNew: false }, 'an existing name replaces that connection’s credentials');
    assert.strictEqual(cs.resolve(undefined), 'default', 'no name: the first');
    assert.throws(() => cs.resolve('Nope'), /no Zoho connection named "Nope"; the connections are "Acme production", "Acme sandbox"/);
    assert.throws(() => cs.resolve(''), /cannot be empty/);
    await assert.rejects(cs.rename('c2', 'acme PRODUCTION'), /already named "Acme production"/);
    // what the name boxes (Add Connection, Rename Connection) say while typing
    assert.strictEqual(cs.nameProblemFor('Acme sandbox', 'c2'), undefined, 'a connection keeps its own name');
    assert.match(cs.nameProblemFor(' acme sandbox') ?? '', /already named "Acme sandbox"/, 'a new connection cannot take it');
    assert.match(cs.nameProblemFor('x'.repeat(61)) ?? '', /at most 60 characters/);
    assert.match(cs.nameProblemFor('two\nlines') ?? '', /one line/);
    assert.strictEqual(cs.suggestedName({ dataCenter: 'EU', environment: 'developer' }), 'Zoho EU developer');
    await cs.rename('c2', 'Zoho EU sandbox');
    assert.strictEqual(cs.suggestedName({ dataCenter: 'EU', environment: 'sandbox' }), 'Zoho EU sandbox (2)', 'a free name is offered');
    await cs.rename('c2', 'Acme sandbox');
    const saved = JSON.stringify(state.get(CONNECTIONS_KEY));
    assert.ok(!saved.includes(a.token) && !saved.includes(b.token), saved);
    assert.deepStrictEqual(readConnections(state.get(CONNECTIONS_KEY)).list.map((c) => [c.id, c.name, c.dataCenter, c.environment]),
      [['default', 'Acme production', 'US', 'production'], ['c2', 'Acme sandbox', 'EU', 'sandbox']]);
    assert.ok(secrets.map.has(CREDENTIALS_KEY) && secrets.map.has(`${CREDENTIALS_KEY}.c2`), 'one secret per connection');
    cs.dispose();
  });

  it('an upgrade: the stored sign-in (or jobs) of the version before connections becomes the first connection; nothing else is listed', async () => {
    const secrets = new MemorySecrets();
    await secrets.store(CREDENTIALS_KEY, JSON.stringify({ version: 1, method: 'accessToken', dataCenter: 'EU', environment: 'sandbox', accessToken: 'tok-eu', accountsUrl: 'https://accounts.zoho.eu', apiBase: 'https://sandbox.zohoapis.eu' }));
    const state = new MemoryState();
    const cs = list(state, secrets, {});
    await cs.adoptFirst(false);
    assert.deepStrictEqual(cs.all().map((c) => [c.id, c.name, c.dataCenter, c.environment]), [['default', 'Zoho EU sandbox', 'EU', 'sandbox']]);
    assert.strictEqual(await cs.session('default').getAccessToken(), 'tok-eu', 'the same secret, not moved');
    assert.ok(state.get(CONNECTIONS_KEY), 'saved');
    const jobsOnly = list(new MemoryState(), new MemorySecrets(), {});
    await jobsOnly.adoptFirst(true);
    assert.deepStrictEqual(jobsOnly.all().map((c) => [c.id, c.dataCenter, c.environment, jobsOnly.session(c.id).state.signedIn]), [['default', 'US', 'production', false]]);
    const fresh = list(new MemoryState(), new MemorySecrets(), {});
    await fresh.adoptFirst(false);
    assert.strictEqual(fresh.all().length, 0, 'a fresh install lists nothing until a sign-in');
    const broken = readConnections([{ id: 'default', name: 'A', dataCenter: 'US', environment: 'production' }, { id: 'x;rm', name: 'B' }, 'junk', { id: 'c2', name: '', dataCenter: 'US', environment: 'production' }]);
    assert.deepStrictEqual(broken.list.map((c) => c.id), ['default']);
    assert.strictEqual(broken.problems.length, 3);
    for (const c of [cs, jobsOnly, fresh]) c.dispose();
  });

  it('the same job id on two connections is two jobs; each request carries only its own connection’s token, to its own address', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const override = { value: a.url };
    const cs = list(state, secrets, override);
    await cs.session('default').signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: a.token });
    await cs.listed('default', { dataCenter: 'US', environment: 'production' });
    override.value = b.url; // the setting now names b: the first connection keeps its own address (pinned)
    await cs.session('c2').signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: b.token });
    await cs.listed('c2', { dataCenter: 'US', environment: 'production' }, 'second');
    assert.strictEqual(cs.session('default').apiOverride, a.url);
    assert.strictEqual(cs.session('c2').apiOverride, b.url);
    const store = new JobStore();
    const service = new JobService(store, routed(cs));
    await service.add(SEED, 'write');
    await service.add(SEED, 'write', undefined, 'c2');
    assert.strictEqual(store.size, 2);
    assert.deepStrictEqual(store.all().map(keyOf).sort(), [SEED, `c2~${SEED}`].sort());
    assert.ok(store.all().every((j) => j.data && !j.error), JSON.stringify(store.all().map((j) => j.error)));
    await service.refresh(`c2~${SEED}`);
    await service.refresh(SEED);
    assert.ok(a.requests.length >= 2 && b.requests.length >= 2);
    assert.ok(a.requests.every((r) => r.authorization === `Zoho-oauthtoken ${a.token}`), 'a saw only its token');
    assert.ok(b.requests.every((r) => r.authorization === `Zoho-oauthtoken ${b.token}`), 'b saw only its token');
    assert.strictEqual(keyForId(store, cs, SEED, 'second'), `c2~${SEED}`);
    assert.strictEqual(keyForId(store, cs, SEED), SEED, 'no name: the first connection’s');
    // signing out of one: the other keeps working
    await cs.session('c2').signOut();
    const before = b.requests.length;
    const out = await service.refresh(`c2~${SEED}`);
    assert.strictEqual(out.error?.code, 'NO_TOKEN');
    assert.strictEqual(b.requests.length, before, 'nothing sent for the signed-out connection');
    assert.strictEqual((await service.refresh(SEED)).error, undefined);
    cs.dispose();
  });

  it('with one connection the setting still moves it (wrong target, nothing sent); a second connection pins each', async () => {
    const cs = list(new MemoryState(), new MemorySecrets(), { value: a.url });
    const override = { value: a.url };
    const cs2 = list(new MemoryState(), new MemorySecrets(), override);
    await cs2.session('default').signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: a.token });
    await cs2.listed('default', { dataCenter: 'US', environment: 'production' });
    override.value = b.url;
    await assert.rejects(cs2.session('default').getAccessToken(), /SIGNED_IN_ELSEWHERE|now points at/);
    await cs2.session('c2').signIn({ method: 'accessToken', dataCenter: 'US', environment: 'production', accessToken: b.token });
    await cs2.listed('c2', { dataCenter: 'US', environment: 'production' }, 'b');
    assert.strictEqual(await cs2.session('default').getAccessToken(), a.token, 'pinned to a once there are two');
    await cs2.remove('c2');
    await assert.rejects(cs2.session('default').getAccessToken(), /SIGNED_IN_ELSEWHERE|now points at/, 'one again: follows the setting');
    cs.dispose();
    cs2.dispose();
  });

  it('the concurrency limit is per connection: a slow connection does not hold up the other', async () => {
    const gates: Record<string, number> = { default: 0, c2: 0 };
    const peak: Record<string, number> = { default: 0, c2: 0 };
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((r) => { release = r; });
    const fetcher: JobFetcher = {
      getJob: async (kind, id, _s, _k, connection) => {
        const c = connection ?? 'default';
        gates[c]++;
        peak[c] = Math.max(peak[c], gates[c]);
        if (c === 'default') await blocked;
        else await new Promise((r) => setTimeout(r, 5));
        gates[c]--;
        const raw = { data: [{ id, status: 'COMPLETED', operation: 'insert', created_time: '2026-01-01T00:00:00+00:00', resource: [] }], info: {} };
        return { job: { kind: 'write', id, status: { raw: 'COMPLETED', status: 'completed' }, resources: [], operation: 'insert' }, rawJson: JSON.stringify(raw), raw } as never;
      },
    };
    const store = new JobStore();
    const service = new JobService(store, fetcher, { concurrency: 2 });
    for (let i = 1; i <= 6; i++) { store.add(`${i}`, 'write'); store.add(`${i}`, 'write', undefined, 'c2'); }
    const slow = service.refreshMany(store.ofConnection('default'));
    await service.refreshMany(store.ofConnection('c2')); // finishes while all of the first connection's slots are taken
    assert.strictEqual(peak.c2, 2);
    assert.strictEqual(gates.default, 2, 'the first connection holds its two slots');
    release();
    await slow;
    assert.strictEqual(peak.default, 2);
  });

  it('saved: one file per job and connection; a restart brings both back, a file naming no valid connection is set aside', async () => {
    const dir = tempDir();
    const legacy = new MemoryState();
    const store = new JobStore();
    const opened = openJobs(store, { dir, legacy, warn: () => undefined, onError: () => undefined });
    store.add(SEED, 'write');
    store.add(SEED, 'write', undefined, 'c2');
    await opened.persistence.saveNow(SEED);
    await opened.persistence.saveNow(`c2~${SEED}`);
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort(), [`${SEED}.json`, `c2~${SEED}.json`].sort());
    fs.writeFileSync(path.join(dir, `zz~${SEED}.json`), JSON.stringify({ version: 2, job: { id: SEED, kind: 'write', addedAt: 1, connection: 'zz' } }));
    await opened.persistence.dispose();
    const again = new JobStore();
    const warnings: string[] = [];
    const reopened = openJobs(again, { dir, legacy, warn: (m) => warnings.push(m), onError: () => undefined });
    assert.deepStrictEqual(again.all().map(keyOf).sort(), [SEED, `c2~${SEED}`].sort());
    assert.strictEqual(again.get(`c2~${SEED}`)?.connection, 'c2');
    assert.ok(warnings.some((w) => /names no valid connection/.test(w)), warnings.join('\n'));
    await new JobService(again, { getJob: () => Promise.reject(new Error('offline')) }, { saveNow: (k) => reopened.persistence.saveNow(k) }).remove(`c2~${SEED}`);
    assert.ok(!fs.existsSync(path.join(dir, `c2~${SEED}.json`)), 'removing one connection’s job removes its file only');
    assert.ok(fs.existsSync(path.join(dir, `${SEED}.json`)));
  });
});
