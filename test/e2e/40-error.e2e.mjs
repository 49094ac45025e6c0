// The error path: a job id Zoho does not know (415086800000539200, one digit short of the seed
// job's) → the job row appears with an error child in plain words and Zoho's code
// RESOURCE_NOT_FOUND, an error notification says it could not be loaded → the status bar counts it as
// failed → screenshot.
import assert from 'node:assert/strict';
import {
  addJob, bellHasDot, clearNotifications, ensureSignedIn, expand, hideNotificationCenter, jobRow,
  notification, rowAfter, notificationMessage, rowText, sidebar, statusItem, treeLines, waitUntil,
} from './ui.mjs';

const UNKNOWN = '415086800000539200';

export default async function errorPath({ page, sim, shot, log }) {
  const view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);

  await addJob(page, UNKNOWN);
  const row = jobRow(view, UNKNOWN);
  await row.waitFor({ timeout: 15000 });
  const jobText = await waitUntil(async () => { const t = await rowText(row); return /Not loaded/.test(t) && t; },
    { what: 'the unknown job row to say Not loaded' });
  log(`    ✓ job row: ${jobText}`);

  await waitUntil(() => bellHasDot(page), { timeout: 5000, what: 'the status-bar bell to show a new notification' });
  const n = await notification(page, `Added job ${UNKNOWN}, but it could not be loaded`);
  const message = await notificationMessage(n);
  assert.match(message, /Zoho has no bulk (write |read )?job/);
  assert.ok(await n.locator('.codicon-error').count(), 'shown as an error');
  log(`    ✓ error notification: ${message}`);

  await expand(row);
  const errText = await waitUntil(async () => { const s = await rowText(await rowAfter(view, row)); return /RESOURCE_NOT_FOUND/.test(s) && s; },
    { what: 'the error child with RESOURCE_NOT_FOUND' });
  assert.equal(await (await rowAfter(view, row)).getAttribute('aria-level'), '2');
  assert.match(errText, new RegExp(`^Zoho has no bulk (write |read )?job ${UNKNOWN}`), `plain-words error, saw: ${errText}`);
  assert.match(errText, /— RESOURCE_NOT_FOUND( · HTTP \d+)?$/);
  log(`    ✓ error row: ${errText}`);

  const status = await waitUntil(async () => { const s = (await statusItem(page).innerText()).replace(/\s+/g, ' ').trim(); return /\b1 failed\b/.test(s) && s; },
    { what: 'the status bar to show "1 failed"' });
  log(`    ✓ status bar: ${status}`);
  log(`    tree: ${(await treeLines(view)).join(' | ')}`);
  await shot('e2e-error.png'); // with the Notifications center still open on the error
  await hideNotificationCenter(page);
}
