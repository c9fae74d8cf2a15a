import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderScreen } from '../testing/render';
import { SubjectSearchPage } from './SubjectSearchPage';
import { aConveyance, aPerson } from './subject-fixtures';

describe('SubjectSearchPage', () => {
  it('searches persons with the purpose, lists them linked to their pages, and pages on', async () => {
    const searchSubjects = vi.fn(async (_kind: string, request: { cursor?: string }) =>
      request.cursor
        ? { items: [aPerson({ id: 'p-3', familyName: 'Petrov', givenNames: undefined })] }
        : { items: [aPerson(), aPerson({ id: 'p-2', givenNames: 'Piotr' })], nextCursor: 'c2' },
    );
    renderScreen(<SubjectSearchPage type="person" />, { api: fakeApi({ searchSubjects }) });
    await userEvent.type(screen.getByLabelText('Name'), 'ivanov');
    await userEvent.clear(screen.getByLabelText(/Purpose of the search/));
    await userEvent.type(screen.getByLabelText(/Purpose of the search/), 'Case FRACDG-2026-000042');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    const link = await screen.findByRole('link', { name: 'IVANOV, Pavel' });
    expect(link).toHaveAttribute('href', '/persons/p-1');
    expect(searchSubjects).toHaveBeenCalledWith(
      'person',
      { name: 'ivanov', limit: 20 },
      'Case FRACDG-2026-000042',
    );
    await userEvent.click(screen.getByRole('button', { name: 'More' }));
    expect(await screen.findByRole('link', { name: 'PETROV' })).toHaveAttribute(
      'href',
      '/persons/p-3',
    );
    expect(searchSubjects).toHaveBeenLastCalledWith(
      'person',
      { name: 'ivanov', limit: 20, cursor: 'c2' },
      'Case FRACDG-2026-000042',
    );
    expect(screen.queryByRole('button', { name: 'More' })).not.toBeInTheDocument();
  }, 20_000);

  it('refuses a search without a name or number at the field, and one without a purpose, sending nothing', async () => {
    const searchSubjects = vi.fn();
    renderScreen(<SubjectSearchPage type="person" />, { api: fakeApi({ searchSubjects }) });
    await userEvent.clear(screen.getByLabelText(/Purpose of the search/));
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(
      'give a name or a document number',
    );
    expect(screen.getByLabelText(/Purpose of the search/)).toHaveAttribute('aria-invalid', 'true');
    expect(searchSubjects).not.toHaveBeenCalled();
  });

  it('searches conveyances by their own fields, a plate here', async () => {
    const searchSubjects = vi.fn(async () => ({ items: [aConveyance()] }));
    renderScreen(<SubjectSearchPage type="conveyance" />, { api: fakeApi({ searchSubjects }) });
    expect(screen.getByRole('heading', { name: 'Means of conveyance' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Plate'), 'AB-123-CD');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    const row = (await screen.findByRole('link', { name: 'AB-123-CD' })).closest('tr')!;
    expect(within(row).getByRole('link')).toHaveAttribute('href', '/conveyances/v-1');
    expect(searchSubjects).toHaveBeenCalledWith(
      'conveyance',
      { plate: 'AB-123-CD', limit: 20 },
      'Subject search: checking a record',
    );
  });
});
