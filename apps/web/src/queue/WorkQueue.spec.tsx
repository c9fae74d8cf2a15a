import { type Case, type CaseSummary, type Notification } from '@opencen/contracts';
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

  it('lists the recent watchlist hits among the notifications, each linked to its subject', async () => {
    const notification = (id: string, kind: Notification['kind'], link: Notification['link']) =>
      ({ id, kind, link, read: false, createdAt: '2026-12-07T10:00:00Z' }) as Notification;
    const withHits = fakeApi({
      ...api,
      listNotifications: async () => ({
        items: [
          notification('n-1', 'watchlist-hit', { type: 'person', id: 'p-1', label: 'DOE, Jane' }),
          notification('n-2', 'case-assigned', { type: 'case', id: 'c-9', label: 'FRACDG-9' }),
        ],
      }),
    });
    renderScreen(<WorkQueue />, { session: OFFICER, api: withHits });
    const hits = screen.getByRole('region', { name: 'Recent watchlist hits' });
    const hit = await within(hits).findByRole('link', { name: 'DOE, Jane' });
    expect(hit).toHaveAttribute('href', '/persons/p-1');
    expect(within(hits).queryByText('FRACDG-9')).not.toBeInTheDocument();
  });
});
