// Two Zoho connections side by side, from the UI alone (code-server + Chromium), on two simulators
// (two ports, two tokens): the signed-in connection is renamed "Acme production" (Rename
// Connection…); the API domain setting is pointed at a second simulator in the Settings editor;
// "..." → Add Connection… (access token, US, sandbox, named "Acme sandbox"). The tree's top level
// is then the two connections, each with its jobs beneath (added with the connection row's own
// Add Job ID, inline and from its context menu); each simulator saw only its own token. Sign Out
// on the sandbox row → "signed out — sign in to refresh". Screenshot of the view
// (test-results/e2e-connections.png; with UPDATE_SCREENSHOT=1 also media/connections.png).
// Afterwards: the setting back, the sandbox connection removed (its modal confirmed), the first
// connection's name back: one connection, the tree as before.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  answer, clearNotifications, contextMenu, ensureSignedIn, expand, jobRow, menuEntry, palette, sidebar, statusItem, treeLines, waitUntil,
} from './ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED = '4150868000005392002'; // every simulator has it: Leads · insert, in progress for ever
const PROD = 'Acme production';
const SANDBOX = 'Acme sandbox';
const SIDEBAR_WIDTH = 620;
const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

const widget = (page) => page.locator('.quick-input-widget').filter({ visible: true });

/** Runs a palette command once it is offered (its `when` clause may wait for a context key the extension sets just after a sign-in). */
async function paletteOnceOffered(page, title, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const offered = await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 3000 }).then(() => true, () => false);
    if (offered) { await page.keyboard.press('Enter'); return; }
    await page.keyboard.press('Escape');
    if (Date.now() > end) throw new Error(`the command palette did not offer "${title}" within ${timeout} ms`);
    await page.waitForTimeout(500);
  }
}

/** This run's user settings file (code-server's --user-data-dir, found through its process). */
function userSettingsFile(host) {
  let pids = [];
  try { pids = execFileSync('pgrep', ['-f', `bind-addr ${host}`], { encoding: 'utf8' }).split('\n').filter(Boolean); } catch { /* none */ }
  for (const pid of pids) {
    let args = [];
    try { args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { continue; }
    const at = args.indexOf('--user-data-dir');
    if (at >= 0) return path.join(args[at + 1], 'User', 'settings.json');
  }
  throw new Error(`no code-server with --user-data-dir at ${host}`);
}

const savedOverride = (file) => { try { return JSON.parse(fs.readFileSync(file, 'utf8'))['zohoBulkJobs.apiDomainOverride']; } catch { return undefined; } };

/** Sets zohoBulkJobs.apiDomainOverride in the Settings editor, as a person would; waits until it is saved. */
async function setApiDomain(page, host, url) {
  const file = userSettingsFile(host);
  await palette(page, 'Preferences: Open Settings (UI)');
  const editor = page.locator('.settings-editor').filter({ visible: true }).first();
  await editor.waitFor({ timeout: 20000 });
  await editor.locator('.settings-header .monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('zohoBulkJobs.apiDomainOverride');
  const item = editor.locator('.setting-item-contents', { hasText: /Api Domain Override/i }).first();
  const input = item.locator('.setting-item-control input').first();
  await input.waitFor({ timeout: 15000 });
  await input.fill(url);
  await waitUntil(() => savedOverride(file) === url, { timeout: 15000, what: `the setting ${url} to be saved` });
  await palette(page, 'View: Close All Editors');
  await page.waitForTimeout(500); // the extension host hears of the change
}

/** The labels (and descriptions) of the rows right beneath the top-level row `name`, as "label — description". */
function beneath(lines, name) {
  const at = lines.findIndex((l) => l === name || l.startsWith(`${name} — `));
  if (at < 0) return undefined;
  const out = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith(' ')) break;
    if (/^ {2}\S/.test(l)) out.push(l.trim());
  }
  return out;
}
const topLevel = (lines) => lines.filter((l) => !l.startsWith(' ')).map((l) => l.split(' — ')[0]);

/** Toggles a top-level row to `expanded`. */
async function setExpanded(row, expanded) {
  if (((await row.getAttribute('aria-expanded')) === 'true') === expanded) return;
  await row.locator('.monaco-tl-twistie').click();
  await waitUntil(async () => ((await row.getAttribute('aria-expanded')) === 'true') === expanded, { timeout: 10000, what: 'the row to toggle' });
}

/** Drags the sash between the side bar and the editor so the side bar is `width` px wide; returns the width before. */
async function sideBarWidth(page, width) {
  const bar = page.locator('.part.sidebar').first();
  const box = await bar.boundingBox();
  const sash = page.locator('.monaco-sash.vertical').filter({ visible: true });
  for (let i = 0; i < await sash.count(); i++) {
    const b = await sash.nth(i).boundingBox();
    if (!b || Math.abs(b.x + b.width / 2 - (box.x + box.width)) > 6) continue;
    const y = b.y + b.height / 2;
    await page.mouse.move(b.x + b.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + width + (width > box.width ? -40 : 40), y, { steps: 8 });
    await page.mouse.move(box.x + width, y, { steps: 4 });
    await page.mouse.up();
    const now = (await bar.boundingBox()).width;
    assert.ok(Math.abs(now - width) < 20, `side bar is ${now}px wide after the drag, wanted ${width}`);
    return box.width;
  }
  throw new Error('found no sash beside the side bar');
}

export default async function connections({ page, host, sim, shot, log }) {
  const require = createRequire(import.meta.url);
  const { startSimulator } = require(path.join(root, 'dist/test/sim.js'));
  const b = await startSimulator({ port: 0, token: 'token-of-sandbox-b' });
  assert.notEqual(b.token, sim.token);
  const state = { originalName: undefined, widthBefore: undefined, settingMoved: false };
  let failure;
  try { await scenario({ page, host, sim, b, shot, log, state }); } catch (e) { failure = e; }
  // the clean-up runs either way; its own failure is reported unless the scenario's comes first
  try { await cleanUp({ page, host, sim, log, state }); } catch (e) { if (failure) log(`    (the clean-up failed too: ${e?.message ?? e})`); else failure = e; }
  await b.close();
  if (failure) throw failure;
}

async function scenario({ page, host, sim, b, shot, log, state }) {
  let view = await sidebar(page);
  if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
  await clearNotifications(page);
  const fromA = sim.requests.length;
  assert.ok(!(await jobRow(view, SANDBOX).isVisible().catch(() => false)), 'one connection to start with');

  // the one connection gets a name: Rename Connection… (with one connection, no pick)
  await paletteOnceOffered(page, 'Zoho Bulk Jobs: Rename Connection…');
  const rename = widget(page);
  await rename.locator('.quick-input-title', { hasText: 'Rename the Zoho connection' }).waitFor({ timeout: 15000 });
  state.originalName = await rename.locator('input').inputValue();
  await answer(page, 'Rename the Zoho connection', PROD);
  log(`    ✓ renamed the connection "${state.originalName}" → "${PROD}"`);

  // its jobs: the seed job, and a finished one (added now unless an earlier file did)
  const lines0 = await treeLines(view);
  const ensureOnA = async (label, id) => {
    if (lines0.some((l) => !l.startsWith(' ') && l.startsWith(`${label} — `))) return;
    await palette(page, 'Zoho Bulk Jobs: Add Job ID');
    await answer(page, 'Add Zoho Bulk Job', id);
    await jobRow(view, label).waitFor({ timeout: 15000 });
    log(`    (added ${label} on A)`);
  };
  await ensureOnA('Leads · insert', SEED);
  const contactsA = sim.addWriteJob({ module: 'Contacts', operation: 'upsert', total: 120, added: 100, updated: 17, skipped: 3 });
  sim.setStatus(contactsA, 'COMPLETED');
  await ensureOnA('Contacts · upsert', contactsA);

  // a new sign-in goes where the setting points: simulator B
  await setApiDomain(page, host, b.url);
  state.settingMoved = true;
  log(`    ✓ Settings editor: zohoBulkJobs.apiDomainOverride → ${b.url}`);

  // "..." → Add Connection…: access token, US, sandbox, its token, its name
  view = await sidebar(page);
  await page.locator('.part.sidebar .action-label[aria-label="Views and More Actions..."], .part.sidebar .action-label[aria-label="More Actions..."]')
    .filter({ visible: true }).first().click();
  await menuEntry(page, 'Add Connection…');
  await answer(page, 'Sign in to Zoho CRM', 'Access token');
  await answer(page, 'Zoho data centre', 'US');
  await answer(page, 'Zoho environment', 'sandbox');
  await answer(page, 'Sign in to Zoho: Access token', b.token);
  const naming = widget(page);
  await naming.locator('.quick-input-title', { hasText: 'Name the Zoho connection' }).waitFor({ timeout: 15000 });
  assert.equal(await naming.locator('input').inputValue(), 'Zoho US sandbox', 'the suggested name');
  await answer(page, 'Name the Zoho connection', SANDBOX);
  const sandbox = jobRow(view, SANDBOX);
  await sandbox.waitFor({ timeout: 20000 });
  log(`    ✓ "..." → Add Connection… → access token, US, sandbox → "${SANDBOX}"`);

  // its jobs, with the connection row's own Add Job ID: the inline action, then the context menu
  const dealsB = b.addWriteJob({ module: 'Deals', operation: 'insert', total: 40, added: 38, skipped: 2 });
  b.setStatus(dealsB, 'COMPLETED');
  await sandbox.hover();
  await sandbox.locator('.action-label[aria-label^="Add Job ID"]').click();
  await answer(page, 'Add Zoho Bulk Job', SEED);
  await contextMenu(page, sandbox, 'Add Job ID');
  await answer(page, 'Add Zoho Bulk Job', dealsB);
  await waitUntil(async () => norm(await sandbox.locator('.label-description').innerText()) === 'US sandbox · 2 jobs, 1 running',
    { timeout: 20000, what: 'the sandbox row to count its two jobs' });

  // the tree: the two connections at the top level, each with its own jobs beneath (the view's
  // Collapse All first, so that however many rows earlier files expanded, the jobs are in view)
  await page.locator('.part.sidebar .composite.title').first().hover();
  await page.locator('.part.sidebar .action-label[aria-label^="Collapse All"]').filter({ visible: true }).first().click();
  await waitUntil(async () => (await sandbox.getAttribute('aria-expanded')) === 'false', { timeout: 10000, what: 'Collapse All' });
  const prod = jobRow(view, PROD);
  await expand(prod);
  await expand(sandbox);
  let lines = await treeLines(view);
  assert.deepEqual(topLevel(lines), [PROD, SANDBOX], `top level; tree: ${lines.join(' | ')}`);
  const prodLine = lines.find((l) => l.startsWith(`${PROD} — `));
  assert.match(prodLine, /^Acme production — US · \d+ jobs?(, \d+ running)?$/);
  const underA = beneath(lines, PROD);
  assert.ok(underA.some((l) => /^Leads · insert — In progress/.test(l)), `the seed job under ${PROD}: ${underA.join(' | ')}`);
  assert.ok(underA.some((l) => /^Contacts · upsert — Completed/.test(l)), `a finished job under ${PROD}: ${underA.join(' | ')}`);
  await setExpanded(prod, false); // however many jobs earlier files left under A, B's rows are in view
  lines = await treeLines(view);
  const underB = beneath(lines, SANDBOX);
  assert.equal(underB.length, 2, `two jobs under ${SANDBOX}: ${underB.join(' | ')}`);
  assert.match(underB.join(' | '), /Leads · insert — In progress/);
  assert.match(underB.join(' | '), /Deals · insert — Completed/);
  await setExpanded(prod, true);
  assert.ok(await sandbox.locator('.codicon-plug').count(), 'a signed-in connection shows the plug icon');
  log(`    ✓ tree: ${PROD} (${underA.length} jobs) | ${SANDBOX}: ${underB.join(', ')}`);

  // each simulator saw its own token only; B was asked about its jobs
  const authA = sim.requests.slice(fromA).filter((r) => r.authorization);
  assert.ok(authA.every((r) => r.authorization === `Zoho-oauthtoken ${sim.token}`), 'A saw only its own token');
  assert.ok(b.requests.some((r) => r.path.includes(SEED)) && b.requests.some((r) => r.path.includes(dealsB)), 'B was asked about both its jobs');
  assert.ok(b.requests.filter((r) => r.authorization).every((r) => r.authorization === `Zoho-oauthtoken ${b.token}`), 'B saw only its own token');
  log(`    ✓ A: ${authA.length} requests with A's token; B: ${b.requests.length} requests, all with B's`);

  // the job quick pick names each job's connection: the seed job's id is on both
  await palette(page, 'Zoho Bulk Jobs: Copy Job ID');
  const picker = page.locator('.quick-input-widget');
  await picker.locator('.quick-input-title', { hasText: 'Copy the ID of a Zoho bulk job' }).waitFor({ timeout: 10000 });
  await picker.locator('input').fill(SEED);
  const seedRows = await waitUntil(async () => {
    const rows = (await picker.locator('.quick-input-list .monaco-list-row .label-description').allInnerTexts()).map(norm)
      .filter((d) => d.startsWith(`${SEED} `));
    return rows.length >= 2 ? rows : undefined;
  }, { timeout: 10000, what: `two picks for job ${SEED}` });
  assert.deepEqual([...seedRows].sort(), [`${SEED} · ${PROD}`, `${SEED} · ${SANDBOX}`], `the picks for ${SEED}`);
  await page.keyboard.press('Escape');
  log(`    ✓ Copy Job ID's pick names the connection: ${seedRows.join(' | ')}`);

  // Sign Out on the sandbox row: that connection only
  await contextMenu(page, sandbox, 'Sign Out');
  await waitUntil(async () => /signed out — sign in to refresh$/.test(norm(await sandbox.locator('.label-description').innerText())),
    { timeout: 15000, what: 'the sandbox row to say it is signed out' });
  assert.ok(await sandbox.locator('.codicon-debug-disconnect').count(), 'a signed-out connection shows the disconnect icon');
  assert.doesNotMatch(norm(await prod.locator('.label-description').innerText()), /signed out/, `${PROD} stays signed in`);
  lines = await treeLines(view);
  log(`    ✓ Sign Out on "${SANDBOX}": ${lines.find((l) => l.startsWith(SANDBOX))}`);

  // the picture: the view widened; no selection (Escape in the tree clears it), hover, focus ring or notification dot
  await clearNotifications(page);
  state.widthBefore = await sideBarWidth(page, SIDEBAR_WIDTH);
  await view.locator('.monaco-list').first().focus();
  await page.keyboard.press('Escape');
  await waitUntil(async () => (await view.locator('.monaco-list-row.selected, .monaco-list-row.focused').count()) === 0, { timeout: 5000, what: 'no selected row' });
  await palette(page, 'View: Focus Active Editor Group');
  await page.mouse.move(SIDEBAR_WIDTH + 300, 400);
  await page.waitForTimeout(800);
  const bar = await page.locator('.part.sidebar').first().boundingBox();
  // rows are absolutely positioned (DOM order is not list order): the lowest one's bottom edge
  const lastBottom = await view.evaluate((el) => Math.max(...[...el.querySelectorAll('.monaco-list-row')].map((r) => r.getBoundingClientRect().bottom)));
  const bottom = Math.min(bar.y + bar.height, lastBottom + 24);
  const file = path.join(root, 'test-results', 'e2e-connections.png');
  await page.screenshot({ path: file, clip: { x: bar.x, y: bar.y, width: bar.width, height: bottom - bar.y } });
  await shot('e2e-connections-window.png');
  const size = fs.statSync(file).size;
  assert.ok(size < 150 * 1024, `screenshot is ${Math.round(size / 1024)} KB`);
  // the committed README image changes only on request, so a test run leaves the work tree clean
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.copyFileSync(file, path.join(root, 'media', 'connections.png'));
    log(`    ✓ media/connections.png updated (${Math.round(size / 1024)} KB)`);
  } else {
    log(`    ✓ ${path.relative(root, file)} (${Math.round(size / 1024)} KB; UPDATE_SCREENSHOT=1 copies it to media/)`);
  }
}

/** The setting back to A, the sandbox connection removed, the first one's name back: one connection, the tree as before. */
async function cleanUp({ page, host, sim, log, state }) {
  await page.keyboard.press('Escape');
  if (state.widthBefore) await sideBarWidth(page, state.widthBefore).catch((e) => log(`    (side bar width not restored: ${e.message})`));
  // both connections keep the address they signed in at while there are two: A's is back before B goes
  if (state.settingMoved) await setApiDomain(page, host, sim.url);
  const view = await sidebar(page);
  const sandbox = jobRow(view, SANDBOX);
  if (await sandbox.isVisible().catch(() => false)) {
    await contextMenu(page, sandbox, 'Remove Connection…');
    const dialog = page.locator('.monaco-dialog-box').filter({ visible: true }).first();
    await dialog.waitFor({ timeout: 10000 });
    assert.match(norm(await dialog.innerText()), /Remove the Zoho connection "Acme sandbox"\? .*its 2 tracked jobs are no longer tracked/);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Remove' }).first().click();
    await sandbox.waitFor({ state: 'detached', timeout: 15000 });
    log(`    ✓ Remove Connection… on "${SANDBOX}" (modal confirmed)`);
  }
  if (state.originalName && state.originalName !== PROD) {
    await palette(page, 'Zoho Bulk Jobs: Rename Connection…');
    await answer(page, 'Rename the Zoho connection', state.originalName);
  }
  // one connection: no connection level (no row with a connection's icon), signed in
  await waitUntil(async () => (await view.locator('.monaco-list-row[aria-level="1"] .codicon-plug, .monaco-list-row[aria-level="1"] .codicon-debug-disconnect').count()) === 0,
    { timeout: 15000, what: 'the one-connection tree (no connection rows)' });
  assert.doesNotMatch(norm(await statusItem(page).innerText().catch(() => '')), /Sign in/i, 'still signed in');
  await clearNotifications(page);
  log(`    ✓ back to one connection${state.originalName ? ` ("${state.originalName}")` : ''}: ${topLevel(await treeLines(view)).slice(0, 4).join(' | ')}`);
}
