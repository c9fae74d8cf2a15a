import { type CaseLinks } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { aConveyance, aPerson } from '../subjects/subject-fixtures';
import { fakeApi, renderScreen } from '../testing/render';
import { LinksPage } from './LinksPage';

const reply: CaseLinks = {
  subject: { subjectType: 'person', subjectId: 'p-1' },
  cases: [
    { id: 'c-1', number: 'FRACDG-2026-000001', type: 'seizure', status: 'validated', hop: 1 },
    { id: 'c-2', number: 'FRACDG-2026-000002', type: 'offence', status: 'draft', hop: 2 },
  ],
  subjects: [
    { subjectType: 'person', subjectId: 'p-1', hop: 0 },
    { subjectType: 'conveyance', subjectId: 'v-1', hop: 1 },
    { subjectType: 'person', subjectId: 'p-2', hop: 2 },
  ],
  links: [
    { caseId: 'c-1', subjectType: 'person', subjectId: 'p-1' },
    { caseId: 'c-1', subjectType: 'conveyance', subjectId: 'v-1' },
    { caseId: 'c-2', subjectType: 'conveyance', subjectId: 'v-1' },
    { caseId: 'c-2', subjectType: 'person', subjectId: 'p-2' },
  ],
  truncated: true,
};

function renderLinks() {
  const caseLinks = vi.fn(async () => reply);
  const getSubject = vi.fn(async (kind: string, { id }: { id: string }) =>
    kind === 'conveyance'
      ? aConveyance({ id })
      : aPerson({ id, familyName: id === 'p-1' ? 'Ivanov' : 'Petrov', givenNames: undefined }),
  );
  renderScreen(
    <Routes>
      <Route path="/links/:kind/:id" element={<LinksPage />} />
    </Routes>,
    { api: fakeApi({ caseLinks, getSubject }), route: '/links/person/p-1' },
  );
  return { caseLinks };
}

describe('LinksPage', () => {
  it('draws every case and subject of the reply as a labelled node', async () => {
    const { caseLinks } = renderLinks();
    // ECharts' chunk is loaded on first use.
    const graph = await screen.findByTestId('links-graph', {}, { timeout: 15_000 });
    await vi.waitFor(() => {
      const labels = [...graph.querySelectorAll('text')].map((text) => text.textContent);
      expect(labels).toEqual(
        expect.arrayContaining([
          'FRACDG-2026-000001',
          'FRACDG-2026-000002',
          'IVANOV',
          'AB-123-CD',
          'PETROV',
        ]),
      );
    });
    expect(graph.querySelectorAll('path').length).toBeGreaterThanOrEqual(4);
    expect(caseLinks).toHaveBeenCalledWith({
      subject: { subjectType: 'person', subjectId: 'p-1' },
      depth: 2,
    });
  }, 20_000);

  it('lists the same links beside it, each to its page, and says the network is cut short', async () => {
    renderLinks();
    const list = await screen.findByRole('region', { name: 'The same links as a list' });
    expect(within(list).getByRole('link', { name: 'FRACDG-2026-000002' })).toHaveAttribute(
      'href',
      '/cases/c-2',
    );
    const named = within(list).getByRole('list', { name: 'Named in FRACDG-2026-000002' });
    expect(await within(named).findByRole('link', { name: 'Person: PETROV' })).toHaveAttribute(
      'href',
      '/persons/p-2',
    );
    expect(within(named).getByRole('link', { name: 'Conveyance: AB-123-CD' })).toHaveAttribute(
      'href',
      '/conveyances/v-1',
    );
    expect(screen.getByRole('status')).toHaveTextContent('Not every case is drawn');
  });
});
