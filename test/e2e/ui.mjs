// Helpers for driving the VS Code web workbench with Playwright.
export async function sidebar(page) {
  const container = page.locator('.activitybar [aria-label^="Zoho Bulk Jobs"]').first();
  await container.waitFor({ timeout: 60000 });
  const view = page.locator('[id="workbench.view.extension.zohoBulkJobs"]');
  if (!(await view.isVisible().catch(() => false))) await container.click();
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
