// Issue "sign in" done-when: with the simulator's access tokens living 30 s, three minutes of
// continuous polling keep every job fresh with at most one refresh per token lifetime (never more
// than 10 in 10 minutes), no prompt, no sign-out, and no secret in any log line.
// ZBJ_SOAK_SECONDS shortens or lengthens the run (default 180).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, setSetting } from './helpers';

const SECONDS = Number(process.env.ZBJ_SOAK_SECONDS ?? 180);
const LIFETIME = 30;

describe('soak: token refresh under continuous polling', function () {
  this.timeout((SECONDS + 60) * 1000);
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  before(async () => {
    await setSetting('pollIntervalSeconds', 5);
    await setSetting('maxPollIntervalSeconds', 5);
    ({ sim, api: a } = await freshSetup());
  });
  after(async () => {
    await setSetting('pollIntervalSeconds', undefined);
    await setSetting('maxPollIntervalSeconds', undefined);
    await vscode.commands.executeCommand('zohoBulkJobs.signOut');
    await sim.close();
  });

  it(`polls for ${SECONDS} s with ${LIFETIME} s tokens: fresh jobs, ≤ 1 refresh per lifetime, no prompt, no secret logged`, async () => {
    sim.oauth.setLifetime(LIFETIME);
    const grant = await (await fetch(`${sim.url}/oauth/v2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: sim.oauth.client.clientId, client_secret: sim.oauth.client.clientSecret, code: sim.oauth.issueGrantCode() }),
    })).json() as { refresh_token: string };
    await vscode.commands.executeCommand('zohoBulkJobs.signIn', { method: 'refreshToken', clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret, refreshToken: grant.refresh_token });
    const signOuts: string[] = [];
    const problems: string[] = [];
    const subs = [a.internals.session.onDidSignOut((e) => signOuts.push(e.reason)), a.internals.session.onDidHaveProblem((e) => problems.push(e.message))];
    const ids = ['Leads', 'Contacts', 'Deals', 'Accounts', 'Products', 'Vendors'].map((module, i) =>
      sim.addWriteJob({ module, operation: 'insert', total: 5000 + i, schedule: { inProgressAfterMs: 1000, doneAfterMs: (SECONDS + 120) * 1000 } }));
    for (const id of ids) await vscode.commands.executeCommand('zohoBulkJobs.addJob', id);
    const refreshesAtStart = sim.oauth.refreshCount();

    const started = Date.now();
    let worstStaleness = 0;
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = Date.now();
      for (const id of ids) {
        const job = a.internals.store.get(id)!;
        assert.strictEqual(job.error, undefined, `job ${id}: ${job.error?.message}`);
        worstStaleness = Math.max(worstStaleness, now - (job.fetchedAt ?? 0));
      }
    }
    subs.forEach((x) => x.dispose());
    const refreshes = sim.oauth.refreshCount() - refreshesAtStart;
    const lifetimes = Math.ceil(SECONDS / LIFETIME);
    console.log(`      soak: ${SECONDS} s, ${a.internals.scheduler.polls} polls, ${refreshes} refreshes (${lifetimes} token lifetimes), worst staleness ${(worstStaleness / 1000).toFixed(1)} s`);
    assert.ok(worstStaleness < 12_000, `every job refreshed at least every ~10 s (worst ${worstStaleness} ms)`);
    // a token is renewed at the first request after lifetime − margin (27.5 s), so a run spanning n
    // lifetimes sees at most n + 1 renewals
    assert.ok(refreshes <= lifetimes + 1, `at most one refresh per lifetime: ${refreshes} for ${lifetimes} lifetimes`);
    assert.ok(refreshes <= 10, 'never more than 10 in 10 minutes');
    assert.ok(refreshes >= Math.floor(SECONDS / LIFETIME) - 1, `tokens were really renewed (${refreshes})`);
    assert.deepStrictEqual(signOuts, [], 'no sign-out, no prompt');
    assert.deepStrictEqual(problems, [], 'no sign-in problem reported');

    const tokens = new Set(sim.requests.map((r) => (r.authorization ?? '').replace('Zoho-oauthtoken ', '')).filter((t) => t.startsWith('1000.')));
    assert.ok(tokens.size >= 2, `several access tokens were used (${tokens.size})`);
    await new Promise((r) => setTimeout(r, 1500));
    const logDir = a.internals.logUri.fsPath;
    const log = fs.readdirSync(logDir).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(path.join(logDir, f), 'utf8')).join('\n');
    assert.ok(log.length > 0);
    for (const s of [...tokens, grant.refresh_token, sim.oauth.client.clientSecret]) assert.ok(!log.includes(s), 'a secret reached the log');
  });
});
