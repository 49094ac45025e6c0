// A user's path through the real UI (code-server + Chromium): open the view → welcome →
// set a token → add the seed job from the palette → the tree shows Leads with its 5 field
// mappings, the status bar shows it running → screenshot.
import assert from 'node:assert/strict';
import { palette, rowsOf, sidebar, typeInto } from './ui.mjs';

export default async function userPath({ page, sim, shot, log }) {
  const view = await sidebar(page);
  await view.getByText('Sign In', { exact: true }).first().waitFor({ timeout: 30000 });
  await shot('e2e-welcome.png');

  await palette(page, 'Zoho Bulk Jobs: Set Access Token');
  await typeInto(page, sim.token);
  await view.getByText('Add Job ID', { exact: true }).first().waitFor({ timeout: 15000 });

  await palette(page, 'Zoho Bulk Jobs: Add Job ID');
  await typeInto(page, '4150868000005392002');
  const job = view.locator('.monaco-list-row', { hasText: 'Leads · insert' }).first();
  await job.waitFor({ timeout: 15000 });
  assert.match(await job.innerText(), /In progress/);
  await job.click();
  await page.keyboard.press('ArrowRight');
  const resource = view.locator('.monaco-list-row[aria-level="2"]', { hasText: 'Leads' }).first();
  await resource.waitFor({ timeout: 10000 });
  await resource.click();
  await page.keyboard.press('ArrowRight');
  await view.locator('.monaco-list-row', { hasText: 'Last_Name ← column 0' }).waitFor({ timeout: 10000 });
  const mappings = (await rowsOf(view)).filter((r) => r.includes('← column'));
  assert.equal(mappings.length, 5, `5 field mappings, saw: ${mappings.join(' | ')}`);
  const status = page.locator('.statusbar-item', { hasText: '1 running' }).first();
  await status.waitFor({ timeout: 15000 });
  log('    tree:', (await rowsOf(view)).join(' | '));
  log('    status bar:', (await status.innerText()).trim());
  await shot('e2e-seed-job.png');
}
