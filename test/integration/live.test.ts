// Live status: a simulator job goes ADDED → IN PROGRESS → COMPLETED and the tree, the status
// bar and a notification follow, with no manual refresh.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, setSetting, waitFor } from './helpers';

describe('live status', function () {
  this.timeout(60000);
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  beforeEach(async () => {
    await setSetting('pollIntervalSeconds', 5);
    ({ sim, api: a } = await freshSetup());
  });
  afterEach(async () => { await setSetting('pollIntervalSeconds', undefined); await sim.close(); });

  it('follows a job to completion by itself: tree, status bar, notification', async () => {
    const id = sim.addWriteJob({ module: 'Contacts', operation: 'upsert', total: 40, added: 30, updated: 8, skipped: 2, schedule: { inProgressAfterMs: 1500, doneAfterMs: 9000 } });
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id);
    const job = () => a.getJobs().find((j) => j.id === id)!;
    assert.strictEqual(job().status, 'added');
    await waitFor('status bar shows it running', () => a.internals.statusBarText() === '$(sync~spin) 1 running');
    const polls = a.internals.scheduler.polls;
    await waitFor('in progress', () => job().status === 'in-progress', 15000);
    const node = a.internals.tree.nodeFor(id);
    assert.match(String(a.internals.tree.getTreeItem(node).description), /^In progress/);
    await waitFor('completed', () => job().status === 'completed', 25000);
    assert.ok(a.internals.scheduler.polls > polls, 'the scheduler did the refreshing');
    assert.match(String(a.internals.tree.getTreeItem(node).description), /^Completed/);
    await waitFor('status bar shows it done', () => a.internals.statusBarText() === '$(check) 1 done');
    await waitFor('notification', () => a.internals.notifications().includes('Contacts · upsert finished: 30 added, 8 updated, 2 skipped, of 40.'));
    await waitFor('scheduler idle', () => !a.internals.scheduler.armed);
  });

  it('does not notify for a job that was already finished when added', async () => {
    const id = sim.addWriteJob({ module: 'Deals', operation: 'insert', total: 3 });
    sim.setStatus(id, 'COMPLETED');
    const before = a.internals.notifications().length;
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', id);
    assert.strictEqual(a.getJobs()[0].status, 'completed');
    assert.strictEqual(a.internals.notifications().length, before);
    assert.strictEqual(a.internals.scheduler.armed, false);
  });
});
