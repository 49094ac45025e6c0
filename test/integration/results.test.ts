// Results: a finished write job's result and a bulk read export downloaded from the simulator,
// saved under the workspace, opened, and summarised in the tree; an expired link and a broken
// download give a clear message and leave no partial file behind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Node } from '../../src/ui/jobsTree';
import type { Simulator } from '../sim/server';
import { freshSetup, rejects } from './helpers';

const label = (i: vscode.TreeItem) => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');

describe('results', function () {
  this.timeout(60000);
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  const root = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.zoho-bulk');
  beforeEach(async () => ({ sim, api: a } = await freshSetup()));
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
    await sim.close();
  });

  it('downloads a finished write job\'s result, opens the CSV and shows the decoded errors', async () => {
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10, added: 7, skipped: 3 });
    sim.setStatus(id, 'COMPLETED');
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zohoBulkJobs.downloadResult', id);
    assert.ok(uri.fsPath.startsWith(path.join(root, 'results', id)), uri.fsPath);
    assert.ok(fs.existsSync(uri.fsPath));
    assert.ok(!fs.readdirSync(path.dirname(uri.fsPath)).some((f) => f.endsWith('.zip') || f.endsWith('.part')), 'only the CSV stays');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'the CSV is open');
    const csv = fs.readFileSync(uri.fsPath, 'utf8').trim().split(/\r?\n/);
    assert.match(csv[0], /STATUS.*RECORD_ID.*ERRORS/);
    assert.strictEqual(csv.length, 11);

    const tree = a.internals.tree;
    const jobNode = tree.nodeFor(id);
    const result = tree.getChildren(jobNode).find((n) => n.type === 'result') as Node;
    const item = tree.getTreeItem(result);
    assert.match(String(item.description), /^7 added · 3 skipped · [A-Z_]+ \(\w+\) ×\d/);
    const details = tree.getChildren(result).map((n) => `${label(tree.getTreeItem(n))} ${tree.getTreeItem(n).description ?? ''}`.trim());
    assert.ok(details.includes('7 added') && details.includes('3 skipped'), details.join(' | '));
    const errors = details.filter((d) => / ×\d+$/.test(d));
    assert.strictEqual(errors.reduce((n, d) => n + Number(/×(\d+)$/.exec(d)![1]), 0) >= 3, true, details.join(' | '));
    assert.match(String(tree.getTreeItem(jobNode).contextValue), /downloadable/);
  });

  it('downloads a bulk read export and opens it', async () => {
    const id = sim.addReadJob({ module: 'Contacts', count: 5000, fields: ['Last_Name', 'Email', 'Phone'] });
    sim.setStatus(id, 'COMPLETED');
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id, 'read');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zohoBulkJobs.downloadResult', id);
    assert.strictEqual(path.basename(uri.fsPath), `${id}.csv`);
    assert.strictEqual(a.internals.store.get(id)?.result?.rows, 5000);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
    const result = a.internals.tree.getChildren(a.internals.tree.nodeFor(id)).find((n) => n.type === 'result') as Node;
    assert.match(String(a.internals.tree.getTreeItem(result).description), /^5,000 rows · 4 columns$/);
  });

  it('refuses jobs without a result, with a reason', async () => {
    const id = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 5 });
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.downloadResult', id), /no result to download yet: it is added/);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.downloadResult', '123'), /not tracked/);
    assert.ok(!fs.existsSync(path.join(root, 'results', id)));
  });

  it('an expired link and a broken download leave no partial file', async () => {
    const id = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10 });
    sim.setStatus(id, 'COMPLETED');
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id);
    sim.expireLinks(id);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.downloadResult', id), /expired/i);
    assert.ok(!fs.existsSync(path.join(root, 'results', id)), 'no folder left behind');
    sim.reset();
    const id2 = sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 400 });
    sim.setStatus(id2, 'COMPLETED');
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id2);
    sim.injectFault({ kind: 'truncated', times: Number.POSITIVE_INFINITY });
    // the connection closes halfway through the body: a network error, said in words, with its code
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.downloadResult', id2), /^Could not reach Zoho: .+ \(NETWORK_ERROR\)\. Check your network connection/);
    sim.clearFaults();
    assert.ok(!fs.existsSync(path.join(root, 'results', id2)), 'no folder left behind');
    assert.strictEqual(a.internals.store.get(id2)?.result, undefined);
  });
});
