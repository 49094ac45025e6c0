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
  await check('its commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['zohoBulkJobs.signIn', 'zohoBulkJobs.addJob', 'zohoBulkJobs.refresh', 'zohoBulkJobs.openJson', 'zohoBulkJobs.downloadResult']) assert.ok(all.includes(c), c);
  });
  console.log(`${3 - failed} passed, ${failed} failed`);
  console.log('@@TESTS-END');
  if (failed) throw new Error(`${failed} checks failed`);
}
