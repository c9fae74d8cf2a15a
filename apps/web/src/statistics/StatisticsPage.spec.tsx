import { type ReplyOf, type caseStatistics } from '@opencen/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderScreen } from '../testing/render';
import StatisticsPage from './StatisticsPage';

const row = (key: string, cases: number, kilograms?: number, euros?: number) => ({
  key,
  cases,
  quantities: kilograms === undefined ? [] : [{ unit: 'KGM', quantity: kilograms }],
  values: euros === undefined ? [] : [{ currency: 'EUR', amount: euros }],
});

const statistics: ReplyOf<typeof caseStatistics> = {
  cases: 4,
  dimensions: {
    month: [row('2026-10', 1, 2.5), row('2026-11', 3, 1250.75, 98000)],
    commodityCategory: [row('DRUGS', 4, 1253.25, 98000)],
    office: [row('FRA-CDG', 4, 1253.25, 98000)],
    detectionMethod: [],
    concealmentMethod: [],
    routeCountry: [row('BR', 3), row('FR', 1)],
  },
};

function renderStatistics(route = '/statistics', language: 'en' | 'fr' | 'ar' = 'en') {
  const caseStatistics = vi.fn(async () => statistics);
  const result = renderScreen(
    <Routes>
      <Route path="/statistics" element={<StatisticsPage />} />
    </Routes>,
    { api: fakeApi({ caseStatistics }), route, language },
  );
  return { ...result, caseStatistics };
}

/** ECharts and the atlas are chunks of their own, loaded on first use: longer than a re-render. */
const LOADING = { timeout: 5000 };

const figure = (title: string) => screen.findByRole('region', { name: title });

describe('StatisticsPage', () => {
  it('asks for the statistics of the filter in the address', async () => {
    const { caseStatistics } = renderStatistics('/statistics?status=validated&text=cocaine');
    await screen.findByText('Cases counted: 4');
    expect(caseStatistics).toHaveBeenCalledWith({ status: 'validated', text: 'cocaine' });
  });

  it('draws each figure as a chart and tables its numbers, each count opening its cases', async () => {
    renderStatistics('/statistics?status=validated');
    const byMonth = await figure('Seizures by month');
    const table = within(byMonth).getByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))).toEqual([
      ['Name', 'Cases', 'Quantity (KGM)', 'Estimated value (EUR)'],
      ['Oct 2026 (2026-10)', '1', '2.5', ''],
      ['Nov 2026 (2026-11)', '3', '1,250.75', '98,000'],
    ]);
    expect(
      within(byMonth).getByRole('link', { name: 'Open the 3 cases of Nov 2026' }),
    ).toHaveAttribute(
      'href',
      '/cases?status=validated&detectedFrom=2026-11-01&detectedTo=2026-11-30',
    );
    // The chart is drawn (ECharts' SVG renderer), with a bar or line for the figures.
    const chart = await within(byMonth).findByTestId('chart', {}, LOADING);
    await waitFor(() => expect(chart.querySelector('svg path')).not.toBeNull(), LOADING);
    // Its axis is labelled with the months, and a screen reader is told what it shows.
    const axisLabels = [...chart.querySelectorAll('svg text')].map((text) => text.textContent);
    expect(axisLabels).toEqual(expect.arrayContaining(['Oct 2026', 'Nov 2026']));
    expect(
      chart.querySelector('[aria-label]')?.getAttribute('aria-label') ??
        chart.getAttribute('aria-label'),
    ).toContain('Seizures by month');

    const byCategory = await figure('Seizures by commodity category');
    // Code-list labels in the user's language, the code beside it.
    expect(
      await within(byCategory).findByRole('rowheader', { name: 'Narcotic drugs (DRUGS)' }),
    ).toBeInTheDocument();
    await waitFor(
      () =>
        expect(within(byCategory).getByTestId('chart').querySelector('svg path')).not.toBeNull(),
      LOADING,
    );
    expect(await figure('Seizures by office')).toHaveTextContent(
      'Paris-Charles de Gaulle airport (FRA-CDG)',
    );
  });

  it('offers each table as a CSV file holding the same figures', async () => {
    renderStatistics();
    const byMonth = await figure('Seizures by month');
    const link = within(byMonth).getByRole('link', { name: 'Download CSV: Seizures by month' });
    expect(link).toHaveAttribute('download', 'opencen-statistics-month.csv');
    const href = link.getAttribute('href')!;
    expect(href.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    const csv = decodeURIComponent(href.slice('data:text/csv;charset=utf-8,'.length));
    expect(csv).toBe(
      '\uFEFFCode,Name,Cases,Quantity (KGM),Estimated value (EUR)\r\n' +
        '2026-10,Oct 2026,1,2.5,\r\n' +
        '2026-11,Nov 2026,3,1250.75,98000\r\n',
    );
  });

  it('colours the route countries on the world map, the most counted the darkest', async () => {
    renderStatistics();
    const byCountry = await figure('Seizures by route country');
    const map = await within(byCountry).findByRole('img', { name: 'Seizures by route country' });
    const counted = [...map.querySelectorAll('[data-mark="counted"]')];
    expect(counted.map((shape) => shape.getAttribute('data-country')).sort()).toEqual(['BR', 'FR']);
    const brazil = map.querySelector('[data-country="BR"]')!;
    const france = map.querySelector('[data-country="FR"]')!;
    expect(brazil.querySelector('title')).toHaveTextContent('Brazil: 3 cases');
    const darkness = (fill: string) =>
      fill
        .match(/\d+/g)!
        .map(Number)
        .reduce((a, b) => a + b, 0);
    expect(darkness(brazil.getAttribute('fill')!)).toBeLessThan(
      darkness(france.getAttribute('fill')!),
    );
    expect(map.querySelector('[data-country="DE"]')).not.toHaveAttribute('data-mark');
    expect(
      within(byCountry).getByRole('link', { name: 'Open the 3 cases of Brazil' }),
    ).toHaveAttribute('href', '/cases?country=BR');
  });

  it("writes numbers and months in the user's language", async () => {
    renderStatistics('/statistics', 'fr');
    const byMonth = await figure('Saisies par mois');
    expect(
      within(byMonth).getByRole('rowheader', { name: 'nov. 2026 (2026-11)' }),
    ).toBeInTheDocument();
    expect(within(byMonth).getByText('1 250,75')).toBeInTheDocument();
  });

  it('is laid out right to left in Arabic, its months and texts in Arabic', async () => {
    renderStatistics('/statistics', 'ar');
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(screen.getByRole('heading', { name: 'الإحصاءات' })).toBeInTheDocument();
    const byMonth = await figure('الضبطيات حسب الشهر');
    const november = new Intl.DateTimeFormat('ar', {
      year: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date('2026-11-01T00:00:00Z'));
    expect(
      within(byMonth).getByRole('rowheader', { name: `${november} (2026-11)` }),
    ).toBeInTheDocument();
    expect(
      within(byMonth).getByRole('link', { name: 'تنزيل CSV: الضبطيات حسب الشهر' }),
    ).toBeInTheDocument();
  });
});
