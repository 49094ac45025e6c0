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

  // pasted job links from anything but the table's exact API hosts: [link, the host the message names]
  const JOB_PATH = `/crm/bulk/v8/write/${SEED_ID}`;
  const hostileLinks: [string, string][] = [
    [`https://example.com${JOB_PATH}`, 'example.com'],
    [`https://www.zohoapis.com.evil.io${JOB_PATH}`, 'www.zohoapis.com.evil.io'],
    [`https://zohoapis.com.evil.io${JOB_PATH}`, 'zohoapis.com.evil.io'],
    [`https://evil-zohoapis.com${JOB_PATH}`, 'evil-zohoapis.com'],
    [`https://zohoapis.com${JOB_PATH}`, 'zohoapis.com'],
    [`https://content.zohoapis.com${JOB_PATH}`, 'content.zohoapis.com'],
    [`https://www.zohoapis.com.${JOB_PATH}`, 'www.zohoapis.com.'],
    [`https://www.zohoapis.com.:443${JOB_PATH}`, 'www.zohoapis.com.:443'],
    [`https://www.zohoapis.com:443${JOB_PATH}`, 'www.zohoapis.com:443'],
    [`https://www.zohoapis.com:8443${JOB_PATH}`, 'www.zohoapis.com:8443'],
    [`https://www.zohoapís.com${JOB_PATH}`, 'www.xn--zohoaps-dza.com'],
    [`https://ｗｗｗ.zohoapis.com${JOB_PATH}`, 'ｗｗｗ.zohoapis.com'],
    [`https://www.zohoapis.com@evil.io${JOB_PATH}`, 'evil.io'],
    [`https://user:pass@www.zohoapis.com${JOB_PATH}`, 'www.zohoapis.com'],
    [`https://www.zohoapis.com\\@evil.io${JOB_PATH}`, 'www.zohoapis.com\\@evil.io'],
    [`http://www.zohoapis.com${JOB_PATH}`, 'www.zohoapis.com'],
    [`http://127.0.0.1:1${JOB_PATH}`, '127.0.0.1:1'],
  ];
  for (const [link, host] of hostileLinks) {
    it(`addJob refuses the link ${link}, naming its host`, async () => {
      const before = sim.requests.length;
      await rejects(vscode.commands.executeCommand('zohoBulkJobs.addJob', link), new RegExp(`"${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.deepStrictEqual(a.getJobs(), []);
      assert.strictEqual(sim.requests.length, before, 'nothing was sent');
    });
  }

  it('addJob takes a loopback link only while apiDomainOverride points to that origin', async () => {
    const link = `${sim.url}${JOB_PATH}`;
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.addJob', link.replace('127.0.0.1', 'localhost')), /"localhost:\d+" is a local address/);
    assert.deepStrictEqual(a.getJobs(), []);
    assert.strictEqual(await vscode.commands.executeCommand('zohoBulkJobs.addJob', link), SEED_ID);
    assert.deepStrictEqual(a.getJobs().map((j) => j.id), [SEED_ID]);
  });

  it('addJob refuses, from a script, a link of another data centre or environment, naming both', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.signIn', { method: 'accessToken', accessToken: sim.token, dataCenter: 'US', environment: 'production' });
    const before = sim.requests.length;
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.addJob', `https://www.zohoapis.eu${JOB_PATH}`),
      /Zoho's EU data centre \(production\), but you are signed in to US \(production\)/);
    await rejects(vscode.commands.executeCommand('zohoBulkJobs.addJob', `https://sandbox.zohoapis.com${JOB_PATH}`, 'write'),
      /Zoho's US data centre \(sandbox\), but you are signed in to US \(production\)/);
    assert.deepStrictEqual(a.getJobs(), []);
    assert.strictEqual(sim.requests.length, before, 'nothing was sent');
    assert.strictEqual(await vscode.commands.executeCommand('zohoBulkJobs.addJob', `https://www.zohoapis.com${JOB_PATH}`), SEED_ID);
  });

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
