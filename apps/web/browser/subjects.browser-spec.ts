import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTEFACTS, launchChromium, reloadUntil, signIn } from './support';

// The subject screens in real Chromium against the whole stack: an officer opens a person from a
// case, sees the person's page, then the links view drawn around them.

const appUrl = inject('appUrl');
const marker = randomBytes(3).toString('hex').replace(/\d/g, 'q');
const courier = `Zqcourier${marker}`;
const driver = `Zqdriver${marker}`;

let browser: Browser;
let officer: Page;
let caseId: string;

/** Calls the API with the signed-in user's token (kept by oidc-client-ts in session storage). */
async function post<T>(page: Page, url: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ([url, body]) => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'))!;
      const token = (JSON.parse(sessionStorage.getItem(key)!) as { access_token: string })
        .access_token;
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    [url, body] as const,
  );
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  const name = context.task.name.replace(/\W+/g, '-');
  await officer?.screenshot({ path: path.join(ARTEFACTS, `failed-${name}.png`), fullPage: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('subjects and their links in the browser', () => {
  it('an officer opens a person named in a case', async () => {
    officer = await signIn(browser, appUrl, 'officer');
    const record = (familyName: string) =>
      post<{ person: { id: string } }>(officer, '/api/v1/persons', {
        draft: { familyName },
        confirmedNew: true,
      });
    const one = await record(courier);
    const two = await record(driver);
    const kase = await post<{ id: string }>(officer, '/api/v1/cases', {
      draft: {
        type: 'seizure',
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        location: { office: 'FRA-CDG' },
        parties: [
          { subjectType: 'person', subjectId: one.person.id, role: 'offender' },
          { subjectType: 'person', subjectId: two.person.id, role: 'driver' },
        ],
      },
    });
    caseId = kase.id;
    await officer.goto(`${appUrl}/cases/${caseId}`);
    const subjects = officer.getByTestId('case-subjects');
    await subjects.getByRole('link', { name: courier.toUpperCase() }).click();
    await officer.getByRole('heading', { name: `Person: ${courier.toUpperCase()}` }).waitFor();
    await officer.getByRole('region', { name: 'History' }).getByText('Recorded').waitFor();
    expect(officer.url()).toBe(`${appUrl}/persons/${one.person.id}`);
  });

  it('sees the links view: the case and the other party drawn, and listed beside', async () => {
    await officer.getByRole('link', { name: 'Links view' }).click();
    // The cases index follows a write within CASE_SEARCHABLE_WITHIN_MS.
    const graph = officer.getByTestId('links-graph');
    await reloadUntil(officer, async () => (await graph.count()) > 0);
    const labels = graph.locator('text');
    await labels.filter({ hasText: driver.toUpperCase() }).first().waitFor();
    const texts = await labels.allTextContents();
    expect(texts).toEqual(expect.arrayContaining([courier.toUpperCase(), driver.toUpperCase()]));
    expect(texts.some((text) => /^FRACDG-\d{4}-\d{6,}$/.test(text))).toBe(true);
    const list = officer.getByRole('region', { name: 'The same links as a list' });
    await list.getByRole('link', { name: `Person: ${driver.toUpperCase()}` }).waitFor();
    await officer.screenshot({ path: path.join(ARTEFACTS, 'subject-links.png'), fullPage: true });
    // A node of the list leads to the other person's page.
    await list.getByRole('link', { name: `Person: ${driver.toUpperCase()}` }).click();
    await officer.getByRole('heading', { name: `Person: ${driver.toUpperCase()}` }).waitFor();
  });
});
