import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  try {
    await page.getByTestId('user-name').waitFor({ timeout: 60_000 });
  } catch (error) {
    // The other screenshots are of pages already signed in: keep this one's.
    await page.screenshot({ path: path.join(ARTEFACTS, `failed-sign-in-${username}.png`) });
    throw error;
  }
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

/** Where the README's screenshots are kept (committed; written only when SCREENSHOTS=update). */
export const README_SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'docs',
  'screenshots',
);

/**
 * A screenshot kept as a test artefact (`test-results/`, gitignored); with SCREENSHOTS=update
 * also the README's copy, so that an ordinary run changes no tracked file.
 */
export async function keepScreenshot(
  page: Page,
  name: string,
  { fullPage = true, readme = false } = {},
): Promise<void> {
  await page.screenshot({ path: path.join(ARTEFACTS, name), fullPage });
  if (readme && process.env.SCREENSHOTS === 'update') {
    mkdirSync(README_SCREENSHOTS, { recursive: true });
    // The viewport only: a README shows what an officer sees first.
    await page.screenshot({ path: path.join(README_SCREENSHOTS, name) });
  }
}

const require = createRequire(import.meta.url);

/** What axe-core finds on the page against WCAG 2.0/2.1 A and AA, serious or critical only. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate((require('axe-core') as { source: string }).source);
  }
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: {
        run: (
          context: Document,
          options: object,
        ) => Promise<{
          violations: {
            id: string;
            impact?: string;
            help: string;
            nodes: { target: string[] }[];
          }[];
        }>;
      };
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations
    .filter(({ impact }) => impact === 'serious' || impact === 'critical')
    .map(
      ({ id, impact, help, nodes }) =>
        `${impact} ${id} (${help}): ${nodes.map(({ target }) => target.join(' ')).join(', ')}`,
    );
}
