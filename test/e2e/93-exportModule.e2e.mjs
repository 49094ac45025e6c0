// Export a module from the UI alone (code-server + Chromium): the view's "..." menu → "Export
// Module…" → Contacts → every field picked by default; untick all, tick Last_Name, Email and Phone →
// the criteria builder: Lead_Source → equal → (Enter on an empty value asks again) "Web Download" →
// Done → First page. The confirmation names what was asked; the job appears in the tree; the
// simulator's clock moves on → Completed → Download Result opens a CSV whose columns are id and
// the three fields. Leaves the finished export in the tree (later files cope with any state).
// A job row is selected by earlier files: the "..." menu then passes it to the command (it must
// still prompt). Expects no other Contacts export in the tree (true in an e2e run).
import assert from 'node:assert/strict';
import {
  activeEditorText, activeTabName, clearNotifications, contextMenu, ensureSignedIn, expand, hideNotificationCenter,
  menuEntry, notification, notificationMessage, palette, removeDownloadedResults, sidebar, treeLines, waitUntil,
} from './ui.mjs';

const FIELDS = ['Last_Name', 'Email', 'Phone'];
const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

/** The simulator's read jobs, through its control API (works in-process and against `npm run demo`). */
async function readJobIds(sim) {
  const r = await fetch(`${sim.url}/__sim/jobs`);
  return (await r.json()).jobs.filter((j) => j.kind === 'read').map((j) => j.id);
}

const widget = (page) => page.locator('.quick-input-widget').filter({ visible: true });

/** Waits for the quick input whose title contains `step`; returns the widget. */
async function step(page, title) {
  const w = widget(page);
  await w.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 20000 });
  return w;
}

/** Waits for the step, types `text` (if any) into its filter, checks the highlighted item, presses Enter. */
async function answer(page, title, text, expectActive) {
  const w = await step(page, title);
  if (text !== undefined) await w.locator('input').fill(text);
  await page.waitForTimeout(200);
  if (expectActive) {
    const active = await waitUntil(async () => norm(await w.locator('.quick-input-list .monaco-list-row.focused').first().innerText({ timeout: 1000 })),
      { timeout: 5000, what: `a highlighted item in "${title}"` });
    assert.match(active, expectActive, `highlighted item in "${title}"`);
  }
  await page.keyboard.press('Enter');
}

const count = async (w, cls) => Number((/(\d+)/.exec(await w.locator(cls).innerText()) ?? [])[1]);

export default async function exportModule({ page, sim, shot, log }) {
  let view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);
  const before = new Set(await readJobIds(sim));

  // the view's "..." menu (the container's title bar when the view is alone in it)
  const more = page.locator('.part.sidebar .action-label[aria-label="Views and More Actions..."], .part.sidebar .action-label[aria-label="More Actions..."]')
    .filter({ visible: true }).first();
  await more.click();
  await menuEntry(page, 'Export Module…');
  log('    ✓ "..." menu → Export Module…');
  await page.waitForTimeout(1000);
  await shot('e2e-export-started.png');
  if (!(await step(page, '(1/4): module').then(() => true, () => false))) {
    // no module step: say why (an error notification, a menu left open, another quick input)
    const menuOpen = await page.locator('.context-view .monaco-menu').count();
    const title = await widget(page).locator('.quick-input-title').innerText().catch(() => '(no quick input)');
    await palette(page, 'Notifications: Show Notifications');
    await page.waitForTimeout(1000);
    const notes = (await page.locator('.notifications-center .monaco-list-row').allInnerTexts()).map(norm);
    throw new Error(`the module step did not open; menu open: ${menuOpen}; quick input: ${title}; notifications: ${notes.join(' || ') || 'none'}`);
  }

  await answer(page, '(1/4): module', 'Contacts', /^Contacts/);

  // fields: every one picked by default; untick all, then tick three
  const fields = await step(page, '(2/4): fields of Contacts');
  await waitUntil(async () => (await count(fields, '.quick-input-visible-count')) > 10, { what: 'the Contacts fields to list' });
  const total = await count(fields, '.quick-input-visible-count');
  assert.equal(await count(fields, '.quick-input-count'), total, 'every field is picked by default');
  await fields.locator('[aria-label="Toggle all checkboxes"]').click();
  await waitUntil(async () => (await count(fields, '.quick-input-count').catch(() => 0)) === 0 || !(await fields.locator('.quick-input-count').isVisible()),
    { timeout: 5000, what: 'every field to be unticked' });
  // tick each field through the filter; a click can land while the filtered list re-renders, so check
  // every field again until all three are ticked and the count says so
  const tick = async (name) => {
    await fields.locator('input').fill(name);
    const label = name.replace(/_/g, ' ');
    const row = fields.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
    if ((await row.getAttribute('aria-checked')) !== 'true') await row.click();
    await waitUntil(async () => (await row.getAttribute('aria-checked')) === 'true', { timeout: 5000, what: `${name} to be ticked` });
  };
  for (let round = 0; ; round++) {
    for (const name of FIELDS) await tick(name);
    const settled = await waitUntil(async () => (await count(fields, '.quick-input-count')) === FIELDS.length, { timeout: 3000, what: 'the count' }).then(() => true, () => false);
    if (settled) break;
    if (round === 2) assert.equal(await count(fields, '.quick-input-count'), FIELDS.length, 'three fields picked');
  }
  log(`    ✓ fields: ${total} picked by default → ${FIELDS.join(', ')}`);
  await page.keyboard.press('Enter');

  // criteria through the builder: field → comparator → value
  await answer(page, '(3/4): which records', 'Build criteria', /^Build criteria/);
  await answer(page, 'condition 1, field', 'Lead_Source', /^Lead Source/);
  await answer(page, 'condition 1, Lead_Source (picklist) is', 'equal', /^equal$/);
  const value = await step(page, 'condition 1, Lead_Source equal');
  await page.keyboard.press('Enter'); // nothing typed: asked again, not the whole export dropped
  await waitUntil(async () => /A value is needed/.test(await value.locator('.quick-input-message').innerText().catch(() => '')),
    { timeout: 10000, what: 'the value step to ask again after an empty Enter' });
  await answer(page, 'condition 1, Lead_Source equal', 'Web Download');
  await answer(page, '(3/4): 1 condition', undefined, /^Done/);
  await answer(page, '(4/4): how many records', 'First page', /^First page/);
  log('    ✓ criteria: Lead_Source equal "Web Download" (an empty value was asked again); First page');

  const id = await waitUntil(async () => (await readJobIds(sim)).find((j) => !before.has(j)), { timeout: 30000, what: 'the bulk read job to be created' });
  log(`    ✓ job ${id} created at the simulator`);
  const told = await notificationMessage(await notification(page, `Export of Contacts started (job ${id})`));
  assert.ok(told.includes(`fields ${FIELDS.join(', ')} · where Lead_Source equal "Web Download" · first page`), told);
  log(`    ✓ ${told}`);
  await hideNotificationCenter(page);

  view = await sidebar(page);
  // the only Contacts export in an e2e run (the id check on the opened CSV catches another one)
  const row = view.locator('.monaco-list-row[aria-level="1"]', { hasText: 'Contacts · export' }).first();
  await row.waitFor({ timeout: 15000 });
  assert.doesNotMatch(norm(await row.innerText()), /Completed/, 'the new export is not finished before the clock moves');
  log(`    ✓ in the tree: ${norm(await row.innerText())}`);

  // finished: move the simulator's clock, refresh, and download
  await fetch(`${sim.url}/__sim/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 6 * 3600_000 }) });
  await palette(page, 'Zoho Bulk Jobs: Refresh All');
  const done = view.locator('.monaco-list-row[aria-level="1"]', { hasText: 'Contacts · export' }).filter({ hasText: 'Completed' }).first();
  await done.waitFor({ timeout: 30000 });
  await contextMenu(page, done, 'Download Result');
  // an earlier file's CSV may still be the active tab until this job's opens
  const tab = await waitUntil(async () => { const n = await activeTabName(page); return /\.csv$/i.test(n) && n.includes(id) && n; },
    { timeout: 30000, what: `the CSV of job ${id} to open in an editor` });
  const header = await waitUntil(async () => (await activeEditorText(page)).split('\n')[0].trim(), { timeout: 10000, what: 'the CSV header' });
  assert.deepEqual(header.split(',').map((c) => c.replace(/^"|"$/g, '')).sort(), ['id', ...FIELDS].sort(), `CSV columns, saw: ${header}`);
  log(`    ✓ Download Result opened ${tab}: ${header}`);
  await expand(done);
  await waitUntil(async () => (await treeLines(view)).some((l) => l.trim() === `Fields — ${FIELDS.join(', ')}`), { timeout: 15000, what: 'the Fields detail of the export' });
  log(`    ✓ tree: ${(await treeLines(view)).filter((l) => /^\s/.test(l) || /Contacts · export/.test(l)).slice(0, 8).join(' | ')}`);
  await shot('e2e-export.png');
  await clearNotifications(page);
  await palette(page, 'View: Close All Editors');
  if (Array.isArray(sim.requests)) {
    const removed = removeDownloadedResults(sim);
    if (removed.length) log(`    (removed ${removed.length} downloaded result folder${removed.length === 1 ? '' : 's'})`);
  }
}
