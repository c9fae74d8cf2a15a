import { type Case } from '@opencen/contracts';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { CasePage } from './CasePage';

const kase = {
  id: 'case-1',
  number: 'FRACDG-2026-000001',
  office: 'FRA-CDG',
  status: 'draft',
  type: 'seizure',
  version: 2,
  location: { office: 'FRA-CDG' },
  route: { departureCountry: 'BR', transitCountries: [] },
  items: [{ commodityCategory: 'DRUGS', quantity: 1234.5, unit: 'KGM' }],
  detectionMethods: ['XRAY'],
  workflow: [],
  rejection: { reason: 'The place is missing', at: '2026-12-01T10:00:00Z', by: 'sub-supervisor' },
} as unknown as Case;

describe('CasePage', () => {
  it("shows codes by their labels, numbers in the user's language, and the rejection", async () => {
    renderScreen(
      <Routes>
        <Route path="/cases/:id" element={<CasePage />} />
      </Routes>,
      {
        session: OFFICER,
        route: '/cases/case-1',
        api: fakeApi({ getCase: async () => kase }),
        language: 'fr',
      },
    );
    expect(
      await screen.findByText('Paris-Charles de Gaulle airport (FRA-CDG)'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Brazil (BR)')).toBeInTheDocument();
    expect(screen.getByText(/^1.234,5 kilogram \(KGM\)$/)).toBeInTheDocument();
    expect(
      screen.getAllByRole('status').find((element) => element.textContent?.includes('The place')),
    ).toHaveTextContent('The place is missing');
  });

  it('draws the route on a world map, loaded with the page', async () => {
    renderScreen(
      <Routes>
        <Route path="/cases/:id" element={<CasePage />} />
      </Routes>,
      { session: OFFICER, route: '/cases/case-1', api: fakeApi({ getCase: async () => kase }) },
    );
    const map = await screen.findByRole(
      'img',
      { name: 'Route on the world map: Brazil' },
      // The atlas is a chunk of its own, loaded on first use.
      { timeout: 5000 },
    );
    expect(map.querySelector('[data-mark="departure"]')).toHaveAttribute('data-country', 'BR');
  });
});
