// Shared set-up for the in-host tests: the extension's API, a simulator in this process, and
// settings pointed at it (user settings of the test profile, never a real user's).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../../src/extension';
import { startSimulator, type Simulator } from '../sim/server';

export const EXT_ID = 'zoho-bulk-jobs.zoho-bulk-jobs';
export const SEED_ID = '4150868000005392002';
export const UNKNOWN_ID = '415086800000539200';

export async function api(): Promise<ZohoBulkJobsApi> {
  const ext = vscode.extensions.getExtension<ZohoBulkJobsApi>(EXT_ID);
  assert.ok(ext, `extension ${EXT_ID} is not installed in this host`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('zohoBulkJobs').update(key, value, vscode.ConfigurationTarget.Global);
}

/** A fresh simulator, the extension pointed at it, signed in with its token, and no jobs tracked. */
export async function freshSetup(opts: Parameters<typeof startSimulator>[0] = {}): Promise<{ sim: Simulator; api: ZohoBulkJobsApi }> {
  const sim = await startSimulator({ port: 0, token: 'it-token', ...opts });
  await setSetting('apiDomainOverride', sim.url);
  await setSetting('apiVersion', undefined);
  const a = await api();
  for (const j of a.getJobs()) await vscode.commands.executeCommand('zohoBulkJobs.removeJob', j.id);
  await vscode.commands.executeCommand('zohoBulkJobs.setAccessToken', sim.token);
  return { sim, api: a };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function rejects(p: Thenable<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(Promise.resolve(p), (e: Error) => {
    assert.match(e.message, pattern);
    return true;
  });
}
