// The view, the commands and the status bar, against the simulator, in a real extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Node } from '../../src/ui/jobsTree';
import type { Simulator } from '../sim/server';
import { freshSetup, SEED_ID, UNKNOWN_ID, waitFor } from './helpers';

function render(a: ZohoBulkJobsApi, node?: Node): { node: Node; item: vscode.TreeItem }[] {
  const tree = a.internals.tree;
  return tree.getChildren(node).map((n) => ({ node: n, item: tree.getTreeItem(n) }));
}
const label = (i: vscode.TreeItem) => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');

describe('Zoho Bulk Jobs view', () => {
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  beforeEach(async () => ({ sim, api: a } = await freshSetup()));
  afterEach(async () => { await sim.close(); });

  it('contributes exactly the commands it registers', async () => {
    const pkg = vscode.extensions.getExtension('zoho-bulk-jobs.zoho-bulk-jobs')!.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('zohoBulkJobs.')).sort();
    assert.deepStrictEqual(registered, contributed);
  });

  it('adds the seed job and shows Leads · insert, in progress, with its 5 field mappings', async () => {
    const id = await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(id, SEED_ID);
    const [snap] = a.getJobs();
    assert.strictEqual(snap.id, SEED_ID);
    assert.strictEqual(snap.kind, 'write');
    assert.strictEqual(snap.status, 'in-progress');
    assert.strictEqual((snap.raw as { id: string }).id, SEED_ID);
    assert.strictEqual(snap.error, undefined);

    const [job] = render(a);
    assert.strictEqual(label(job.item), 'Leads · insert');
    assert.match(String(job.item.description), /^In progress · /);
    assert.strictEqual((job.item.iconPath as vscode.ThemeIcon).id, 'sync~spin');
    assert.strictEqual(job.item.contextValue, 'job');
    const [resource] = render(a, job.node);
    assert.strictEqual(label(resource.item), 'Leads');
    const mappings = render(a, resource.node).map((m) => `${label(m.item)}${m.item.description ? ` (${m.item.description})` : ''}`);
    assert.deepStrictEqual(mappings, ['Last_Name ← column 0', 'Owner ← column 1', 'Date_3 ← column 2 (format yyyy/MM/dd)', 'Mobile ← column 3', 'Layout ← column 4']);

    await waitFor('status bar', () => a.internals.statusBarText() === '$(sync~spin) 1 running');
  });

  it('reads v2 (module as a string) the same as v8', async () => {
    await vscode.workspace.getConfiguration('zohoBulkJobs').update('apiVersion', 'v2', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    assert.ok(sim.requests.some((r) => r.path === `/crm/bulk/v2/write/${SEED_ID}`));
    assert.strictEqual(label(render(a)[0].item), 'Leads · insert');
    assert.strictEqual((a.getJobs()[0].raw as { resource: { module: unknown }[] }).resource[0].module, 'Leads');
  });

  it('opens the last full response read-only as JSON and updates it on refresh', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zohoBulkJobs.openJson', SEED_ID);
    assert.strictEqual(uri.scheme, 'zoho-bulk-job');
    assert.ok(uri.path.endsWith(`${SEED_ID}.json`));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
    assert.strictEqual(doc.languageId, 'json');
    assert.match(doc.getText(), /"id": "4150868000005392002"/);
    assert.match(doc.getText(), /"status": "INPROGRESS"|"status": "IN PROGRESS"/);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

    sim.setStatus(SEED_ID, 'COMPLETED');
    await vscode.commands.executeCommand('zohoBulkJobs.refresh', SEED_ID);
    await waitFor('document update', () => /"status": "COMPLETED"/.test(doc.getText()));
    assert.strictEqual(a.getJobs()[0].status, 'completed');
    await waitFor('status bar', () => a.internals.statusBarText() === '$(check) 1 done');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('records an unknown job as an error node in plain words, with the code', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', UNKNOWN_ID);
    const [snap] = a.getJobs();
    assert.strictEqual(snap.status, 'unknown');
    assert.strictEqual(snap.error?.code, 'RESOURCE_NOT_FOUND');
    assert.strictEqual(snap.error?.httpStatus, 400);
    assert.match(snap.error!.message, /no bulk job 415086800000539200/i, 'looked up as both kinds, so no kind is named');
    const [job] = render(a);
    const [err] = render(a, job.node);
    assert.match(label(err.item), /no bulk job/i);
    assert.match(String(err.item.description), /RESOURCE_NOT_FOUND/);
    await waitFor('status bar', () => a.internals.statusBarText() === '$(error) 1 failed');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zohoBulkJobs.openJson', UNKNOWN_ID);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(JSON.parse(doc.getText()).error.code, 'RESOURCE_NOT_FOUND');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('keeps the last good data when a refresh fails, and shows the error beside it', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await vscode.commands.executeCommand('zohoBulkJobs.setAccessToken', 'wrong-token');
    await vscode.commands.executeCommand('zohoBulkJobs.refresh', SEED_ID);
    const [snap] = a.getJobs();
    assert.strictEqual(snap.status, 'in-progress');
    assert.strictEqual((snap.raw as { id: string }).id, SEED_ID);
    assert.strictEqual(snap.error?.code, 'INVALID_TOKEN');
    assert.strictEqual(snap.error?.httpStatus, 401);
    const children = render(a, render(a)[0].node).map((c) => c.node.type);
    assert.deepStrictEqual(children, ['error', 'resource']);
  });

  it('copies and removes a job; the status bar hides with no jobs', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(await vscode.commands.executeCommand('zohoBulkJobs.copyJobId', SEED_ID), SEED_ID);
    assert.strictEqual(await vscode.env.clipboard.readText(), SEED_ID);
    assert.strictEqual(await vscode.commands.executeCommand('zohoBulkJobs.removeJob', SEED_ID), true);
    assert.deepStrictEqual(a.getJobs(), []);
    await waitFor('status bar hidden', () => a.internals.statusBarText() === '');
  });

  it('refresh() without an argument refreshes every unfinished job and skips finished ones', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', UNKNOWN_ID);
    const done = sim.addWriteJob({ module: 'Contacts', operation: 'update', total: 10 });
    sim.setStatus(done, 'COMPLETED');
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', done);
    const before = sim.requests.length;
    await vscode.commands.executeCommand('zohoBulkJobs.refresh');
    const paths = sim.requests.slice(before).map((r) => r.path);
    assert.ok(paths.includes(`/crm/bulk/v8/write/${SEED_ID}`));
    assert.ok(paths.some((p) => p.endsWith(UNKNOWN_ID)), 'a job that failed to load is retried');
    assert.ok(!paths.some((p) => p.endsWith(done)), 'a finished job is not fetched again');
    const n = sim.requests.length;
    await vscode.commands.executeCommand('zohoBulkJobs.refresh', done);
    assert.strictEqual(sim.requests.length, n + 1, 'refreshing one finished job by hand still fetches it');
  });
});
