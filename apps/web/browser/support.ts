import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Where screenshots are kept (gitignored). */
export const ARTEFACTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test-results',
);

/**
 * Debian's Chromium (installed by `npm run provision`), or the one CHROMIUM_PATH names;
 * playwright-core never downloads a browser.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} does not exist: run \`npm run provision\` (installs Debian's chromium), or set CHROMIUM_PATH`,
    );
  }
  mkdirSync(ARTEFACTS, { recursive: true });
  return chromium.launch({
    executablePath,
    // Root in a container has no user namespace for Chromium's sandbox.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** Signs in through Keycloak's own login page, from the app's first screen. */
export async function signIn(browser: Browser, appUrl: string, username: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${appUrl}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('opencen');
  await page.locator('#kc-login').click();
  await page.getByTestId('user-name').waitFor();
  return page;
}

/** Picks an option of a Mantine select (or multi-select) by typing and clicking it. */
export async function pick(
  page: Page,
  label: string,
  typed: string,
  option: RegExp,
): Promise<void> {
  const input = page.locator('input').and(page.getByLabel(label, { exact: true }));
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** The case's status badge, once it shows `status`. */
export async function statusIs(page: Page, status: string): Promise<void> {
  await page.getByTestId('case-status').filter({ hasText: status }).waitFor();
}

/**
 * Reloads until `check` holds: what the search index shows follows a write by up to
 * CASE_SEARCHABLE_WITHIN_MS, so a page read just after may not show it yet.
 */
export async function reloadUntil(
  page: Page,
  check: () => Promise<boolean>,
  tries = 20,
): Promise<void> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    if (await check()) return;
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
  throw new Error('The page never showed what was expected (see the screenshot of the failure)');
}
