// The README's screenshot (test-results/e2e-readme.png; with UPDATE_SCREENSHOT=1 also media/screenshot.png): the view, widened, with jobs in different
// states — in progress with its field mappings, completed with its downloaded result, failed, and
// one that could not be loaded — next to the finished job's JSON, with the status-bar item. Tops up
// whatever earlier files left, checks the tree really shows all of it, then copies the PNG.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  activeEditorText, activeTabName, addJob, clearNotifications, contextMenu, ensureSignedIn, expand, jobRow, palette,
  removeDownloadedResults, rowAfter, rowText, sidebar, statusItem, treeLines, waitUntil,
} from './ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED = '4150868000005392002';
const UNKNOWN = '415086800000539200';
const SIDEBAR_WIDTH = 620;
const SHOT_VIEWPORT = { width: 1280, height: 800 };
const RUN_VIEWPORT = { width: 1400, height: 900 }; // scripts/run-vscode.mjs

export default async function readmeScreenshot({ page, sim, shot, log }) {
  try {
    await picture({ page, sim, shot, log });
  } finally {
    // leave the workbench as the next file would expect it, and the fixture workspace as it was
    await page.setViewportSize(RUN_VIEWPORT).catch(() => undefined);
    if (await page.locator('.part.editor .minimap').count().catch(() => 1) === 0) await palette(page, 'View: Toggle Minimap').catch(() => undefined);
    const removed = removeDownloadedResults(sim);
    if (removed.length) log(`    (removed ${removed.length} downloaded result folder${removed.length === 1 ? '' : 's'} from the workspace)`);
  }
}

async function picture({ page, sim, shot, log }) {
  const view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);

  // the jobs: whatever is missing is added (each file may run alone)
  const ensure = async (label, add) => {
    if (await jobRow(view, label).isVisible().catch(() => false)) return;
    await add();
    await jobRow(view, label).waitFor({ timeout: 15000 });
    log(`    (added ${label})`);
  };
  await ensure('Leads · insert', () => addJob(page, SEED));
  await ensure('Contacts · upsert', async () => {
    const id = sim.addWriteJob({ module: 'Contacts', operation: 'upsert', total: 120, added: 100, updated: 17, skipped: 3 });
    sim.setStatus(id, 'COMPLETED');
    await addJob(page, id);
  });
  await ensure('Accounts · update', async () => {
    const id = sim.addWriteJob({ module: 'Accounts', operation: 'update', total: 2400, updated: 1830, skipped: 12, createdAgoMs: 40 * 60_000 });
    sim.setStatus(id, 'FAILED');
    await addJob(page, id);
  });
  await ensure(UNKNOWN, () => addJob(page, UNKNOWN));
  await clearNotifications(page); // the unknown id's error, "Signed in …"

  // the completed job shows its result (downloaded by 30-result, or now)
  const contacts = jobRow(view, 'Contacts · upsert');
  await expand(contacts);
  if (!/^Result/.test(await rowText(await rowAfter(view, contacts)))) {
    await contextMenu(page, contacts, 'Download Result');
    await waitUntil(async () => /^Result/.test(await rowText(await rowAfter(view, contacts))), { timeout: 30000, what: 'the Result row' });
    log('    (downloaded the Contacts result)');
  }

  // expand: Leads → its resource → mappings; the failed and unloaded jobs → their details
  const leads = jobRow(view, 'Leads · insert');
  await expand(leads);
  await expand(await rowAfter(view, leads));
  await expand(jobRow(view, 'Accounts · update'));
  await expand(jobRow(view, UNKNOWN));

  // beside the view, the finished job's JSON, opened with the row's inline "Open JSON" action
  await palette(page, 'View: Close All Editors');
  await contacts.hover();
  await contacts.locator('.action-label[aria-label^="Open JSON"]').click();
  await waitUntil(async () => /^\d+\.json$/.test(await activeTabName(page)), { timeout: 10000, what: 'the job JSON tab' });
  await waitUntil(async () => (await activeEditorText(page)).includes('"status": "COMPLETED"'), { timeout: 10000, what: 'the JSON text' });
  log(`    ✓ inline Open JSON → ${await activeTabName(page)}`);

  // a README-sized window (less CSV text keeps the PNG small), no minimap, and a wider view:
  // drag the sash between the side bar and the editor
  await page.setViewportSize(SHOT_VIEWPORT);
  await palette(page, 'View: Toggle Minimap');
  await page.locator('.part.editor .minimap').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  const bar = page.locator('.part.sidebar').first();
  await waitUntil(async () => (await bar.boundingBox())?.height < SHOT_VIEWPORT.height, { what: 'the workbench to relayout' });
  const box = await bar.boundingBox();
  const sash = page.locator('.monaco-sash.vertical').filter({ visible: true });
  let dragged = false;
  for (let i = 0; i < await sash.count() && !dragged; i++) {
    const b = await sash.nth(i).boundingBox();
    if (!b || Math.abs(b.x + b.width / 2 - (box.x + box.width)) > 6) continue;
    const y = b.y + b.height / 2;
    await page.mouse.move(b.x + b.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + SIDEBAR_WIDTH - 40, y, { steps: 8 });
    await page.mouse.move(box.x + SIDEBAR_WIDTH, y, { steps: 4 });
    await page.mouse.up();
    dragged = true;
  }
  assert.ok(dragged, 'found the side bar sash');
  const width = (await bar.boundingBox()).width;
  assert.ok(Math.abs(width - SIDEBAR_WIDTH) < 20, `side bar is ${width}px wide after the drag`);
  log(`    ✓ side bar widened to ${Math.round(width)} px (window ${SHOT_VIEWPORT.width}×${SHOT_VIEWPORT.height})`);

  // the finished job selected: its inline actions show (Download Result, Refresh, Open JSON); a
  // click on a row also toggles it, so expand it again
  await contacts.click({ position: { x: 200, y: 10 } });
  await expand(contacts);
  await waitUntil(async () => (await contacts.getAttribute('aria-selected')) === 'true', { what: 'the Contacts job to be selected' });

  // what the picture must show
  const lines = await treeLines(view);
  const has = (re, what) => assert.ok(lines.some((l) => re.test(l)), `${what}; tree: ${lines.join(' | ')}`);
  has(/^Leads · insert — In progress/, 'an in-progress job');
  has(/^\s+Last_Name ← column 0$/, 'its field mappings');
  has(/^Contacts · upsert — Completed/, 'a completed job');
  has(/^\s+Result — 100 added · 17 updated · 3 skipped/, 'its result');
  has(/^Accounts · update — Failed/, 'a failed job');
  has(/^\s+Zoho has no bulk .* — RESOURCE_NOT_FOUND/, 'an error in plain words');
  // …and all of it inside the view, not scrolled away
  const viewBox = await view.boundingBox();
  const last = view.locator('.monaco-list-row').filter({ visible: true }).last();
  const lastBox = await last.boundingBox();
  assert.ok(lastBox.y + lastBox.height <= viewBox.y + viewBox.height, 'every row fits in the view');
  const status = (await statusItem(page).innerText()).replace(/\s+/g, ' ').trim();
  assert.match(status, /1 running/);
  assert.match(status, /2 failed/);
  assert.ok(await statusItem(page).isVisible(), 'status-bar item visible');
  log(`    ✓ tree shows every state (${lines.length} rows); status bar: ${status}`);

  // focus in the editor and the mouse on an empty part of the view: no hover, no focus ring
  await palette(page, 'View: Focus Active Editor Group');
  await page.mouse.move(300, SHOT_VIEWPORT.height - 120); // empty part of the view: no hover, no scrollbars
  await page.waitForTimeout(800);
  await shot('e2e-readme.png');
  const src = path.join(root, 'test-results', 'e2e-readme.png');
  const size = fs.statSync(src).size;
  assert.ok(size < 200 * 1024, `screenshot is ${Math.round(size / 1024)} KB`);
  // the committed README image changes only on request, so a test run leaves the work tree clean
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'media'), { recursive: true });
    fs.copyFileSync(src, path.join(root, 'media', 'screenshot.png'));
    log(`    ✓ media/screenshot.png updated (${Math.round(size / 1024)} KB)`);
  } else {
    log(`    ✓ ${path.relative(root, src)} (${Math.round(size / 1024)} KB; UPDATE_SCREENSHOT=1 copies it to media/)`);
  }
}
