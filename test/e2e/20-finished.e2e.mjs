// A job that finishes while you watch: a Contacts upsert the simulator completes ~6 s after it is
// created → the row turns Completed by itself (the extension's own polling, every 10 s) → a
// notification with the counts and Download Result / Show / Open JSON (the bell gets its dot; this
// harness shows no toasts, see ui.mjs, so it is read and clicked in the Notifications center) →
// "Open JSON" opens <id>.json showing "status": "COMPLETED" → typing into it changes nothing
// (read-only) → screenshot.
import assert from 'node:assert/strict';
import {
  activeEditorText, activeTabName, addJob, bellHasDot, clearNotifications, ensureSignedIn,
  hideNotificationCenter, jobRow, notification, notificationButtons, notificationMessage, rowText,
  sidebar, statusItem, treeLines, waitUntil,
} from './ui.mjs';

export default async function finished({ page, sim, shot, log }) {
  const view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);

  const id = sim.addWriteJob({
    module: 'Contacts', operation: 'upsert', total: 120, added: 100, updated: 17, skipped: 3,
    schedule: { inProgressAfterMs: 1000, doneAfterMs: 6000 },
  });
  const started = Date.now();
  await addJob(page, id);
  const row = jobRow(view, 'Contacts · upsert');
  await row.waitFor({ timeout: 15000 });
  const first = await rowText(row);
  assert.match(first, /Added|Queued|In progress/, `a new job starts unfinished, saw: ${first}`);
  log(`    ✓ added ${id}: ${first}`);

  // nobody clicks Refresh: the extension must notice by itself
  const done = await waitUntil(async () => { const t = await rowText(row); return /Completed/.test(t) && t; },
    { timeout: 40000, what: 'the Contacts row to turn Completed by polling' });
  log(`    ✓ row turned Completed by itself after ${((Date.now() - started) / 1000).toFixed(1)} s: ${done}`);

  await waitUntil(() => bellHasDot(page), { timeout: 5000, what: 'the status-bar bell to show a new notification' });
  const n = await notification(page, 'Contacts · upsert finished', 5000);
  const message = await notificationMessage(n);
  assert.equal(message, 'Contacts · upsert finished: 100 added, 17 updated, 3 skipped, of 120.');
  const buttons = await notificationButtons(n);
  assert.deepEqual(buttons, ['Download Result', 'Show', 'Open JSON'], `notification actions, saw: ${buttons.join(', ')}`);
  log(`    ✓ notification: "${message}" [${buttons.join(' | ')}]`);

  await n.locator('.monaco-button', { hasText: 'Open JSON' }).click();
  await hideNotificationCenter(page);
  await waitUntil(async () => (await activeTabName(page)) === `${id}.json`, { what: `the tab ${id}.json`, timeout: 10000 });
  const editor = page.locator('.part.editor .monaco-editor').filter({ visible: true }).first();
  await waitUntil(async () => (await activeEditorText(page)).includes('"status": "COMPLETED"'), { what: '"status": "COMPLETED" in the JSON', timeout: 10000 });
  const before = await activeEditorText(page);
  log(`    ✓ editor tab ${await activeTabName(page)} shows "status": "COMPLETED"`);

  // read-only: type at the end of the first line, press Enter and Backspace
  await editor.locator('.view-line').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type('XYZ typed');
  const notice = await waitUntil(async () => (await page.locator('.monaco-editor-overlaymessage').filter({ visible: true }).first().innerText({ timeout: 500 }).catch(() => '')).trim(),
    { timeout: 3000, what: 'the editor to say it is read-only' });
  assert.match(notice, /read-only/i);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Backspace');
  await page.waitForTimeout(500);
  const after = await activeEditorText(page);
  assert.equal(after, before, 'typing into the read-only JSON changed its text');
  assert.ok(!after.includes('XYZ'), 'typed text appeared');
  const dirty = await page.locator('.part.editor .tabs-container .tab.active.dirty').count();
  assert.equal(dirty, 0, 'the JSON tab is marked dirty');
  log(`    ✓ typing changed nothing; the editor says "${notice}"`);

  const status = (await statusItem(page).innerText()).trim();
  log(`    status bar: ${status}`);
  log(`    tree: ${(await treeLines(view)).join(' | ')}`);
  await shot('e2e-finished.png');
}
