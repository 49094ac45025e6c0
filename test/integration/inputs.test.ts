// Hostile and mistaken input through the scripting contract: nothing is added, nothing is
// sent, and the promise rejects with an Error that says why.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, rejects, SEED_ID, setSetting } from './helpers';

describe('bad input', () => {
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  beforeEach(async () => ({ sim, api: a } = await freshSetup()));
  afterEach(async () => { await setSetting('apiDomainOverride', undefined); await sim.close(); });

  const badIds: unknown[] = [
    '', '   ', 'abc', '12a', '1'.repeat(26), '-1', '1.5', '1e5', '１２３', '123\n456', '123 456', '<script>alert(1)</script>',
    "' OR 1=1 --", '../../etc/passwd', '4150868000005392002/../../x', 'https://evil.example.com/crm/bulk/v8/write/x',
    '{"id": "abc"}', '{"nothing": 1}', '{not json', Number('4150868000005392002'), 12, null, {}, [], true,
  ];
  for (const bad of badIds) {
    it(`addJob refuses ${JSON.stringify(bad)}`, async () => {
      const before = sim.requests.length;
      await rejects(vscode.commands.executeCommand('zohoBulkJobs.addJob', bad), /./);
      assert.deepStrictEqual(a.getJobs(), []);
      assert.strictEqual(sim.requests.length, before, 'nothing was sent');
    });
  }

  it('addJob accepts a job-details URL and a pasted JSON body', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', `https://www.zohoapis.com/crm/bulk/v2/write/${SEED_ID}`);
    await vscode.commands.executeCommand('zohoBulkJobs.removeJob', SEED_ID);
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', `{"status":"INPROGRESS","resource":[],"id":${SEED_ID}}`);
    assert.deepStrictEqual(a.getJobs().map((j) => j.id), [SEED_ID]);
  });

  it('addJob with a duplicate keeps one job', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', ` ${SEED_ID} `);
    assert.strictEqual(a.getJobs().length, 1);
  });

  it('refuses a bad kind, and ids that are not tracked', async () => {
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID, 'delete'), /'write' or 'read'/);
    assert.deepStrictEqual(a.getJobs(), []);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.refresh', '999'), /not tracked/);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.openJson', '999'), /not tracked/);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.removeJob', '999'), /not tracked/);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.refresh', 'abc'), /job ID/i);
  });

  it('refuses bad tokens without storing them', async () => {
    for (const bad of ['', '  ', 'two words', 'line\nbreak', 42, 'Zoho-oauthtoken']) {
      await rejects(vscode.commands.executeCommand('zohoBulkJobs.setAccessToken', bad), /token/i);
    }
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    assert.strictEqual(a.getJobs()[0].error, undefined, 'the good token is still in place');
  });

  const refusedHosts = [
    'http://evil.example.com', 'https://evil.example.com', 'https://zohoapis.com.evil.io', 'https://www.zohoapis.com@evil.io',
    'https://www.zohoapis.com.evil.io', 'ftp://www.zohoapis.com', 'https://www.zohoapis.com/crm', 'http://www.zohoapis.com',
    'https://www.zohoapis.com?x=1', 'javascript:alert(1)', 'not a url', 'http://127.0.0.1.evil.io:8080',
  ];
  for (const host of refusedHosts) {
    it(`apiDomainOverride refuses ${host} and sends nothing`, async () => {
      await setSetting('apiDomainOverride', host);
      const before = sim.requests.length;
      await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
      const [snap] = a.getJobs();
      assert.strictEqual(snap.error?.code, 'UNTRUSTED_HOST', JSON.stringify(snap.error));
      assert.ok(!snap.error!.message.includes(sim.token));
      assert.strictEqual(sim.requests.length, before);
    });
  }
});
