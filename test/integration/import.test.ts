// Import CSV through the scripting contract, in the real extension host against the simulator:
// the workspace's demo CSV → one job tracked → completed → Download Result shows the decoded row
// errors; 60,000 rows → 3 jobs shown as one import; bad options and bad files rejected with the
// reason (and the file's problems in the Problems panel, cleared once it is fixed).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Node } from '../../src/ui/jobsTree';
import type { Simulator } from '../sim/server';
import { freshSetup, rejects, waitFor } from './helpers';

const IMPORT = 'zohoBulkJobs.importCsv';
const label = (i: vscode.TreeItem) => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');

describe('import CSV', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const demo = vscode.Uri.file(path.join(ws, 'leads-demo.csv'));
  const scratch = path.join(ws, '.import-test');
  const results = path.join(ws, '.zoho-bulk');
  beforeEach(async () => {
    ({ sim, api: a } = await freshSetup());
    fs.mkdirSync(scratch, { recursive: true });
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(results, { recursive: true, force: true });
    await sim.close();
  });
  const write = (name: string, text: string): vscode.Uri => {
    const p = path.join(scratch, name);
    fs.writeFileSync(p, text);
    return vscode.Uri.file(p);
  };

  it('imports the demo CSV: tracked, completed, and its result shows the rows Zoho skipped and why', async () => {
    const ids = await vscode.commands.executeCommand<string[]>(IMPORT, demo, { module: 'Leads', operation: 'insert' });
    assert.strictEqual(ids.length, 1);
    const snap = a.getJobs().find((j) => j.id === ids[0]);
    assert.ok(snap, 'the created job is tracked as soon as the command resolves');
    assert.strictEqual(snap.kind, 'write');
    assert.strictEqual(a.internals.store.get(ids[0])?.importGroup?.file, 'leads-demo.csv');
    sim.advance(6 * 3600_000);
    await vscode.commands.executeCommand('zohoBulkJobs.refresh', ids[0]);
    await waitFor('the job to complete', () => a.getJobs().find((j) => j.id === ids[0])?.status === 'completed');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zohoBulkJobs.downloadResult', ids[0]);
    const rows = fs.readFileSync(uri.fsPath, 'utf8').trim().split(/\r?\n/);
    assert.strictEqual(rows.length, 41, 'a result row per uploaded row');
    const result = a.internals.store.get(ids[0])?.result;
    assert.ok(result?.byError, 'the row errors were decoded');
    const codes = result.byError.map((e) => `${e.code} (${e.column})`);
    for (const want of ['MANDATORY_NOT_FOUND (Last_Name)', 'INVALID_DATA (Email)', 'DUPLICATE_DATA (Email)']) assert.ok(codes.includes(want), codes.join(', '));
    const tree = a.internals.tree;
    const node = tree.getChildren(tree.nodeFor(ids[0])).find((n) => n.type === 'result') as Node;
    assert.match(String(tree.getTreeItem(node).description), /^35 added · 5 skipped/);
  });

  it('sends 60,000 rows as 3 jobs, shown as one import with its parts beneath', async () => {
    const lines = ['Last_Name,Email,Company'];
    for (let i = 0; i < 60_000; i++) lines.push(`Lee ${i},lee${i}@example.com,Acme ${i % 50}`);
    const big = write('big leads.csv', `${lines.join('\n')}\n`);
    const ids = await vscode.commands.executeCommand<string[]>(IMPORT, big, { module: 'Leads', operation: 'insert' });
    assert.strictEqual(ids.length, 3);
    for (const id of ids) assert.ok(a.getJobs().some((j) => j.id === id && j.kind === 'write'));
    const tree = a.internals.tree;
    const group = tree.getChildren().find((n) => n.type === 'import') as Node;
    assert.ok(group, 'one import node at the root');
    assert.strictEqual(label(tree.getTreeItem(group)), 'big leads.csv');
    assert.match(String(tree.getTreeItem(group).description), /^Leads · insert · .* · 3 parts$/);
    const parts = tree.getChildren(group);
    assert.deepStrictEqual(parts.map((n) => n.jobId), ids);
    assert.deepStrictEqual(parts.map((n) => label(tree.getTreeItem(n))), ['Part 1 of 3', 'Part 2 of 3', 'Part 3 of 3']);
    assert.strictEqual(tree.getParent(tree.nodeFor(ids[1])), group);
    sim.advance(6 * 3600_000);
    // the import row's menu: Refresh asks Zoho about each part (and nothing else), Copy Job ID copies every part's id
    const asked = () => sim.requests.filter((r) => r.method === 'GET' && /\/write\/\d+$/.test(r.path)).map((r) => r.path.split('/').pop());
    const before = asked().length;
    await vscode.commands.executeCommand('zohoBulkJobs.refresh', group);
    assert.deepStrictEqual(asked().slice(before).sort(), [...ids].sort());
    assert.strictEqual(await vscode.commands.executeCommand('zohoBulkJobs.copyJobId', group), ids.join('\n'));
    assert.strictEqual(await vscode.env.clipboard.readText(), ids.join('\n'));
    await vscode.commands.executeCommand('zohoBulkJobs.refreshAll');
    await waitFor('the summed counts', () => /Completed · 60000 added, 0 skipped, of 60000 · 3 parts/.test(String(tree.getTreeItem(group).description)));
    // the group is saved with each job
    await a.internals.restart();
    assert.deepStrictEqual(ids.map((id) => a.internals.store.get(id)?.importGroup?.part), [0, 1, 2]);
  });

  it('rejects bad options and bad files with the reason, sending nothing', async () => {
    const ok = write('ok.csv', 'Last_Name,Email,Company\nLee,lee@example.com,Acme\n');
    await rejects(vscode.commands.executeCommand(IMPORT, ok, { module: 'Leeds', operation: 'insert' }), /no module "Leeds"/);
    await rejects(vscode.commands.executeCommand(IMPORT, ok, { module: 'Leads', operation: 'merge' }), /'insert', 'update' or 'upsert'/);
    await rejects(vscode.commands.executeCommand(IMPORT, ok, { module: 'Leads', operation: 'update' }), /needs findBy/);
    await rejects(vscode.commands.executeCommand(IMPORT, ok, { module: 'Leads', operation: 'insert', mapping: { Mail: 'Email', Last_Name: 'Last_Name', Company: 'Company' } }), /no column "Mail"/);
    await rejects(vscode.commands.executeCommand(IMPORT, ok, { module: 'Leads', operation: 'insert', mapping: { Email: 'Email' } }), /mandatory field.*Last_Name/i);
    await rejects(vscode.commands.executeCommand(IMPORT, vscode.Uri.file(path.join(scratch, 'none.csv')), { module: 'Leads', operation: 'insert' }), /not a readable file/);
    await rejects(vscode.commands.executeCommand(IMPORT, 'leads.csv', { module: 'Leads', operation: 'insert' }), /must be the CSV file's Uri/);
    const ragged = write('ragged.csv', 'Last_Name,Email,Company\nLee,lee@example.com,Acme\nKim\n');
    await rejects(vscode.commands.executeCommand(IMPORT, ragged, { module: 'Leads', operation: 'insert' }), /ragged\.csv has 1 problem.*line 3/);
    const problems = vscode.languages.getDiagnostics(ragged);
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].range.start.line, 2);
    fs.writeFileSync(ragged.fsPath, 'Last_Name,Email,Company\nLee,lee@example.com,Acme\nKim,kim@example.com,Acme\n');
    const ids = await vscode.commands.executeCommand<string[]>(IMPORT, ragged, { module: 'Leads', operation: 'insert' });
    assert.strictEqual(ids.length, 1);
    assert.strictEqual(vscode.languages.getDiagnostics(ragged).length, 0, 'fixed: the problems are gone');
    assert.strictEqual(sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/write')).length, 1, 'only the good import created a job');
  });
});
