// Jobs and their last responses survive a deactivate / activate; corrupt state is dropped
// with a warning; the token never reaches globalState.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { STATE_KEY } from '../../src/jobs/jobPersistence';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, SEED_ID, UNKNOWN_ID } from './helpers';

describe('persistence', () => {
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  beforeEach(async () => ({ sim, api: a } = await freshSetup()));
  afterEach(async () => { await sim.close(); });

  it('keeps jobs, last responses and errors across deactivate / activate without refetching', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', UNKNOWN_ID);
    const before = a.getJobs();
    const requests = sim.requests.length;
    await a.internals.restart();
    assert.deepStrictEqual(a.getJobs(), before);
    assert.strictEqual(sim.requests.length, requests, 'activation does not touch the network');
    const saved = JSON.stringify(a.internals.globalState.get(STATE_KEY));
    assert.ok(!saved.includes(sim.token), 'no token in globalState');
    for (const key of a.internals.globalState.keys()) {
      assert.ok(!JSON.stringify(a.internals.globalState.get(key)).includes(sim.token), `no token under ${key}`);
    }
  });

  it('drops corrupt entries and loads the rest', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await a.internals.restart();
    const good = (a.internals.globalState.get(STATE_KEY) as { jobs: unknown[] }).jobs[0];
    await a.internals.restart(() => a.internals.globalState.update(STATE_KEY, {
      version: 1,
      jobs: [good, 'garbage', null, { id: 'abc', kind: 'write' }, { id: '123', kind: 'delete' }, { id: '124', kind: 'write', body: '{not json' },
        { id: '125', kind: 'read', body: '{"data":[{"id":"999","state":"ADDED"}]}' }, good],
    }));
    assert.deepStrictEqual(a.getJobs().map((j) => j.id), [SEED_ID]);
    assert.strictEqual(a.getJobs()[0].status, 'in-progress');
    await a.internals.restart(() => a.internals.globalState.update(STATE_KEY, 'not even an object'));
    assert.deepStrictEqual(a.getJobs(), []);
  });
});
