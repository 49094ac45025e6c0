// Jobs and their last responses survive a deactivate / activate (one file per job under the
// extension's global storage); a job added is saved before its command resolves, and what polls
// changed is on disk when deactivate()'s promise resolves; the old globalState list is migrated;
// unreadable files are kept aside; the token never reaches any saved state.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FILE_VERSION, STATE_KEY, UNREADABLE_DIR } from '../../src/jobs/jobPersistence';
import { JOBS_FOLDER } from '../../src/ui/jobState';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import type { Simulator } from '../sim/server';
import { freshSetup, SEED_ID, UNKNOWN_ID, waitFor } from './helpers';

/** every file under `dir`, recursively */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('persistence', () => {
  let sim: Simulator;
  let a: ZohoBulkJobsApi;
  let jobsDir: string;
  beforeEach(async () => {
    ({ sim, api: a } = await freshSetup());
    jobsDir = path.join(a.internals.globalStorageUri.fsPath, JOBS_FOLDER);
  });
  afterEach(async () => { await sim.close(); });

  it('keeps jobs, last responses and errors across deactivate / activate without refetching; no token in any saved state', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', UNKNOWN_ID);
    assert.ok(fs.existsSync(path.join(jobsDir, `${SEED_ID}.json`)) && fs.existsSync(path.join(jobsDir, `${UNKNOWN_ID}.json`)), 'saved when the commands resolved');
    const before = a.getJobs();
    const requests = sim.requests.length;
    await a.internals.restart();
    assert.deepStrictEqual(a.getJobs(), before);
    assert.strictEqual(sim.requests.length, requests, 'activation does not touch the network');
    const saved = filesUnder(a.internals.globalStorageUri.fsPath);
    assert.ok(saved.length >= 2);
    for (const f of saved) assert.ok(!fs.readFileSync(f, 'latin1').includes(sim.token), `no token in ${f}`);
    for (const key of a.internals.globalState.keys()) {
      assert.ok(!JSON.stringify(a.internals.globalState.get(key) ?? null).includes(sim.token), `no token under ${key}`);
    }
  });

  it('jobs added and then deactivate() at once (no flush first): all there after activation, with what polls changed', async () => {
    const ids = [SEED_ID, UNKNOWN_ID, '4150868000005399999'];
    const adding = ids.map((id) => vscode.commands.executeCommand('zohoBulkJobs.addJob', id));
    await waitFor('the three jobs in the store', () => ids.every((id) => a.internals.store.has(id)));
    // a poll's change waits for the coalesced write: deactivate's promise must cover it
    a.internals.store.recordError(SEED_ID, { code: 'NETWORK_ERROR', message: 'The connection was reset (NETWORK_ERROR).' });
    await a.internals.restart(undefined, { flush: false });
    await Promise.allSettled(adding);
    assert.deepStrictEqual(a.getJobs().map((j) => j.id).sort(), [...ids].sort());
    assert.strictEqual(a.internals.store.get(SEED_ID)?.error?.code, 'NETWORK_ERROR');
  });

  it('Remove Job resolves once the removal is saved, and logs "Removed job" only then (not when saving it failed)', async () => {
    const logText = () => {
      const dir = a.internals.logUri.fsPath;
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n') : '';
    };
    // an id no other test removes: the log is shared by the whole run
    const stuck = '4150868000005390077';
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', stuck);
    const file = path.join(jobsDir, `${stuck}.json`);
    try {
      fs.rmSync(file);
      fs.mkdirSync(path.join(file, 'in-the-way'), { recursive: true }); // the file cannot be removed
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('zohoBulkJobs.removeJob', stuck)), /could not be removed from the saved jobs/);
    } finally {
      fs.rmSync(file, { recursive: true, force: true });
    }
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', UNKNOWN_ID);
    assert.strictEqual(await vscode.commands.executeCommand('zohoBulkJobs.removeJob', UNKNOWN_ID), true);
    assert.ok(!fs.existsSync(path.join(jobsDir, `${UNKNOWN_ID}.json`)), 'removed from disk when the command resolved');
    // log files are flushed asynchronously, in order: once the later line is there, the earlier one would be too
    await waitFor('the log of the second removal', () => logText().includes(`Removed job ${UNKNOWN_ID}.`));
    assert.ok(!logText().includes(`Removed job ${stuck}.`), 'a removal that was not saved is not logged as done');
  });

  it('migrates the version-1 globalState list to files, then retires it', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    const body = a.internals.store.get(SEED_ID)?.rawJson;
    assert.ok(body);
    const v1 = { version: 1, jobs: [{ id: SEED_ID, kind: 'write', addedAt: 5, body, fetchedAt: 6 }, { id: '4150868000005391111', kind: 'read', addedAt: 7 }] };
    await a.internals.restart(async () => {
      fs.rmSync(jobsDir, { recursive: true, force: true }); // as before the upgrade
      await a.internals.globalState.update(STATE_KEY, v1);
    });
    assert.deepStrictEqual(a.getJobs().map((j) => j.id).sort(), [SEED_ID, '4150868000005391111'].sort());
    assert.strictEqual(a.getJobs().find((j) => j.id === SEED_ID)?.status, 'in-progress');
    await waitFor('the old value to be retired', () => a.internals.globalState.get(STATE_KEY) === undefined);
    assert.deepStrictEqual(fs.readdirSync(jobsDir).sort(), [`${SEED_ID}.json`, '4150868000005391111.json'].sort());
    await a.internals.restart();
    assert.deepStrictEqual(a.getJobs().map((j) => j.id).sort(), [SEED_ID, '4150868000005391111'].sort());
  });

  it('loads what can be read; unreadable files are moved aside (a newer version\'s left alone), never deleted or written over', async () => {
    await vscode.commands.executeCommand('zohoBulkJobs.addJob', SEED_ID);
    await a.internals.restart();
    const good = fs.readFileSync(path.join(jobsDir, `${SEED_ID}.json`), 'utf8');
    const bad: Record<string, string> = {
      '4150868000005390001.json': good.slice(0, good.length / 2), // truncated
      '4150868000005390002.json': 'garbage',
      '4150868000005390003.json': JSON.stringify({ version: FILE_VERSION, job: { id: '4150868000005390003', kind: 'delete' } }),
    };
    const future = JSON.stringify({ version: FILE_VERSION + 1, job: { id: '4150868000005390004', kind: 'write', addedAt: 1 } });
    const futureFile = path.join(jobsDir, '4150868000005390004.json');
    try {
      await a.internals.restart(async () => {
        for (const [name, text] of Object.entries(bad)) fs.writeFileSync(path.join(jobsDir, name), text);
        fs.writeFileSync(futureFile, future);
      });
      assert.deepStrictEqual(a.getJobs().map((j) => j.id), [SEED_ID]);
      assert.strictEqual(a.getJobs()[0].status, 'in-progress');
      for (const [name, text] of Object.entries(bad)) assert.strictEqual(fs.readFileSync(path.join(jobsDir, UNREADABLE_DIR, name), 'utf8'), text);
      assert.strictEqual(fs.readFileSync(futureFile, 'utf8'), future);
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('zohoBulkJobs.addJob', '4150868000005390004')), /could not be saved/);
      assert.strictEqual(fs.readFileSync(futureFile, 'utf8'), future, 'not written over');
      await a.internals.restart();
      assert.deepStrictEqual(a.getJobs().map((j) => j.id), [SEED_ID]);
    } finally {
      fs.rmSync(futureFile, { force: true });
      fs.rmSync(path.join(jobsDir, UNREADABLE_DIR), { recursive: true, force: true });
    }
  });
});
