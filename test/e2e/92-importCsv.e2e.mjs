// Import a CSV from the Explorer (code-server + Chromium): right-click leads-demo.csv → "Import
// CSV into Zoho CRM…" → module Leads → Insert → the mapping review (accepted with Enter) → the
// job appears in the view; the simulator's clock moves on → Completed → Download Result → the
// result row names the skipped rows' errors. Screenshot (media/import.png with UPDATE_SCREENSHOT=1).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  answer, clearNotifications, contextMenu, ensureSignedIn, expand, palette, removeDownloadedResults, rowAfter, rowText, sidebar, treeLines, waitUntil,
} from './ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function importCsv({ page, sim, shot, log }) {
  let view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);
  const writesBefore = sim.requests.filter((r) => r.method === 'POST' && /\/crm\/bulk\/v\d[.\d]*\/write$/.test(r.path)).length;

  // the Explorer: right-click the demo CSV
  await palette(page, 'View: Show Explorer');
  const explorer = page.locator('.explorer-folders-view');
  const file = explorer.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: 'leads-demo.csv' }) }).first();
  await file.waitFor({ timeout: 20000 });
  await contextMenu(page, file, 'Import CSV into Zoho CRM…');

  await answer(page, '2/5', 'Leads');
  await answer(page, '3/5', 'Insert');
  // the review lists Column → Field, the accept item first
  const review = page.locator('.quick-input-widget').filter({ visible: true });
  await review.locator('.quick-input-title', { hasText: '5/5' }).waitFor({ timeout: 20000 });
  const items = (await review.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.ok(items.some((t) => t.includes('Import with this mapping')), items.join(' | '));
  assert.ok(items.some((t) => t.includes('Last Name → Last_Name')), items.join(' | '));
  log(`    review: ${items.slice(0, 4).join(' | ')} …`);
  await page.keyboard.press('Enter');

  await waitUntil(() => sim.requests.filter((r) => r.method === 'POST' && /\/write$/.test(r.path)).length > writesBefore, { timeout: 30000, what: 'the bulk write job to be created' });
  log('    ✓ job created at the simulator');

  // finished: move the simulator's clock, refresh, and find the completed import
  sim.advance(6 * 3600_000);
  view = await sidebar(page);
  await palette(page, 'Zoho Bulk Jobs: Refresh All');
  const row = view.locator('.monaco-list-row[aria-level="1"]', { hasText: 'Leads · insert' }).filter({ hasText: 'Completed' }).first();
  await row.waitFor({ timeout: 30000 });
  await expand(row);
  await contextMenu(page, row, 'Download Result');
  await waitUntil(async () => /^Result/.test(await rowText(await rowAfter(view, row))), { timeout: 30000, what: 'the Result row' });
  const result = await rowText(await rowAfter(view, row));
  assert.match(result, /35 added · 5 skipped/);
  assert.match(result, /MANDATORY_NOT_FOUND|INVALID_DATA|DUPLICATE_DATA/);
  log(`    ✓ ${result}`);
  log(`    tree: ${(await treeLines(view)).join(' | ')}`);
  await clearNotifications(page);
  // no palette, hover or focus ring in the picture
  await palette(page, 'View: Focus Active Editor Group');
  await page.mouse.move(300, 860);
  await page.waitForTimeout(800);
  await shot('e2e-import.png');
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'media'), { recursive: true });
    fs.copyFileSync(path.join(root, 'test-results', 'e2e-import.png'), path.join(root, 'media', 'import.png'));
    log('    ✓ media/import.png updated');
  }
  const removed = removeDownloadedResults(sim);
  if (removed.length) log(`    (removed ${removed.length} downloaded result folder${removed.length === 1 ? '' : 's'})`);
}
