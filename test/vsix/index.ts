// extensionTestsPath for the .vsix check: VS Code was started WITHOUT the development copy; the
// extension comes from the installed .vsix. It must be there, activate, and register its commands.
import * as assert from 'assert';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  console.log('@@TESTS-BEGIN');
  let failed = 0;
  const check = async (name: string, fn: () => Promise<void> | void) => {
    try { await fn(); console.log(`  ✔ ${name}`); } catch (e) { failed++; console.log(`  ✖ ${name}: ${e instanceof Error ? e.message : String(e)}`); }
  };
  const ext = vscode.extensions.getExtension<{ getJobs(): unknown[] }>('zoho-bulk-jobs.zoho-bulk-jobs');
  await check('the installed extension is present (not the development copy)', () => {
    assert.ok(ext, 'not installed');
    assert.ok(!ext.extensionPath.startsWith(process.env.ZBJ_REPO_ROOT ?? '/nonexistent'), `loaded from ${ext.extensionPath}`);
  });
  await check('it activates and returns the scripting API', async () => {
    const api = await ext!.activate();
    assert.deepStrictEqual(api.getJobs(), []);
  });
  await check('its exports are the public API alone: nothing that reaches the session or a secret', async () => {
    const api = await ext!.activate() as unknown as Record<string, unknown>;
    assert.deepStrictEqual(Object.getOwnPropertyNames(api), ['getJobs']);
    assert.strictEqual(typeof api.getJobs, 'function');
    assert.ok(Object.isFrozen(api), 'the exports cannot be changed by another extension');
    assert.strictEqual(Object.getPrototypeOf(api), Object.prototype);
    assert.strictEqual((api as { internals?: unknown }).internals, undefined);
  });
  await check('its commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['zohoBulkJobs.signIn', 'zohoBulkJobs.addJob', 'zohoBulkJobs.refresh', 'zohoBulkJobs.openJson', 'zohoBulkJobs.downloadResult']) assert.ok(all.includes(c), c);
  });
  console.log(`${4 - failed} passed, ${failed} failed`);
  console.log('@@TESTS-END');
  if (failed) throw new Error(`${failed} checks failed`);
}
