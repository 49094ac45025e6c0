// Helpers for driving the VS Code web workbench with Playwright.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
export async function sidebar(page) {
  page.setDefaultTimeout(30000); // playwright-core's default is none: a missing element would hang the run
  const container = page.locator('.activitybar [aria-label^="Zoho Bulk Jobs"]').first();
  await container.waitFor({ timeout: 60000 });
  const view = page.locator('[id="workbench.view.extension.zohoBulkJobs"]');
  // a click toggles the side bar: one that lands while a reloaded workbench is still restoring it can hide it again
  for (let i = 0; i < 3 && !(await view.isVisible().catch(() => false)); i++) {
    await container.click();
    await view.waitFor({ timeout: 5000 }).catch(() => undefined);
  }
  await view.waitFor({ timeout: 30000 });
  return view;
}

export async function palette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Waits for the quick input whose title contains `title` ("2/5", "Rename the Zoho connection"), types `text` (if any) and presses Enter. */
export async function answer(page, title, text) {
  const widget = page.locator('.quick-input-widget').filter({ visible: true });
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 20000 });
  if (text !== undefined) await widget.locator('input').fill(text);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
}

/** Types into the open input box and presses Enter. */
export async function typeInto(page, text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await page.keyboard.press('Enter');
}

export async function rowsOf(view) {
  return (await view.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

// ---- shared by the 20-… and later files (each must cope with whatever state earlier files left) ----

const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

/** Polls `fn` until it returns a truthy value; throws `what` (plus the last value seen) on timeout. */
export async function waitUntil(fn, { timeout = 15000, every = 250, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e?.message ?? e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last saw: ${typeof last === 'string' ? last : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

const describeRow = (el) => {
  const t = (sel) => (el.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  const label = t('.label-name'); const desc = t('.label-description');
  return desc ? `${label} — ${desc}` : label;
};

/** "label — description" of one tree row (the two are separate spans in the DOM). */
export async function rowText(row, timeout = 5000) {
  return row.evaluate(describeRow, undefined, { timeout });
}

/** Every rendered row as "label — description", in list order, indented by level (for logs and checks). */
export async function treeLines(view) {
  return view.evaluate((root) => {
    const t = (el, sel) => (el.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
    return [...root.querySelectorAll('.monaco-list-row')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((r) => {
        const label = t(r, '.label-name'); const desc = t(r, '.label-description');
        return `${'  '.repeat(Number(r.getAttribute('aria-level') ?? 1) - 1)}${desc ? `${label} — ${desc}` : label}`;
      });
  });
}

/** The top-level row whose label contains `text`. */
export const jobRow = (view, text) => view.locator('.monaco-list-row[aria-level="1"]', { has: view.page().locator('.label-name', { hasText: text }) }).first();

/** Expands a tree row (no-op when already expanded) and waits until it is. */
export async function expand(row) {
  await row.waitFor({ timeout: 15000 });
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.locator('.monaco-tl-twistie').click();
  await waitUntil(async () => (await row.getAttribute('aria-expanded')) === 'true', { timeout: 10000, what: 'row to expand' });
}

export async function ensureSignedIn(page, view, sim) {
  // a fresh window is still activating the extension: wait until the view shows a welcome (signed out, or no jobs) or its rows
  const welcome = view.getByText('Sign In', { exact: true }).first();
  await waitUntil(async () => await welcome.isVisible().catch(() => false) || await view.getByText('No jobs yet').first().isVisible().catch(() => false)
    || await view.locator('.monaco-list-row').first().isVisible().catch(() => false),
    { timeout: 30000, what: 'the view to show its welcome or its jobs' });
  const signedOut = await welcome.isVisible().catch(() => false)
    || await page.locator('.statusbar-item', { hasText: 'Sign in to Zoho' }).first().isVisible().catch(() => false);
  if (!signedOut) return false;
  await palette(page, 'Zoho Bulk Jobs: Set Access Token');
  await typeInto(page, sim.token);
  await waitUntil(async () => !(await view.getByText('Sign In', { exact: true }).first().isVisible().catch(() => false)), { what: 'sign-in' });
  return true;
}

export async function addJob(page, id) {
  await palette(page, 'Zoho Bulk Jobs: Add Job ID');
  await typeInto(page, id);
}

// Notifications. The harness starts VS Code with enable-smoke-test-driver (needed for the
// extensionDevelopmentPath payload), and with it the workbench never shows toasts
// (NotificationsToasts.addToast returns early). Notifications still arrive: the status-bar bell
// turns into a bell with a dot, and the Notifications center lists them with their buttons.

const bell = (page) => page.locator('[id="status.notifications"] .codicon').first();
/** Whether the status-bar bell shows the "new notifications" dot. */
export async function bellHasDot(page) { return /codicon-bell-dot/.test((await bell(page).getAttribute('class').catch(() => '')) ?? ''); }

export async function clearNotifications(page) {
  await palette(page, 'Notifications: Clear All Notifications');
  await waitUntil(async () => !(await bellHasDot(page)), { timeout: 5000, what: 'the notifications to clear' });
  await hideNotificationCenter(page);
}

export async function hideNotificationCenter(page) {
  if (await page.locator('.notifications-center.visible').count()) {
    await palette(page, 'Notifications: Hide Notifications');
    await page.locator('.notifications-center.visible').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }
}

/** Opens the Notifications center and returns the (expanded) notification whose message contains `text`. */
export async function notification(page, text, timeout = 15000) {
  if (!(await page.locator('.notifications-center.visible').count())) await palette(page, 'Notifications: Show Notifications');
  const row = page.locator('.notifications-center.visible .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout });
  const expandAction = row.locator('.codicon-notifications-expand');
  if (await expandAction.count()) await expandAction.first().click();
  return row;
}

export async function notificationMessage(n) { return norm(await n.locator('.notification-list-item-message').first().innerText()); }
export async function notificationButtons(n) { return (await n.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map(norm); }

/** The status-bar item of this extension ("1 running", "1 failed", …). */
export const statusItem = (page) => page.locator('.statusbar-item[id$="zohoBulkJobs.status"]').first();

/** The file name of the active editor tab ("4150868000005397001.json"). */
export async function activeTabName(page) {
  const tab = page.locator('.part.editor .tabs-container .tab.active').filter({ visible: true }).first();
  return (await tab.getAttribute('data-resource-name', { timeout: 1000 }).catch(() => '')) ?? '';
}

/** The visible text of the active editor (Monaco renders only the lines in view). */
export async function activeEditorText(page) {
  const lines = page.locator('.part.editor .monaco-editor .view-lines').filter({ visible: true }).first();
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Right-clicks `row` and chooses `item` from its context menu. */
export async function contextMenu(page, row, item) {
  await row.click({ button: 'right' });
  await menuEntry(page, item);
}

/** Chooses `item` from the open menu. A click that lands while the menu is still settling is ignored and leaves it open: then click again. */
export async function menuEntry(page, item) {
  const entry = page.locator('.monaco-menu .action-item', { hasText: item }).first();
  await entry.waitFor({ timeout: 5000 });
  await page.waitForTimeout(300);
  for (let i = 0; i < 3; i++) {
    if (i > 0 && !(await entry.isVisible())) return; // it closed after all
    await entry.click({ timeout: 5000 });
    const closed = await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false);
    if (closed) return;
  }
  throw new Error(`the menu stayed open after choosing "${item}"`);
}

/** The row shown right below `row` (rows are absolutely positioned: DOM order is not list order). */
export async function rowAfter(view, row) {
  const i = Number(await row.getAttribute('data-index'));
  return view.locator(`.monaco-list-row[data-index="${i + 1}"]`).first();
}

/**
 * Removes the result folders this run's downloads left in the workspace (<workspace>/.zoho-bulk/results/<id>,
 * the extension's default place; gitignored), only for job ids this run's simulator was asked about,
 * and the empty parents. Returns the folders removed.
 */
export function removeDownloadedResults(sim) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const workspace = process.env.VSCODE_TEST_WORKSPACE ?? path.join(root, 'test/fixtures/workspace');
  const results = path.join(workspace, '.zoho-bulk', 'results');
  const ids = new Set(sim.requests.flatMap((r) => r.path.match(/\d{15,25}/g) ?? []));
  const removed = [];
  for (const id of ids) {
    const dir = path.join(results, id);
    if (fs.existsSync(dir)) { fs.rmSync(dir, { recursive: true, force: true }); removed.push(dir); }
  }
  for (const dir of [results, path.dirname(results)]) {
    try { fs.rmdirSync(dir); } catch { /* not empty or not there */ }
  }
  return removed;
}
