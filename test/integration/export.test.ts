// Export Module… through the scripting contract, against the simulator: an export with criteria
// is created, tracked, completes and its result holds only the asked fields; bad options reject
// with what is wrong and create nothing; "all pages" creates each next page's job when the
// previous one finishes, across a restart, and stops on the last page; Export the Next Page
// creates a page once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, rejects, waitFor } from './helpers';

const DONE_MS = 10_000; // the simulator's default schedule for created jobs
const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

describe('export', function () {
  this.timeout(60000);
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  const root = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.zoho-bulk');
  const creates = () => sim.requests.filter((r) => r.method === 'POST' && r.path === '/crm/bulk/v8/read').length;
  const status = (id: string) => a.getJobs().find((j) => j.id === id)?.status;
  /** finish every created job on the simulator clock and fetch it */
  const finish = async (id: string) => {
    sim.advance(DONE_MS);
    await run('zohoBulkJobs.refresh', id);
    assert.strictEqual(status(id), 'completed');
  };

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
    await sim.close();
  });

  it('exports Leads with criteria: tracked, completed, and the CSV holds only the asked fields', async () => {
    ({ sim, api: a } = await freshSetup({ timeScale: 0, readRecordCounts: { Leads: 1200 } }));
    const criteria = { group_operator: 'and', group: [
      { field: { api_name: 'Lead_Source' }, comparator: 'in', value: ['Web Download', 'Partner'] },
      { field: { api_name: 'Annual_Revenue' }, comparator: 'greater_than', value: 5000 },
    ] };
    const id = await run<string>('zohoBulkJobs.createExport', { module: 'Leads', fields: ['Last_Name', 'Email'], criteria });
    assert.match(id, /^\d{15,19}$/);
    const snap = a.getJobs().find((j) => j.id === id);
    assert.strictEqual(snap?.kind, 'read');
    assert.ok(snap.status === 'added' || snap.status === 'queued', snap.status);
    assert.deepStrictEqual(a.internals.store.get(id)?.export?.query, { module: 'Leads', fields: ['Last_Name', 'Email'], criteria });
    await finish(id);
    const uri = await run<vscode.Uri>('zohoBulkJobs.downloadResult', id);
    const lines = fs.readFileSync(uri.fsPath, 'utf8').trim().split(/\r?\n/);
    assert.strictEqual(lines[0], 'id,Last_Name,Email');
    assert.strictEqual(lines.length, 1201);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'the records are open');
  });

  it('bad options reject with what is wrong and create nothing', async () => {
    ({ sim, api: a } = await freshSetup({ timeScale: 0 }));
    await rejects(run('zohoBulkJobs.createExport', { module: 'Widgets' }), /Unknown module "Widgets"/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'leads' }), /Did you mean "Leads"/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'Leads', fields: ['Email', 'Shoe_Size'] }), /Unknown field "Shoe_Size" in Leads/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'Leads', criteria: { field: { api_name: 'Email' }, comparator: 'like', value: 'x' } }), /comparator "like" is not one Zoho knows/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'Leads', criteria: { group_operator: 'and', group: [] } }), /at least two/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'Leads', criteria: { field: { api_name: 'Lead_Source' }, comparator: 'starts_with', value: 'W' } }), /does not apply to Lead_Source \(picklist\)/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'Leads', page: 0 }), /page must be a positive integer/);
    await rejects(run('zohoBulkJobs.createExport', { module: 'Leads', page: 1.5 }), /page must be a positive integer/);
    assert.strictEqual(creates(), 0);
    assert.deepStrictEqual(a.getJobs(), []);
  });

  it('all pages: each next page is created when the previous one finishes, across a restart, until done', async () => {
    ({ sim, api: a } = await freshSetup({ timeScale: 0, readPerPage: 1000, readRecordCounts: { Contacts: 2100 } }));
    const first = await run<string>('zohoBulkJobs.createExport', { module: 'Contacts', fields: ['Last_Name'], allPages: true });
    await finish(first);
    const second = await waitFor('the second page', () => a.internals.store.get(first)?.export?.next?.jobId);
    // the chain's own work (save, first fetch of the new page) is done before the restart
    await waitFor('the second page loaded', () => a.internals.store.get(second)?.data);
    await new Promise((r) => setTimeout(r, 100));
    assert.match(String(a.internals.tree.getTreeItem(a.internals.tree.nodeFor(first)).contextValue), /morePages/);

    await a.internals.restart();
    assert.strictEqual(a.internals.store.get(second)?.export?.allPages, true, 'the chain is saved');
    await finish(second);
    const third = await waitFor('the third page', () => a.internals.store.get(second)?.export?.next?.jobId);
    await waitFor('the third page tracked', () => a.getJobs().some((j) => j.id === third));
    await finish(third);
    await new Promise((r) => setTimeout(r, 300));
    const pages = [first, second, third].map((id) => ((a.getJobs().find((j) => j.id === id)?.raw as { data: { result: { page: number; count: number; more_records: boolean } }[] }).data[0].result));
    assert.deepStrictEqual(pages.map((r) => [r.page, r.count, r.more_records]), [[1, 1000, true], [2, 1000, true], [3, 100, false]]);
    assert.strictEqual(creates(), 3, 'nothing after the last page');
    assert.strictEqual(a.getJobs().length, 3);
    assert.doesNotMatch(String(a.internals.tree.getTreeItem(a.internals.tree.nodeFor(third)).contextValue), /morePages/);
  });

  it('Export the Next Page creates the page once and refuses a job without one', async () => {
    ({ sim, api: a } = await freshSetup({ timeScale: 0, readPerPage: 1000, readRecordCounts: { Deals: 1500 } }));
    const first = await run<string>('zohoBulkJobs.createExport', { module: 'Deals' });
    await rejects(run('zohoBulkJobs.exportNextPage', first), /has no next page/);
    await finish(first);
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(creates(), 1, 'without allPages nothing follows by itself');
    const next = await run<string>('zohoBulkJobs.exportNextPage', first);
    assert.strictEqual(await run<string>('zohoBulkJobs.exportNextPage', first), next);
    assert.strictEqual(creates(), 2);
    await finish(next);
    await rejects(run('zohoBulkJobs.exportNextPage', next), /no more records/);
  });
});
