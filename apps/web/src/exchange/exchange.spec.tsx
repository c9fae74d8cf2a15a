import { type CaseExport, type CaseImport } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { OFFICER, SUPERVISOR, fakeApi, renderScreen } from '../testing/render';
import { ExchangePage } from './ExchangePage';

const LIAISON = {
  ...OFFICER,
  sub: 'sub-liaison',
  username: 'liaison',
  roles: ['liaison' as const],
};

const job = (changes: Partial<CaseImport> = {}): CaseImport => ({
  id: 'import-1',
  office: 'FRA-CDG',
  fileName: 'seizures.csv',
  format: 'csv',
  dryRun: true,
  status: 'checked',
  by: OFFICER.sub,
  at: '2026-12-07T10:00:00.000Z',
  rows: 4,
  badRows: 1,
  cases: 3,
  validCases: 2,
  imported: 0,
  alreadyImported: 0,
  failed: 0,
  problemCount: 2,
  problems: [
    { row: 3, column: 'quantity', reason: 'Expected a number, got "twelve"' },
    { row: 3, column: 'unit', reason: 'Unknown unit "KILO"' },
  ],
  ...changes,
});

const csv = () => new File(['reference,type\nA-1,seizure\n'], 'seizures.csv', { type: 'text/csv' });

// A real run is polled every second; typing in jsdom is slow on a loaded machine.
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => vi.restoreAllMocks());

describe('Import', () => {
  it('lists the dry run row by row, each bad row with its problems at their columns', async () => {
    const importCases = vi.fn(async () => job());
    renderScreen(<ExchangePage />, { api: fakeApi({ importCases }), route: '/exchange' });
    const file = csv();
    await userEvent.upload(screen.getByLabelText('File (CSV or XLSX)'), file);
    await userEvent.click(screen.getByRole('button', { name: 'Check the file (dry run)' }));
    expect(importCases).toHaveBeenCalledWith(file, true);
    const report = await screen.findByRole('table', { name: 'Report of seizures.csv, row by row' });
    const rows = within(report).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-row'))).toEqual(['2', '3', '4', '5']);
    expect(rows.map((row) => row.getAttribute('data-outcome'))).toEqual([
      'good',
      'bad',
      'good',
      'good',
    ]);
    const bad = rows[1]!;
    expect(within(bad).getByText('Bad')).toBeInTheDocument();
    const problems = within(bad).getAllByRole('listitem');
    expect(problems.map((item) => [item.getAttribute('data-column'), item.textContent])).toEqual([
      ['quantity', 'quantity: Expected a number, got "twelve"'],
      ['unit', 'unit: Unknown unit "KILO"'],
    ]);
    // Only the bad rows on demand.
    await userEvent.click(screen.getByLabelText('Only rows with problems'));
    expect(within(report).getAllByRole('row').slice(1)).toHaveLength(1);
  });

  it('shows a refused file at the file field and stores nothing', async () => {
    const importCases = vi.fn(async () => {
      throw new ApiProblem(400, 'Bad request', 'invalid', [
        { path: 'file', reason: 'Unknown column "weight" in the header' },
      ]);
    });
    renderScreen(<ExchangePage />, { api: fakeApi({ importCases }), route: '/exchange' });
    const input = screen.getByLabelText('File (CSV or XLSX)');
    await userEvent.upload(input, csv());
    await userEvent.click(screen.getByRole('button', { name: 'Check the file (dry run)' }));
    expect(await screen.findByText('Unknown column "weight" in the header')).toBeInTheDocument();
    expect(input).toHaveAccessibleDescription(/Unknown column "weight"/);
    expect(screen.queryByRole('button', { name: /Import .* valid cases/ })).not.toBeInTheDocument();
    expect(importCases).toHaveBeenCalledTimes(1);
  });

  it('imports for real after the dry run; the progress moves as the polled job moves', async () => {
    const running = job({ dryRun: false, status: 'importing', problems: [], problemCount: 0 });
    const importCases = vi.fn(async (_file: File, dryRun: boolean) => (dryRun ? job() : running));
    const polled = [
      { ...running, imported: 1 },
      { ...running, status: 'imported' as const, imported: 1, alreadyImported: 1 },
    ];
    const getCaseImport = vi.fn(async () => polled.shift() ?? polled.at(-1)!);
    renderScreen(<ExchangePage />, {
      api: fakeApi({ importCases, getCaseImport }),
      route: '/exchange',
    });
    const file = csv();
    await userEvent.upload(screen.getByLabelText('File (CSV or XLSX)'), file);
    await userEvent.click(screen.getByRole('button', { name: 'Check the file (dry run)' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Import 2 valid cases' }));
    expect(importCases).toHaveBeenLastCalledWith(file, false);
    // The bar follows the job as it is polled: 1 of 2 cases, then 2 of 2 and finished.
    const progress = await screen.findByRole('progressbar', { name: 'Import progress' });
    await screen.findByText('1 of 2 cases done', {}, { timeout: 4000 });
    expect(progress).toHaveAttribute('aria-valuenow', '50');
    await screen.findByText('Import finished', {}, { timeout: 4000 });
    expect(screen.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    expect(screen.getByText('2 of 2 cases done')).toBeInTheDocument();
    expect(getCaseImport).toHaveBeenCalledWith('import-1');
    const run = screen.getByTestId('import-run');
    expect(run).toHaveAttribute('data-status', 'imported');
    const imported = within(run).getByText('Imported').nextElementSibling;
    expect(imported).toHaveTextContent('1');
    const already = within(run).getByText('Already imported').nextElementSibling;
    expect(already).toHaveTextContent('1');
  });
});

describe('Export', () => {
  const record = (changes: Partial<CaseExport> = {}): CaseExport => ({
    id: 'export-1',
    format: 'csv',
    filter: {},
    status: 'running',
    by: LIAISON.sub,
    at: '2026-12-07T10:00:00.000Z',
    caseIds: ['case-1'],
    pages: 1,
    ...changes,
  });

  it('exports the filter of the address with the purpose, and saves the file it streamed', async () => {
    const blob = new Blob(['caseNumber\n'], { type: 'text/csv' });
    const exportCases = vi.fn(async () => ({
      exportId: 'export-1',
      fileName: 'cases-export-export-1.csv',
      file: async () => blob,
    }));
    const getCaseExport = vi.fn(async () =>
      record({ status: 'complete', caseIds: ['case-1', 'case-2'], pages: 1 }),
    );
    const createObjectURL = vi.fn(() => 'blob:export');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderScreen(<ExchangePage />, {
      session: LIAISON,
      api: fakeApi({ exportCases, getCaseExport }),
      route: '/exchange?detectedFrom=2026-01-01&office=FRA-CDG&routeCountry=BR',
    });
    await userEvent.click(screen.getByLabelText(/Purpose of the export/));
    await userEvent.paste('Agreement FR-BR 2026/4');
    await userEvent.click(screen.getByRole('radio', { name: 'XLSX' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(exportCases).toHaveBeenCalledWith(
      {
        format: 'xlsx',
        filter: {
          detectedFrom: '2026-01-01',
          detectedTo: undefined,
          offices: ['FRA-CDG'],
          commodityCategory: undefined,
          routeCountry: 'BR',
        },
      },
      'Agreement FR-BR 2026/4',
    );
    expect(await screen.findByText(/Export complete/)).toBeInTheDocument();
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('cases-export-export-1.csv');
    expect(screen.getByText('Cases served: 2; pages: 1')).toBeInTheDocument();
    expect(getCaseExport).toHaveBeenCalledWith('export-1');
  });

  it('refuses a missing purpose at its field and sends nothing', async () => {
    const exportCases = vi.fn();
    renderScreen(<ExchangePage />, {
      session: LIAISON,
      api: fakeApi({ exportCases }),
      route: '/exchange',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(screen.getByLabelText(/Purpose of the export/)).toHaveAttribute('aria-invalid', 'true');
    expect(exportCases).not.toHaveBeenCalled();
  });

  it("shows the API's refusal of a filter field at that field", async () => {
    const exportCases = vi.fn(async () => {
      throw new ApiProblem(400, 'Bad request', 'invalid', [
        { path: 'filter.detectedTo', reason: 'is before detectedFrom' },
      ]);
    });
    renderScreen(<ExchangePage />, {
      session: LIAISON,
      api: fakeApi({ exportCases }),
      route: '/exchange?detectedFrom=2026-02-01&detectedTo=2026-01-01',
    });
    await userEvent.click(screen.getByLabelText(/Purpose of the export/));
    await userEvent.paste('Request 12');
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByLabelText('Detected to')).toHaveAccessibleDescription(
      'is before detectedFrom',
    );
    expect(screen.queryByTestId('export-progress')).not.toBeInTheDocument();
  });
});

describe('Exchange by role', () => {
  it('offers the import to an officer, not the export', () => {
    renderScreen(<ExchangePage />, { route: '/exchange' });
    expect(screen.getByRole('heading', { name: 'Import cases from a file' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export' })).not.toBeInTheDocument();
  });

  it('offers the export to a liaison officer, not the import', () => {
    renderScreen(<ExchangePage />, { session: LIAISON, route: '/exchange' });
    expect(screen.queryByLabelText('File (CSV or XLSX)')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export' })).toBeInTheDocument();
  });

  it('offers both to a supervisor', () => {
    renderScreen(<ExchangePage />, { session: SUPERVISOR, route: '/exchange' });
    expect(screen.getByLabelText('File (CSV or XLSX)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export' })).toBeInTheDocument();
  });
});
