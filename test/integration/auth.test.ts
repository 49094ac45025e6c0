// Signing in like a real Zoho user, against the simulator's accounts server: the three paths,
// silent refresh, one refresh for 20 concurrent requests, one 401 → one refresh and no error, an
// access token rejected before its expiry → kept but not sent, a revoked refresh token → signed out
// once, sign out → revoked and secrets gone, and no secret anywhere the extension writes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, rejects, SEED_ID, waitFor } from './helpers';

async function form(url: string, body: Record<string, string>): Promise<Record<string, string>> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  return (await r.json()) as Record<string, string>;
}

describe('sign in', function () {
  this.timeout(40000);
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  const cmd = (id: string, ...args: unknown[]) => vscode.commands.executeCommand(id, ...args);
  beforeEach(async () => {
    ({ sim, api: a } = await freshSetup());
    await cmd('zohoBulkJobs.signOut');
  });
  afterEach(async () => { await cmd('zohoBulkJobs.signOut'); await sim.close(); });

  const selfClient = () => ({ method: 'selfClient', dataCenter: 'EU', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, grantCode: sim.oauth.issueGrantCode() });
  /** a refresh token obtained the way a user would (the test keeps it to revoke it later) */
  const refreshTokenFromZoho = async () => {
    const t = await form(`${sim.url}/oauth/v2/token`, { grant_type: 'authorization_code', client_id: sim.oauth.client.clientId, client_secret: sim.oauth.client.clientSecret, code: sim.oauth.issueGrantCode() });
    return t.refresh_token;
  };

  it('self client: exchanges the grant code and loads jobs with the OAuth token', async () => {
    await cmd('zohoBulkJobs.signIn', selfClient());
    assert.deepStrictEqual({ ...a.internals.session.state, expiresAt: undefined }, { signedIn: true, method: 'oauth', dataCenter: 'EU', environment: 'production', expiresAt: undefined });
    await cmd('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(a.getJobs()[0].status, 'in-progress');
    const auth = sim.requests.filter((r) => r.path.includes(SEED_ID)).pop()?.authorization ?? '';
    assert.ok(sim.oauth.accepts(auth.replace('Zoho-oauthtoken ', '')), 'an OAuth-issued access token was used');
  });

  it('refresh token path, and bad options reject without prompting', async () => {
    await cmd('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, refreshToken: await refreshTokenFromZoho() });
    assert.strictEqual(a.internals.session.state.method, 'oauth');
    await cmd('zohoBulkJobs.signOut');
    await rejects(cmd('zohoBulkJobs.signIn', { method: 'password' }), /method must be one of/);
    await rejects(cmd('zohoBulkJobs.signIn', { method: 'selfClient', clientId: 'x', clientSecret: 'y' }), /grant code is empty|grant code must be text/);
    await rejects(cmd('zohoBulkJobs.signIn', { ...selfClient(), dataCenter: 'UK' }), /dataCenter must be one of/);
    await rejects(cmd('zohoBulkJobs.signIn', { ...selfClient(), clientSecret: 'wrong' }), /client/i);
    await rejects(cmd('zohoBulkJobs.signIn', { ...selfClient(), grantCode: '1000.usedorbogus' }), /grant code|not valid/i);
    assert.strictEqual(a.internals.session.state.signedIn, false);
  });

  it('access token path works until the token is rejected; then it is not sent again (but kept), with one message', async () => {
    const problems: string[] = [];
    const sub = a.internals.session.onDidHaveProblem((e) => problems.push(e.problem));
    await cmd('zohoBulkJobs.signIn', { method: 'accessToken', accessToken: sim.token });
    await cmd('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error, undefined);
    assert.ok(a.internals.session.state.expiresAt, 'expiry known from X-ACCESSTOKEN-RESET');
    await cmd('zohoBulkJobs.setAccessToken', '1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef');
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error?.code, 'INVALID_TOKEN');
    assert.strictEqual(a.internals.session.state.signedIn, false, 'not signed in: the welcome view returns');
    assert.strictEqual(a.internals.session.state.problem, 'tokenRejected');
    await waitFor('status bar asks to sign in', () => a.internals.statusBarText() === '$(account) Sign in to Zoho');
    const sent = sim.requests.length;
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(sim.requests.length, sent, 'nothing is sent');
    assert.strictEqual(a.getJobs()[0].error?.code, 'NO_TOKEN');
    assert.deepStrictEqual(problems, ['tokenRejected'], 'one message');
    sub.dispose();
  });

  it('the issue’s path: refresh-token sign-in, add a job, one 401 INVALID_TOKEN → one refresh, two requests, no error', async () => {
    await cmd('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, refreshToken: await refreshTokenFromZoho() });
    await cmd('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error, undefined);
    const signOuts: string[] = [];
    const problems: string[] = [];
    const subs = [a.internals.session.onDidSignOut((e) => signOuts.push(e.reason)), a.internals.session.onDidHaveProblem((e) => problems.push(e.message))];
    sim.injectFault({ kind: 'status', status: 401, jobId: SEED_ID });
    const [refreshes, gets] = [sim.oauth.refreshCount(), sim.requests.filter((r) => r.path.endsWith(`/${SEED_ID}`)).length];
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error, undefined, JSON.stringify(a.getJobs()[0].error));
    assert.strictEqual(sim.oauth.refreshCount() - refreshes, 1, 'exactly one refresh');
    assert.strictEqual(sim.requests.filter((r) => r.path.endsWith(`/${SEED_ID}`)).length - gets, 2, 'the request and its retry');
    assert.strictEqual(a.internals.session.state.signedIn, true);
    assert.deepStrictEqual([signOuts, problems], [[], []]);
    subs.forEach((x) => x.dispose());
  });

  it('new tokens rejected three times in a row: within the refresh budget, one problem notice, the credentials in SecretStorage unchanged', async () => {
    const refreshToken = await refreshTokenFromZoho();
    await cmd('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, refreshToken });
    await cmd('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error, undefined);
    const signedInAs = { ...a.internals.session.state, expiresAt: undefined };
    const signOuts: string[] = [];
    const problems: string[] = [];
    const subs = [a.internals.session.onDidSignOut((e) => signOuts.push(e.reason)), a.internals.session.onDidHaveProblem((e) => problems.push(`${e.problem}: ${e.message}`))];
    sim.injectFault({ kind: 'status', status: 401, jobId: SEED_ID, times: Infinity }); // every token is refused for this job
    const before = sim.oauth.refreshCount(refreshToken);
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      await cmd('zohoBulkJobs.refresh', SEED_ID);
      codes.push(a.getJobs()[0].error?.code ?? 'none');
    }
    // the first (or a poll just before it) is the 401 itself; then refreshing is paused
    assert.ok(codes.every((c) => c === 'INVALID_TOKEN' || c === 'OAUTH_TOKEN_REJECTED'), JSON.stringify(codes));
    assert.strictEqual(codes[2], 'OAUTH_TOKEN_REJECTED', 'the retry refused too pauses refreshing');
    const refreshes = sim.oauth.refreshCount(refreshToken) - before;
    assert.ok(refreshes >= 1 && refreshes <= 10, `${refreshes} refreshes`);
    assert.strictEqual(problems.length, 1, `one problem notice: ${JSON.stringify(problems)}`);
    assert.match(problems[0], /^rejected: Zoho keeps rejecting new access tokens/);
    assert.deepStrictEqual(signOuts, []);
    assert.strictEqual(a.internals.session.state.problem, 'rejected');
    subs.forEach((x) => x.dispose());
    // the stored sign-in is untouched: a new session (restart) reads it from SecretStorage and its refresh token works
    sim.clearFaults();
    await a.internals.restart();
    await a.internals.session.ready();
    assert.deepStrictEqual({ ...a.internals.session.state, expiresAt: undefined }, signedInAs);
    const afterRestart = sim.oauth.refreshCount(refreshToken);
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error, undefined, JSON.stringify(a.getJobs()[0].error));
    assert.strictEqual(sim.oauth.refreshCount(refreshToken) - afterRestart, 1, 'the stored refresh token is the one signed in with');
  });

  it('refreshes silently on expiry; 20 concurrent requests on an expired token cause one refresh', async () => {
    sim.oauth.setLifetime(2);
    await cmd('zohoBulkJobs.signIn', selfClient());
    const ids = Array.from({ length: 20 }, (_, i) => sim.addWriteJob({ module: 'Leads', operation: 'insert', total: i + 1 }));
    for (const id of ids) a.internals.store.add(id, 'write');
    await new Promise((r) => setTimeout(r, 2500));
    const before = sim.oauth.refreshCount();
    await Promise.all(ids.map((id) => cmd('zohoBulkJobs.refresh', id)));
    assert.strictEqual(sim.oauth.refreshCount() - before, 1);
    assert.ok(a.getJobs().every((j) => !j.error), JSON.stringify(a.getJobs().map((j) => j.error)));
  });

  it('a revoked refresh token → signed out with one message, no loop', async () => {
    sim.oauth.setLifetime(1);
    const refreshToken = await refreshTokenFromZoho();
    await cmd('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, refreshToken });
    await cmd('zohoBulkJobs.addJob', SEED_ID);
    const signOuts: string[] = [];
    const sub = a.internals.session.onDidSignOut((e) => signOuts.push(e.reason));
    await form(`${sim.url}/oauth/v2/token/revoke`, { token: refreshToken });
    assert.ok(sim.oauth.revoked(refreshToken));
    await new Promise((r) => setTimeout(r, 1200));
    const before = sim.oauth.refreshCount(refreshToken);
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(sim.oauth.refreshCount(refreshToken) - before, 1, 'one refresh attempt, refused');
    assert.strictEqual(a.internals.session.state.signedIn, false);
    const sent = sim.requests.length;
    for (let i = 0; i < 5; i++) await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(sim.oauth.refreshCount(refreshToken) - before, 1, 'no refresh loop');
    assert.strictEqual(sim.requests.length, sent, 'nothing more is sent while signed out');
    assert.strictEqual(a.getJobs()[0].error?.code, 'NO_TOKEN');
    assert.strictEqual(signOuts.length, 1, `one sign-out message: ${JSON.stringify(signOuts)}`);
    assert.match(signOuts[0], /not valid|revoked|sign in/i);
    sub.dispose();
    assert.strictEqual(a.getJobs()[0].status, 'in-progress', 'the last good data stays');
  });

  it('sign out revokes at Zoho and leaves no secret anywhere the extension writes', async () => {
    const refreshToken = await refreshTokenFromZoho();
    await cmd('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, refreshToken });
    await cmd('zohoBulkJobs.addJob', SEED_ID);
    await cmd('zohoBulkJobs.addJob', '415086800000539200');
    const uri = await cmd('zohoBulkJobs.openJson', SEED_ID) as vscode.Uri;
    const accessToken = (sim.requests.filter((r) => r.authorization).pop()?.authorization ?? '').replace('Zoho-oauthtoken ', '');
    assert.ok(accessToken.length > 10);
    await cmd('zohoBulkJobs.signOut');
    assert.ok(sim.oauth.revoked(refreshToken), 'revoke called');
    assert.strictEqual(a.internals.session.state.signedIn, false);

    const secrets = [refreshToken, accessToken, sim.oauth.client.clientSecret];
    const haystacks: [string, string][] = [];
    for (const key of a.internals.globalState.keys()) haystacks.push([`globalState ${key}`, JSON.stringify(a.internals.globalState.get(key))]);
    haystacks.push(['settings', JSON.stringify(vscode.workspace.getConfiguration('zohoBulkJobs'))]);
    for (const d of vscode.workspace.textDocuments) haystacks.push([`document ${d.uri.toString()}`, d.getText()]);
    const logDir = a.internals.logUri.fsPath;
    await new Promise((r) => setTimeout(r, 1500)); // log files are flushed asynchronously
    const logFiles = fs.existsSync(logDir) ? fs.readdirSync(logDir).filter((f) => f.endsWith('.log')) : [];
    assert.ok(logFiles.length > 0, `the extension's log file exists in ${logDir}`);
    for (const f of logFiles) haystacks.push([`log ${f}`, fs.readFileSync(path.join(logDir, f), 'utf8')]);
    assert.ok(haystacks.some(([name, text]) => name.startsWith('log') && text.includes('Signed in')), 'the log was really read');
    for (const [name, text] of haystacks) for (const s of secrets) assert.ok(!text.includes(s), `a secret leaked into ${name}`);
    assert.ok(uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
