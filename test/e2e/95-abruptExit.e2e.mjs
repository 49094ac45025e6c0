// Jobs survive an abrupt exit: add three jobs from the palette and kill the extension host with
// SIGKILL (no deactivate, nothing flushed) at the very moment the simulator receives the third
// job's first request, before it is answered; reload the page so VS Code starts a new extension
// host → the three jobs, and every job tracked before, are in the tree. The contract is that a job
// is saved before its command goes on to fetch it, so the check does not depend on timing: when
// each job's first request arrives (checked synchronously, in this process, which runs the
// simulator), its file must already be on disk. Runs last: it restarts the extension host under
// the files before it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addJob, ensureSignedIn, jobRow, sidebar, treeLines, waitUntil } from './ui.mjs';

// ids the simulator does not know (each is looked up as a write job first)
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

/** The saved jobs folder of this run: the extension's global storage under code-server's --user-data-dir. */
function savedJobsDir(host) {
  const args = pgrep('-f', `bind-addr ${host}`).map((pid) => cmdline(pid).split(' '));
  const at = args.find((a) => a.includes('--user-data-dir'));
  assert.ok(at, `code-server at ${host} with --user-data-dir`);
  const globalStorage = path.join(at[at.indexOf('--user-data-dir') + 1], 'User', 'globalStorage');
  const dir = path.join(globalStorage, 'zoho-bulk-jobs.zoho-bulk-jobs', 'jobs');
  assert.ok(fs.existsSync(dir), `the saved jobs folder ${dir} exists (earlier files added jobs); globalStorage holds: ${fs.existsSync(globalStorage) ? fs.readdirSync(globalStorage).join(', ') : 'nothing'}`);
  return dir;
}

export default async function abruptExit({ page, host, sim, shot, log }) {
  let view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  const before = (await treeLines(view)).filter((l) => !l.startsWith(' '));
  const jobsDir = savedJobsDir(host);
  const hosts = extensionHosts(host);
  assert.equal(hosts.length, 1, `one extension host under code-server at ${host}, found ${hosts.join(', ') || 'none'}`);

  // Each job's first request, as the simulator receives it (synchronously, before it answers):
  // whether the job's file was on disk then; the third one kills the extension host on the spot.
  const onDiskAtFetch = new Map();
  const requests = sim.requests;
  requests.push = function push(...records) {
    for (const r of records) {
      const id = IDS.find((x) => r.path.includes(x));
      if (id === undefined || onDiskAtFetch.has(id)) continue;
      onDiskAtFetch.set(id, fs.existsSync(path.join(jobsDir, `${id}.json`)));
      if (onDiskAtFetch.size === IDS.length) process.kill(hosts[0], 'SIGKILL');
    }
    return Array.prototype.push.apply(this, records);
  };
  try {
    for (const id of IDS) {
      await addJob(page, id);
      await waitUntil(() => onDiskAtFetch.has(id), { every: 20, what: `the first request for job ${id}` });
    }
  } finally {
    delete requests.push;
  }
  await waitUntil(() => { try { process.kill(hosts[0], 0); return false; } catch { return true; } }, { timeout: 5000, what: 'the extension host to die' });
  for (const id of IDS) assert.ok(onDiskAtFetch.get(id), `job ${id} was saved before it was fetched (its file was on disk when its request arrived)`);
  log(`    ✓ each job's file was on disk when its first request arrived; killed extension host ${hosts[0]} (SIGKILL) as the third arrived, unanswered`);

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
