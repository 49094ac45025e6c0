// Jobs survive an abrupt exit: add three jobs from the palette, and as soon as each has been
// answered, kill the extension host with SIGKILL (no deactivate, nothing flushed); reload the
// page so VS Code starts a new extension host → the three jobs, and every job tracked before, are
// in the tree. Runs last: it restarts the extension host under the files before it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { addJob, ensureSignedIn, jobRow, rowText, sidebar, treeLines, waitUntil } from './ui.mjs';

// ids the simulator does not know: each row settles on "Not loaded" once Zoho has answered
const IDS = ['4150868000005398801', '4150868000005398802', '4150868000005398803'];

const cmdline = (pid) => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '); } catch { return ''; } };
const pgrep = (...args) => { try { return execFileSync('pgrep', args, { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number); } catch { return []; } };

/** The extension host processes of this run's code-server (the one listening on `host`), found through its process tree. */
function extensionHosts(host) {
  const seen = new Set();
  const todo = pgrep('-f', `bind-addr ${host}`);
  while (todo.length) {
    const pid = todo.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    todo.push(...pgrep('-P', String(pid)));
  }
  return [...seen].filter((pid) => cmdline(pid).includes('--type=extensionHost'));
}

export default async function abruptExit({ page, host, sim, shot, log }) {
  let view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  const before = (await treeLines(view)).filter((l) => !l.startsWith(' '));

  for (const id of IDS) {
    await addJob(page, id);
    // "Not loaded": Zoho answered, so the job was written before its fetch was sent
    await waitUntil(async () => /Not loaded/.test(await rowText(jobRow(view, id))), { what: `job ${id} to be answered` });
  }
  const hosts = extensionHosts(host);
  assert.equal(hosts.length, 1, `one extension host under code-server at ${host}, found ${hosts.join(', ') || 'none'}`);
  process.kill(hosts[0], 'SIGKILL');
  await waitUntil(() => { try { process.kill(hosts[0], 0); return false; } catch { return true; } }, { timeout: 5000, what: 'the extension host to die' });
  log(`    ✓ killed extension host ${hosts[0]} (SIGKILL) right after adding ${IDS.length} jobs`);

  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  view = await sidebar(page);
  for (const id of IDS) await jobRow(view, id).waitFor({ timeout: 30000 });
  const after = (await treeLines(view)).filter((l) => !l.startsWith(' '));
  const newHosts = extensionHosts(host);
  assert.ok(newHosts.length > 0 && !newHosts.includes(hosts[0]), `a new extension host runs (${newHosts.join(', ')})`);
  for (const id of IDS) assert.ok(after.some((l) => l.includes(id)), `job ${id} is back; tree: ${after.join(' | ')}`);
  for (const line of before) {
    const label = line.split(' — ')[0];
    assert.ok(after.some((l) => l.startsWith(label)), `"${label}", tracked before, is still there; tree: ${after.join(' | ')}`);
  }
  log(`    ✓ after the restart: ${after.join(' | ')}`);
  await shot('e2e-abrupt-exit.png');
}
