// Two Zoho connections side by side, on two simulators (two ports, two tokens), through the
// scripting contract: the same job id on each is two jobs, no request to one carries the other's
// token (polls, 401 retries, result downloads), signing out of one leaves the other polling, both
// come back after a restart, removing one forgets its jobs, and an earlier version's state becomes
// one connection.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import { ORG_ID, ORG_ZGID } from '../sim/org';
import { startSimulator, type Simulator } from '../sim/server';
import { freshSetup, rejects, SEED_ID, setSetting, waitFor } from './helpers';

type ConnectionRow = { name: string; dataCenter: string; environment: string; signedIn: boolean };

describe('several connections', function () {
  this.timeout(60000);
  let a: Simulator;
  let b: Simulator;
  let api: ZohoBulkJobsApi;
  const cmd = <T = unknown>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);
  const list = () => cmd<ConnectionRow[]>('zohoBulkJobs.listConnections');

  before(async () => {
    ({ sim: a, api } = await freshSetup({ token: 'token-of-a' }));
    b = await startSimulator({ port: 0, token: 'token-of-b' });
  });
  after(async () => {
    for (const c of await list()) if (c.name === 'sandbox') await cmd('zohoBulkJobs.removeConnection', 'sandbox');
    await setSetting('apiDomainOverride', a.url);
    await a.close();
    await b.close();
  });

  it('a second connection on another simulator: same job id twice, each request with its own token only', async () => {
    assert.strictEqual((await list()).length, 1, 'the sign-in of the set-up is the one connection');
    await setSetting('apiDomainOverride', b.url); // where a new sign-in goes; the first connection keeps a
    await cmd('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: b.oauth.client.clientId, clientSecret: b.oauth.client.clientSecret, refreshToken: await refreshToken(b), dataCenter: 'EU', environment: 'sandbox', connection: 'sandbox' });
    const rows = await list();
    assert.strictEqual(rows.length, 2);
    assert.deepStrictEqual(rows[1], { name: 'sandbox', dataCenter: 'EU', environment: 'sandbox', signedIn: true });
    assert.strictEqual(rows[0].signedIn, true);
    // the org each sign-in read (GET /crm/v8/org) shows in its row's tooltip
    const { tree } = api.internals;
    const tips = tree.getChildren().map((n) => { const t = tree.getTreeItem(n).tooltip; return t instanceof vscode.MarkdownString ? t.value : String(t); });
    assert.strictEqual(tips.length, 2, 'two connection rows');
    assert.match(tips[1], /^\*\*sandbox\*\*/);
    assert.ok(tips[1].includes(`Org: Zylker Simulated (id ${ORG_ID}, zgid ${ORG_ZGID}) · enterprise`), tips[1]);
    await cmd('zohoBulkJobs.addJob', SEED_ID, 'write');
    await cmd('zohoBulkJobs.addJob', SEED_ID, 'write', 'sandbox');
    const jobs = api.getJobs().filter((j) => j.id === SEED_ID);
    assert.deepStrictEqual(jobs.map((j) => j.connection).sort(), [rows[0].name, 'sandbox'].sort());
    assert.ok(jobs.every((j) => j.error === undefined), JSON.stringify(jobs.map((j) => j.error)));
    const docA = await cmd<vscode.Uri>('zohoBulkJobs.openJson', SEED_ID);
    const docB = await cmd<vscode.Uri>('zohoBulkJobs.openJson', SEED_ID, 'sandbox');
    assert.notStrictEqual(docA.toString(), docB.toString(), 'two documents for the two jobs');
    assert.match((await vscode.workspace.openTextDocument(docB)).getText(), new RegExp(SEED_ID));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // a 401 on b: one refresh at b, the retry carries b's new token
    b.injectFault({ kind: 'status', status: 401, jobId: SEED_ID });
    await cmd('zohoBulkJobs.refresh', SEED_ID, 'sandbox');
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(api.getJobs().find((j) => j.connection === 'sandbox')?.error, undefined);
    const tokenOfA = (r: { authorization?: string }) => r.authorization === `Zoho-oauthtoken ${a.token}`;
    assert.ok(a.requests.filter((r) => r.authorization).every(tokenOfA), 'a saw only its own token');
    const atB = b.requests.filter((r) => r.path.includes(SEED_ID));
    assert.ok(atB.length >= 3, 'b: the add, the 401 and the retry');
    assert.ok(atB.every((r) => r.authorization?.startsWith('Zoho-oauthtoken 1000.')), 'b saw only OAuth tokens (its own issue)');
    assert.ok(b.oauth.accepts(atB.at(-1)!.authorization!.replace('Zoho-oauthtoken ', '')), 'the retry carried a token b issued');
    assert.ok(!b.requests.some((r) => r.authorization?.includes(a.token)), 'never a’s token at b');
  });

  it('the result of each connection’s job downloads from its own simulator, with its own token', async () => {
    const idA = a.addWriteJob({ module: 'Leads', operation: 'insert', total: 10, added: 7, skipped: 3 });
    a.setStatus(idA, 'COMPLETED');
    const idB = b.addWriteJob({ module: 'Leads', operation: 'insert', total: 4, added: 4, skipped: 0 });
    b.setStatus(idB, 'COMPLETED');
    await cmd('zohoBulkJobs.addJob', idA, 'write');
    await cmd('zohoBulkJobs.addJob', idB, 'write', 'sandbox');
    const fromA = await cmd<vscode.Uri>('zohoBulkJobs.downloadResult', idA);
    const fromB = await cmd<vscode.Uri>('zohoBulkJobs.downloadResult', idB, 'sandbox');
    assert.notStrictEqual(fromA.fsPath, fromB.fsPath);
    const lines = (u: vscode.Uri) => fs.readFileSync(u.fsPath, 'utf8').trim().split(/\r?\n/).length;
    assert.deepStrictEqual([lines(fromA), lines(fromB)], [11, 5], 'each from its own simulator');
    assert.ok(a.requests.filter((r) => r.authorization).every((r) => r.authorization === `Zoho-oauthtoken ${a.token}`));
    assert.ok(!b.requests.some((r) => r.authorization?.includes(a.token)));
    await cmd('zohoBulkJobs.removeJob', idA);
    await cmd('zohoBulkJobs.removeJob', idB, 'sandbox');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('signing out of one keeps the other polling; unknown names are refused', async () => {
    await rejects(cmd('zohoBulkJobs.refresh', SEED_ID, 'nope'), /no Zoho connection named "nope"/);
    await cmd('zohoBulkJobs.signOut', 'sandbox');
    const rows = await list();
    assert.deepStrictEqual(rows.map((r) => r.signedIn), [true, false]);
    const sent = b.requests.length;
    await cmd('zohoBulkJobs.refresh', SEED_ID, 'sandbox');
    assert.strictEqual(b.requests.length, sent, 'nothing sent for the signed-out connection');
    const before = a.requests.length;
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.ok(a.requests.length > before);
    assert.strictEqual(api.getJobs().find((j) => j.connection !== 'sandbox' && j.id === SEED_ID)?.error, undefined);
    assert.strictEqual(api.getJobs().filter((j) => j.id === SEED_ID).length, 2, 'the signed-out connection keeps its job');
  });

  it('both connections and their jobs come back after a restart; removing one forgets its jobs', async () => {
    await api.internals.restart();
    await waitFor('connections listed', async () => (await list()).length === 2);
    assert.strictEqual(api.getJobs().filter((j) => j.id === SEED_ID).length, 2);
    const tree = api.internals.tree;
    const roots = tree.getChildren();
    assert.deepStrictEqual(roots.map((n) => n.type), ['connection', 'connection'], 'connections are the top level');
    assert.deepStrictEqual(roots.map((n) => tree.getTreeItem(n).label), (await list()).map((c) => c.name));
    assert.strictEqual(tree.getChildren(roots[1]).length, 1);
    assert.strictEqual(await cmd('zohoBulkJobs.removeConnection', 'sandbox'), true);
    assert.strictEqual((await list()).length, 1);
    assert.deepStrictEqual(api.getJobs().filter((j) => j.id === SEED_ID).map((j) => j.connection), [(await list())[0].name]);
    assert.ok(tree.getChildren().every((n) => n.type !== 'connection'), 'one connection: the tree as before');
  });

  it('migration: what an earlier version saved (one sign-in, its jobs, no connection list) becomes one connection, nothing lost', async () => {
    await setSetting('apiDomainOverride', a.url); // one connection again: it follows the setting, as before connections
    await api.internals.restart(async () => {
      await api.internals.globalState.update('zohoBulkJobs.connections', undefined); // as the version before connections left it
    });
    const rows = await waitFor('the earlier sign-in listed', async () => { const r = await list(); return r.length === 1 ? r : undefined; });
    assert.strictEqual(rows[0].signedIn, true, 'the stored sign-in is this connection’s: nothing to redo');
    const jobs = api.getJobs().filter((j) => j.id === SEED_ID);
    assert.deepStrictEqual(jobs.map((j) => j.connection), [rows[0].name]);
    assert.strictEqual(jobs[0].error, undefined);
    await cmd('zohoBulkJobs.refresh', SEED_ID);
    assert.strictEqual(api.getJobs().find((j) => j.id === SEED_ID)?.error, undefined);
    assert.ok(api.internals.tree.getChildren().every((n) => n.type !== 'connection'));
  });
});

async function refreshToken(sim: Simulator): Promise<string> {
  const r = await fetch(`${sim.url}/oauth/v2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: sim.oauth.client.clientId, client_secret: sim.oauth.client.clientSecret, code: sim.oauth.issueGrantCode() }),
  });
  return ((await r.json()) as { refresh_token: string }).refresh_token;
}
