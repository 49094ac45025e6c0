// An import in several parts, from the UI alone (code-server + Chromium): a 30,000-row CSV written into
// the workspace → right-click → "Import CSV into Zoho CRM…" → Leads → Insert → mapping accepted →
// one import row "… · 2 parts" with its two jobs beneath. Its context menu: "Remove Import…" asks first
// (modal, naming the file, the module and the 2 jobs); "Remove" → the import row and both parts leave
// the view. The CSV is removed afterwards.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answer, clearNotifications, contextMenu, ensureSignedIn, palette, sidebar, treeLines, waitUntil } from './ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FILE = 'leads-two-parts.csv';
const ROWS = 30_000; // Zoho's cap is 25,000 rows a job: two parts
const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

export default async function importGroup({ page, sim, log }) {
  const workspace = process.env.VSCODE_TEST_WORKSPACE ?? path.join(root, 'test/fixtures/workspace');
  const csv = path.join(workspace, FILE);
  const lines = ['Last Name,Email,Company'];
  for (let i = 0; i < ROWS; i++) lines.push(`Lee ${i},lee${i}@example.com,Acme ${i % 40}`);
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  try {
    let view = await sidebar(page);
    if (await ensureSignedIn(page, view, sim)) log('    (signed in first)');
    await clearNotifications(page);
    const creates = () => sim.requests.filter((r) => r.method === 'POST' && /\/crm\/bulk\/v\d[.\d]*\/write$/.test(r.path)).length;
    const before = creates();

    await palette(page, 'View: Show Explorer');
    const explorer = page.locator('.explorer-folders-view');
    const file = explorer.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: FILE }) }).first();
    await file.waitFor({ timeout: 20000 });
    await contextMenu(page, file, 'Import CSV into Zoho CRM…');
    await answer(page, '2/5', 'Leads');
    await answer(page, '3/5', 'Insert');
    await answer(page, '5/5'); // the mapping as proposed
    await waitUntil(() => creates() === before + 2, { timeout: 60000, what: 'two bulk write jobs to be created' });
    log(`    ✓ ${ROWS.toLocaleString('en-US')} rows → 2 jobs created at the simulator`);

    view = await sidebar(page);
    const group = view.locator('.monaco-list-row[aria-level="1"]', { hasText: FILE }).filter({ hasText: '2 parts' }).first();
    await group.waitFor({ timeout: 30000 });
    log(`    import row: ${norm(await group.innerText())}`);

    await contextMenu(page, group, 'Remove Import…');
    const dialog = page.locator('.monaco-dialog-box').filter({ visible: true }).first();
    await dialog.waitFor({ timeout: 10000 });
    assert.match(norm(await dialog.innerText()), new RegExp(`Stop tracking the import of ${FILE.replace('.', '\\.')} into Leads\\? Its 2 jobs are removed from this view; nothing changes in Zoho CRM`));
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Remove' }).first().click();
    await group.waitFor({ state: 'detached', timeout: 15000 });
    const rows = await treeLines(view);
    assert.ok(!rows.some((r) => r.includes(FILE) || /Part \d of 2/.test(r)), rows.join(' | '));
    log(`    ✓ Remove Import… on the import row (modal confirmed): the import and its parts are gone; tree: ${rows.join(' | ')}`);
  } finally {
    fs.rmSync(csv, { force: true });
  }
}
