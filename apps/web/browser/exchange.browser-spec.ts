import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTEFACTS, launchChromium, signIn } from './support';

// The exchange screen in real Chromium against the whole stack: an officer checks a small CSV
// (a dry run: its report row by row), imports it for real and follows its progress; a liaison
// officer exports and gets the file, fetched with the token.

const appUrl = inject('appUrl');
/** References of this run only: cases are keyed on office + reference. */
const run = randomBytes(4).toString('hex').toUpperCase();

let browser: Browser;
let officer: Page;
let liaison: Page;

beforeAll(async () => {
  browser = await launchChromium();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  const name = context.task.name.replace(/\W+/g, '-');
  for (const [who, page] of [
    ['officer', officer],
    ['liaison', liaison],
  ] as const) {
    await page?.screenshot({
      path: path.join(ARTEFACTS, `failed-exchange-${name}-${who}.png`),
      fullPage: true,
    });
  }
});

afterAll(async () => {
  await browser?.close();
});

const header = [
  'reference',
  'type',
  'detectedAt',
  'detectionOffice',
  'detectionMethods',
  'departureCountry',
  'commodityCategory',
  'quantity',
  'unit',
];
/** Three cases of one row each; the second's unit is unknown (row 3 of the file). */
const csv = [
  header.join(','),
  `BRW-${run}-1,seizure,2026-12-01,FRA-CDG,XRAY_SCANNER,BR,DRUGS,2.5,KGM`,
  `BRW-${run}-2,seizure,2026-12-01,FRA-CDG,XRAY_SCANNER,BR,DRUGS,1,NOPE`,
  `BRW-${run}-3,seizure,2026-12-02,FRA-CDG,XRAY_SCANNER,CO,DRUGS,4,KGM`,
].join('\n');

describe('exchange in the browser', () => {
  it('an officer checks a CSV: the dry run reports each row, the bad one at its column', async () => {
    officer = await signIn(browser, appUrl, 'officer');
    await officer.getByRole('link', { name: 'Exchange' }).click();
    await officer.getByLabel('File (CSV or XLSX)').setInputFiles({
      name: `seizures-${run}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await officer.getByRole('button', { name: 'Check the file (dry run)' }).click();
    const report = officer.getByRole('table', {
      name: `Report of seizures-${run}.csv, row by row`,
    });
    await report.waitFor();
    const rows = report.locator('tbody tr');
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome'))),
    ).toEqual(['good', 'bad', 'good']);
    const bad = report.locator('tr[data-row="3"]');
    expect(await bad.locator('li[data-column="unit"]').count()).toBe(1);
    await officer.screenshot({
      path: path.join(ARTEFACTS, 'exchange-dry-run.png'),
      fullPage: true,
    });
  });

  it('imports the valid cases for real and follows the job to its end', async () => {
    await officer.getByRole('button', { name: 'Import 2 valid cases' }).click();
    const job = officer.getByTestId('import-run');
    await job.waitFor();
    await officer
      .getByTestId('import-run')
      .and(officer.locator('[data-status="imported"]'))
      .waitFor({
        timeout: 120_000,
      });
    await officer.getByText('2 of 2 cases done').waitFor();
    const imported = job
      .locator('dt', { hasText: /^Imported$/ })
      .locator('xpath=following-sibling::dd[1]');
    expect(await imported.textContent()).toBe('2');
    await officer.screenshot({ path: path.join(ARTEFACTS, 'exchange-import.png'), fullPage: true });
  });

  it('a liaison officer exports with a purpose and gets the file, fetched with the token', async () => {
    liaison = await signIn(browser, appUrl, 'liaison');
    await liaison.getByRole('link', { name: 'Exchange' }).click();
    await liaison.getByLabel('Detected from').fill('2026-12-01');
    await liaison.getByLabel('Purpose of the export').fill(`Browser test ${run}`);
    const download = liaison.waitForEvent('download');
    await liaison.getByRole('button', { name: 'Export', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cases-export-.+\.csv$/);
    const saved = path.join(ARTEFACTS, `exchange-${file.suggestedFilename()}`);
    await file.saveAs(saved);
    expect((await readFile(saved, 'utf8')).replace(/^\uFEFF/, '')).toMatch(/^caseNumber,type,/);
    await liaison.getByText(/Export complete/).waitFor();
    await liaison.screenshot({ path: path.join(ARTEFACTS, 'exchange-export.png'), fullPage: true });
  });
});
