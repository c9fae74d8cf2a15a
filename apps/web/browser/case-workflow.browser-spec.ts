import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
// A real JPEG for the photo step (the cases service reads it and makes its thumbnail).
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ARTEFACTS,
  keepScreenshot,
  launchChromium,
  pick,
  reloadUntil,
  seriousAccessibilityViolations,
  signIn,
  statusIs,
} from './support';

// One case through its workflow in real Chromium, against the whole stack and the real Keycloak
// login page: the steps depend on one another, so they run in order in one test file.

const appUrl = inject('appUrl');
/** A word of this run only, for the free-text search. */
const marker = `zq${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;

let browser: Browser;
let officer: Page;
let supervisor: Page;
let analyst: Page;
let caseUrl: string;
let caseNumber: string;
let photo: Buffer;

beforeAll(async () => {
  browser = await launchChromium();
  photo = await sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: 160, g: 110, b: 60 } },
  })
    .jpeg()
    .toBuffer();
});

// A failing step leaves what each user saw.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  const name = context.task.name.replace(/\W+/g, '-');
  for (const [who, page] of [
    ['officer', officer],
    ['supervisor', supervisor],
    ['analyst', analyst],
  ] as const) {
    await page?.screenshot({
      path: path.join(ARTEFACTS, `failed-${name}-${who}.png`),
      fullPage: true,
    });
  }
});

afterAll(async () => {
  await browser?.close();
});

/** A person of this run only, recorded from the party picker. */
const family = `Zq${marker}`;
const party = `${family.toUpperCase()}, Ana`;

/**
 * In the parties step: records a new person from the picker (nobody matches yet), takes them off
 * the case again, then types them again until the match suggests them (the persons service's
 * index follows within PERSONS_SEARCHABLE_WITHIN_MS) and picks them from the suggestions.
 */
async function pickParty() {
  const typeThePerson = async () => {
    await officer.getByLabel('Family name', { exact: true }).fill(family);
    await officer.getByLabel('Given names', { exact: true }).fill('Ana');
  };
  await typeThePerson();
  await officer.getByText('No known person matches: record a new one.').waitFor();
  await officer.getByRole('button', { name: 'Record as a new person' }).click();
  const parties = officer.getByTestId('case-parties');
  await parties.getByText(`${party} — Suspect`).waitFor();
  await officer.getByRole('button', { name: `Remove ${party}` }).click();
  await parties.waitFor({ state: 'detached' });
  const pickIt = officer.getByRole('button', { name: `Pick ${party} as Suspect` });
  for (let attempt = 0; attempt < 20 && (await pickIt.count()) === 0; attempt += 1) {
    // Typed again after the debounce: the match is asked again.
    await officer.getByLabel('Family name', { exact: true }).fill('');
    await officer.waitForTimeout(600);
    await typeThePerson();
    await officer.waitForTimeout(1000);
  }
  // The suggestion says why it matches.
  const candidates = officer.getByRole('list', { name: 'Known persons who may be this one' });
  expect(await candidates.getByRole('listitem').count()).toBeGreaterThan(1);
  await pickIt.click();
  await parties.getByText(`${party} — Suspect`).waitFor();
}

async function confirmIn(page: Page, action: string, text?: string) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  if (text !== undefined) await dialog.getByRole('textbox').fill(text);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('a case through its workflow in the browser', () => {
  it('an officer signs in through Keycloak and sees their name, office and roles', async () => {
    officer = await signIn(browser, appUrl, 'officer');
    expect(await officer.getByTestId('user-name').textContent()).toBe('Olivia Officer');
    expect(await officer.getByTestId('user-office').textContent()).toBe('Office: FRA-CDG');
    await officer.getByRole('heading', { name: 'Work queue' }).waitFor();
  });

  it('records a case with the mandatory minimum, a party picked from the match suggestions and a photo, and submits it', async () => {
    await officer.getByRole('link', { name: 'Record a case' }).click();
    await officer.getByLabel('Detected at').fill('2026-12-01T10:30');
    await pick(officer, 'Customs office', 'FRA-CDG', /\(FRA-CDG\)/);
    await officer.getByRole('button', { name: 'Next' }).click();
    await pick(officer, 'Detection methods', 'XRAY', /\(XRAY_SCANNER\)/);
    await officer.keyboard.press('Escape');
    await officer.getByRole('button', { name: 'Next' }).click();
    await pick(officer, 'Commodity category', 'DRUGS', /\(DRUGS\)/);
    await officer.getByLabel('Quantity').fill('12.5');
    await pick(officer, 'Unit', 'KGM', /\(KGM\)/);
    await keepScreenshot(officer, 'case-form.png', { readme: true });
    await officer.getByRole('button', { name: 'Next' }).click();
    await pick(officer, 'Country of departure', '(BR)', /\(BR\)/);
    await officer.getByRole('button', { name: 'Next' }).click();
    await pickParty();
    // Photos go to a saved draft: saved here, the form opens again at its photo step.
    await officer.getByRole('button', { name: 'Next' }).click();
    await officer.getByRole('button', { name: 'Save the draft and add photos' }).click();
    await officer.waitForURL(/\/cases\/[^/]+\/edit\?step=photos$/);
    await officer.getByLabel('Caption').fill('Suitcase, double bottom');
    await officer
      .getByLabel('Image file')
      .setInputFiles({ name: 'suitcase.jpg', mimeType: 'image/jpeg', buffer: photo });
    await officer.getByRole('button', { name: 'Photo 1: Suitcase, double bottom' }).waitFor();
    await officer.getByRole('button', { name: 'Next' }).click();
    await officer.getByLabel('Narrative').fill(`Suitcase with a double bottom, ${marker}.`);
    await officer.getByText('The mandatory minimum is complete').waitFor();
    await officer.getByRole('button', { name: 'Save draft' }).click();
    await statusIs(officer, 'Draft');
    caseUrl = officer.url();
    caseNumber = ((await officer.getByRole('heading', { level: 2 }).textContent()) ?? '').replace(
      'Case ',
      '',
    );
    expect(caseNumber).toMatch(/^FRACDG-\d{4}-\d{6,}$/);
    // The photo is on the case page; its viewer shows it whole (the browser decoded it).
    await officer.getByRole('button', { name: 'Photo 1: Suitcase, double bottom' }).click();
    const viewer = officer.getByRole('dialog', { name: 'Photo 1: Suitcase, double bottom' });
    const full = viewer.getByTestId('photo-full');
    await full.waitFor();
    await officer.waitForFunction(
      () =>
        (document.querySelector('[data-testid="photo-full"]') as HTMLImageElement | null)
          ?.naturalWidth === 320,
    );
    await officer.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    // An officer is offered no supervisor's action.
    expect(await officer.getByRole('button', { name: 'Validate' }).count()).toBe(0);
    await officer.getByRole('button', { name: 'Submit', exact: true }).click();
    await statusIs(officer, 'Submitted');
  });

  it('the supervisor rejects it with a reason', async () => {
    supervisor = await signIn(browser, appUrl, 'supervisor');
    await supervisor.goto(caseUrl);
    await statusIs(supervisor, 'Submitted');
    await confirmIn(supervisor, 'Reject', 'The place of detection is missing');
    await statusIs(supervisor, 'Draft');
  });

  it('the officer sees why, fixes it and submits it again', async () => {
    // The work queue lists it among the cases rejected back to the officer.
    await officer.goto(`${appUrl}/`);
    await officer.getByRole('heading', { name: 'Work queue' }).waitFor();
    await reloadUntil(
      officer,
      async () => (await officer.getByRole('link', { name: caseNumber }).count()) > 0,
    );
    await keepScreenshot(officer, 'work-queue.png', { readme: true });
    await officer.goto(caseUrl);
    await officer
      .getByRole('status')
      .filter({ hasText: 'The place of detection is missing' })
      .waitFor();
    await officer.getByRole('link', { name: 'Edit' }).click();
    await officer.getByLabel('Place').fill('Terminal 2E, baggage hall');
    await officer.getByRole('button', { name: 'Save draft' }).click();
    await statusIs(officer, 'Draft');
    await officer.getByRole('button', { name: 'Submit', exact: true }).click();
    await statusIs(officer, 'Submitted');
  });

  it('the supervisor validates it', async () => {
    await supervisor.reload();
    await statusIs(supervisor, 'Submitted');
    await confirmIn(supervisor, 'Validate');
    await statusIs(supervisor, 'Validated');
  });

  it('a search by its word, narrowed by a facet, finds it', async () => {
    await officer.goto(`${appUrl}/cases?text=${marker}`);
    const validated = officer.locator('[data-facet="status"][data-value="validated"]');
    await reloadUntil(officer, async () => (await validated.count()) > 0);
    await officer.getByText(/^Validated \(1\)$/).click();
    await officer.waitForURL(/status=validated/);
    await officer.getByRole('link', { name: caseNumber }).waitFor();
    // The count settles with the query (a live notification may refetch it meanwhile): wait for
    // it, then read it.
    const count = officer
      .getByRole('status')
      .filter({ hasText: /^Cases found: / })
      .first();
    await officer.waitForFunction(
      () =>
        [...document.querySelectorAll('[role="status"]')].some(
          (element) => element.textContent === 'Cases found: 1',
        ),
      undefined,
      { timeout: 10_000 },
    );
    expect(await count.textContent()).toBe('Cases found: 1');
    await keepScreenshot(officer, 'search.png', { readme: true });
  });

  it('the statistics page draws its charts, with the figures of the case in its tables', async () => {
    analyst = await signIn(browser, appUrl, 'analyst');
    // The first screen downloaded neither ECharts nor the atlas: each comes with its screen.
    const scripts = () =>
      analyst.evaluate(() =>
        performance.getEntriesByType('resource').map(({ name }) => name.split('/').pop() ?? ''),
      );
    expect((await scripts()).filter((name) => /^(CountChart|WorldMap)-/.test(name))).toEqual([]);
    await analyst.getByRole('link', { name: 'Statistics' }).click();
    await analyst.getByLabel('Free text').fill(marker);
    await analyst.getByRole('button', { name: 'Search' }).click();
    await analyst.waitForURL(/\/statistics\?text=/);
    await reloadUntil(
      analyst,
      async () =>
        (await analyst.getByTestId('statistics-total').textContent()) === 'Cases counted: 1',
    );
    const figure = (name: string) => analyst.locator(`section[data-figure="${name}"]`);
    const row = (name: string, key: string) =>
      figure(name).locator(`tr[data-key="${key}"]`).locator('th, td').allTextContents();
    // Codes are shown by their labels once the code lists are here (a list the reference
    // service was too slow to give is asked again by a reload).
    const labelled = [
      ['commodityCategory', /^Drugs .*\(DRUGS\)$/],
      ['office', /^Paris.*\(FRA-CDG\)$/],
      ['routeCountry', /^Brazil \(BR\)$/],
    ] as const;
    await reloadUntil(analyst, async () => {
      for (const [name, label] of labelled) {
        if ((await figure(name).getByRole('rowheader', { name: label }).count()) === 0)
          return false;
      }
      return true;
    });
    expect(await row('month', '2026-12')).toEqual(['Dec 2026 (2026-12)', '1', '12.5']);
    expect((await row('commodityCategory', 'DRUGS')).slice(1)).toEqual(['1', '12.5']);
    expect((await row('office', 'FRA-CDG')).slice(1)).toEqual(['1', '12.5']);
    expect((await row('routeCountry', 'BR')).slice(1)).toEqual(['1', '12.5']);
    // Each chart is drawn: an SVG with shapes and the figure's labels.
    for (const name of ['month', 'commodityCategory', 'office']) {
      const chart = figure(name).getByTestId('chart').locator('svg');
      await chart.waitFor();
      expect(await chart.locator('path').count()).toBeGreaterThan(0);
      const box = (await chart.boundingBox())!;
      expect(box.width * box.height).toBeGreaterThan(0);
    }
    expect(
      await figure('month').getByTestId('chart').locator('svg text').allTextContents(),
    ).toContain('Dec 2026');
    const map = figure('routeCountry').getByTestId('world-map');
    await map.waitFor();
    expect(
      await map
        .locator('[data-mark="counted"]')
        .evaluateAll((shapes) => shapes.map((s) => s.getAttribute('data-country'))),
    ).toEqual(['BR']);
    expect((await scripts()).filter((name) => /^(CountChart|WorldMap)-/.test(name))).toHaveLength(
      2,
    );
    // The CSV downloaded holds the same figures.
    const [download] = await Promise.all([
      analyst.waitForEvent('download'),
      figure('month')
        .getByRole('link', { name: /^Download CSV: / })
        .click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe('\uFEFFCode,Name,Cases,Quantity (KGM)\r\n2026-12,Dec 2026,1,12.5\r\n');
    await keepScreenshot(analyst, 'statistics.png', { readme: true });
  });

  it("the case page draws the case's route on a world map", async () => {
    await analyst.goto(caseUrl);
    await statusIs(analyst, 'Validated');
    const map = analyst.getByRole('img', { name: 'Route on the world map: Brazil' });
    await map.waitFor();
    expect(await map.locator('[data-mark="departure"]').getAttribute('data-country')).toBe('BR');
    await analyst.waitForLoadState('networkidle');
    await keepScreenshot(analyst, 'case-route-map.png', { readme: true });
  });

  it('in Arabic the layout is right to left', async () => {
    await officer.goto(caseUrl);
    await statusIs(officer, 'Validated');
    const x = async (testId: string) => (await officer.getByTestId(testId).boundingBox())!.x;
    const ltr = { brand: await x('brand'), user: await x('user'), navbar: await x('navbar') };
    expect(ltr.brand).toBeLessThan(ltr.user);
    await officer.getByTestId('language').selectOption('ar');
    await officer.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await officer.locator('html').getAttribute('dir')).toBe('rtl');
    // The code lists come again in Arabic: codes are shown by their labels once they are here.
    for (const code of [/\(FRA-CDG\)$/, /\(BR\)$/, /\(DRUGS\)$/, /\(KGM\)$/]) {
      await officer.getByText(code).first().waitFor();
    }
    const rtl = { brand: await x('brand'), user: await x('user'), navbar: await x('navbar') };
    // The title moves to the right edge, the user's block to the left, the navigation to the right.
    expect(rtl.brand).toBeGreaterThan(rtl.user);
    expect(rtl.navbar).toBeGreaterThan(ltr.navbar);
    // The navigation stands right of the main content (the content of <main>: <main> itself
    // spans the window, padded where the navigation is).
    const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!;
    const content = await box(officer.locator('main > *').first());
    const navbar = await box(officer.getByTestId('navbar'));
    expect(navbar.x).toBeGreaterThanOrEqual(content.x + content.width - 1);
    await keepScreenshot(officer, 'case-arabic-rtl.png', { readme: true });
    // A form's label starts at the right, over the right end of its input.
    await officer.goto(`${appUrl}/cases`);
    const label = officer.locator('main label[for]').first();
    await label.waitFor();
    const input = officer.locator(`[id="${await label.getAttribute('for')}"]`);
    const [labelBox, inputBox] = [await box(label), await box(input)];
    expect(Math.abs(labelBox.x + labelBox.width - (inputBox.x + inputBox.width))).toBeLessThan(2);
    expect(labelBox.x).toBeGreaterThan(inputBox.x);
  });

  it('a draft entered offline is kept, survives a reload without network, and reaches the server when the network returns', async () => {
    await officer.getByTestId('language').selectOption('en');
    await officer.goto(`${appUrl}/`);
    // The service worker takes the page once installed (it claims its clients).
    await officer.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 60_000,
    });
    // Loaded once through it: the app's settings (/config.json) are kept for an offline start.
    await officer.reload();
    await officer.getByRole('heading', { name: 'Work queue' }).waitFor();
    // The form fetches every step's code lists when it opens.
    const lists = [
      'customs-offices',
      'detection-methods',
      'transport-modes',
      'commodity-categories',
      'units',
      'countries',
    ].map((list) =>
      officer.waitForResponse(
        (response) => response.url().includes(`/api/v1/reference/${list}?`) && response.ok(),
        { timeout: 60_000 },
      ),
    );
    await officer.getByRole('link', { name: 'Record a case' }).click();
    await officer.getByLabel('Detected at').waitFor();
    await Promise.all(lists);
    const context = officer.context();
    await context.setOffline(true);
    const offlineMarker = `${marker}off`;
    await officer.getByLabel('Detected at').fill('2026-12-02T08:15');
    await pick(officer, 'Customs office', 'FRA-CDG', /\(FRA-CDG\)/);
    await officer.getByRole('button', { name: 'Next' }).click();
    await pick(officer, 'Detection methods', 'XRAY', /\(XRAY_SCANNER\)/);
    await officer.keyboard.press('Escape');
    await officer.getByRole('button', { name: 'Next' }).click();
    await pick(officer, 'Commodity category', 'DRUGS', /\(DRUGS\)/);
    await officer.getByLabel('Quantity').fill('3');
    await pick(officer, 'Unit', 'KGM', /\(KGM\)/);
    await officer.getByRole('button', { name: 'Next' }).click();
    await pick(officer, 'Country of departure', '(BR)', /\(BR\)/);
    for (let step = 0; step < 3; step += 1) {
      await officer.getByRole('button', { name: 'Next' }).click();
    }
    await officer.getByLabel('Narrative').fill(`Entered offline, ${offlineMarker}.`);
    await officer.getByRole('button', { name: 'Save draft' }).click();
    await officer.waitForURL(/\/drafts$/);
    const status = officer.getByTestId('offline-status');
    await status.filter({ hasText: 'Offline — drafts waiting: 1' }).waitFor();
    // The app opens with the network gone (the service worker's copy), the draft still kept.
    await officer.reload();
    await status.filter({ hasText: 'Offline — drafts waiting: 1' }).waitFor();
    await officer.getByText('Waiting', { exact: true }).waitFor();
    await keepScreenshot(officer, 'offline-draft.png');
    await context.setOffline(false);
    // Sent on the online event, taken off the queue once the API acknowledged it.
    const sent = officer.getByRole('link', { name: /^Case FRACDG-\d{4}-\d{6,}$/ });
    await sent.waitFor();
    expect(await status.textContent()).toBe('');
    await sent.click();
    await statusIs(officer, 'Draft');
    await officer.getByText(`Entered offline, ${offlineMarker}.`).waitFor();
  });

  it('the main screens have no serious or critical accessibility violation (axe-core, WCAG 2.1 A and AA)', async () => {
    const screens: [Page, string, () => Promise<unknown>][] = [
      [officer, '/', () => officer.getByRole('heading', { name: 'Work queue' }).waitFor()],
      [officer, '/cases/new', () => officer.getByLabel('Detected at').waitFor()],
      [officer, caseUrl.replace(appUrl, ''), () => statusIs(officer, 'Validated')],
      [
        officer,
        `/cases?text=${marker}`,
        () => officer.getByRole('link', { name: caseNumber }).waitFor(),
      ],
      [
        officer,
        '/drafts',
        () => officer.getByRole('heading', { name: 'Drafts kept in this browser' }).waitFor(),
      ],
      [
        analyst,
        `/statistics?text=${marker}`,
        () => analyst.getByTestId('statistics-total').waitFor(),
      ],
    ];
    const found: string[] = [];
    for (const [page, url, ready] of screens) {
      await page.goto(`${appUrl}${url}`);
      await ready();
      await page.waitForLoadState('networkidle');
      found.push(...(await seriousAccessibilityViolations(page)).map((v) => `${url}: ${v}`));
    }
    expect(found).toEqual([]);
  });
});
