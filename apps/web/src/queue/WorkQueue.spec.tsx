import { type Case, type CaseSummary } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OFFICER, SUPERVISOR, fakeApi, renderScreen } from '../testing/render';
import { WorkQueue } from './WorkQueue';

const summary = (id: string, status: CaseSummary['status']): CaseSummary => ({
  id,
  number: `FRACDG-2026-00000${id.slice(-1)}`,
  type: 'seizure',
  status,
  office: 'FRA-CDG',
  updatedAt: '2026-12-01T10:00:00Z',
  commodityCategories: [],
  routeCountries: [],
  itemCount: 0,
  partyCount: 0,
});

const api = fakeApi({
  searchCases: async ({ status }: { status?: string }) => ({
    items:
      status === 'draft'
        ? [summary('case-1', 'draft'), summary('case-2', 'draft')]
        : status === 'submitted'
          ? [summary('case-3', 'submitted')]
          : [],
    total: 0,
  }),
  getCase: async ({ id }: { id: string }) =>
    ({
      id,
      number: `FRACDG-2026-00000${id.slice(-1)}`,
      status: 'draft',
      createdBy: OFFICER.sub,
      tasks: [],
      ...(id === 'case-1'
        ? { rejection: { reason: 'Weight missing', at: '2026-12-01T11:00:00Z', by: 'x' } }
        : {}),
    }) as unknown as Case,
});

describe('WorkQueue', () => {
  it('shows an officer the cases rejected back to them, with the reason, apart from the drafts', async () => {
    renderScreen(<WorkQueue />, { session: OFFICER, api });
    const rejected = screen.getByRole('region', { name: 'Rejected back to me' });
    expect(await within(rejected).findByText('Rejected: Weight missing')).toBeInTheDocument();
    expect(within(rejected).getByRole('link', { name: 'FRACDG-2026-000001' })).toBeInTheDocument();
    const drafts = screen.getByRole('region', { name: 'Drafts of my office' });
    expect(
      await within(drafts).findByRole('link', { name: 'FRACDG-2026-000002' }),
    ).toBeInTheDocument();
    expect(
      within(drafts).queryByRole('link', { name: 'FRACDG-2026-000001' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Cases to validate' })).not.toBeInTheDocument();
  });

  it('shows a supervisor the cases to validate', async () => {
    renderScreen(<WorkQueue />, { session: SUPERVISOR, api });
    const toValidate = screen.getByRole('region', { name: 'Cases to validate' });
    expect(
      await within(toValidate).findByRole('link', { name: 'FRACDG-2026-000003' }),
    ).toBeInTheDocument();
  });
});
