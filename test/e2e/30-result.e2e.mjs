// Download Result from the job's context menu: a progress notification, then the result CSV opens in an
// editor (Contacts-….csv) and the job gets a "Result" row summarising it (100 added · 17 updated ·
// 3 skipped · the error codes) → screenshot. Uses the finished Contacts upsert 20-finished left;
// when run alone it makes one (completed at once) itself.
import assert from 'node:assert/strict';
import {
  activeEditorText, activeTabName, addJob, clearNotifications, contextMenu, ensureSignedIn, expand,
  jobRow, rowAfter, rowText, sidebar, treeLines, waitUntil,
} from './ui.mjs';

export default async function result({ page, sim, shot, log }) {
  const view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);

  let row = jobRow(view, 'Contacts · upsert');
  if (!(await row.isVisible().catch(() => false)) || !/Completed/.test(await rowText(row))) {
    const id = sim.addWriteJob({ module: 'Contacts', operation: 'upsert', total: 120, added: 100, updated: 17, skipped: 3 });
    sim.setStatus(id, 'COMPLETED');
    await addJob(page, id);
    row = view.locator('.monaco-list-row[aria-level="1"]', { hasText: 'Contacts · upsert' }).filter({ hasText: 'Completed' }).first();
    await row.waitFor({ timeout: 15000 });
    log(`    (no finished Contacts job left by 20-finished: added ${id}, completed)`);
  }
  assert.match(await rowText(row), /Completed/);

  await contextMenu(page, row, 'Download Result');
  log('    ✓ context menu → Download Result');
  const tab = await waitUntil(async () => { const n = await activeTabName(page); return /^Contacts-.*\.csv$/.test(n) && n; },
    { timeout: 30000, what: 'the result CSV to open in an editor (Contacts-….csv)' });
  const csv = await waitUntil(async () => { const t = await activeEditorText(page); return /STATUS,RECORD_ID,ERRORS/.test(t) && t; },
    { timeout: 10000, what: 'the CSV header in the editor' });
  const lines = csv.split('\n').filter(Boolean);
  assert.ok(lines.length > 5, `the CSV shows rows, saw ${lines.length} lines`);
  assert.ok(lines.slice(1).some((l) => /ADDED|UPDATED|SKIPPED/.test(l)), 'rows carry a STATUS');
  log(`    ✓ editor tab ${tab}: ${lines[0]} (+${lines.length - 1} visible rows)`);

  await expand(row);
  // the Result row belongs to this job: it is the row right after it, one level down
  const text = await waitUntil(async () => { const t = await rowText(await rowAfter(view, row)); return /^Result/.test(t) && t; },
    { timeout: 15000, what: 'a Result row under the Contacts job' });
  assert.equal(await (await rowAfter(view, row)).getAttribute('aria-level'), '2');
  assert.match(text, /^Result — 100 added · 17 updated · 3 skipped · /, `result summary, saw: ${text}`);
  log(`    ✓ tree: ${text}`);
  // expanded by default: one child per status, then the error codes
  await waitUntil(async () => (await treeLines(view)).some((l) => l.trim() === '100 added'), { timeout: 10000, what: 'the "100 added" result detail' });
  const details = (await treeLines(view)).filter((l) => /^\s{4}/.test(l) && /^\s*(\d+ (added|updated|skipped)|[A-Z_]+ (\(.*\) )?— ×\d+)$/.test(l));
  assert.ok(details.some((l) => l.trim() === '17 updated') && details.some((l) => l.trim() === '3 skipped'), `status details, saw: ${details.join(' | ')}`);
  log(`    ✓ result details: ${details.map((l) => l.trim()).join(' | ')}`);
  await shot('e2e-result.png');
}
