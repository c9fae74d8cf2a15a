import { type Principal } from '@opencen/contracts';

import { contextOf } from '../../cases/testing/case-ports.fakes';
import { officer } from '../../cases/testing/cases.fixtures';
import { type CaseQuery } from '../domain/case-query';
import { CaseStatistics, rowsOf } from './case-statistics';
import { type CasePage, CaseSearchStore, type StatisticsSum } from './ports';

const sums: StatisticsSum[] = [
  { dimension: 'routeCountry', key: 'FR', figure: 'value', unit: 'USD', amount: 5 },
  { dimension: 'routeCountry', key: 'FR', figure: 'quantity', unit: 'PCE', amount: 400 },
  { dimension: 'routeCountry', key: 'FR', figure: 'cases', unit: '', amount: 2 },
  { dimension: 'routeCountry', key: 'BR', figure: 'cases', unit: '', amount: 1 },
  { dimension: 'routeCountry', key: 'FR', figure: 'quantity', unit: 'KGM', amount: 12.5 },
  { dimension: 'routeCountry', key: 'FR', figure: 'value', unit: 'EUR', amount: 750 },
  { dimension: 'month', key: '2026-03', figure: 'cases', unit: '', amount: 2 },
];

class FixedSums extends CaseSearchStore {
  query?: CaseQuery;
  async search(): Promise<CasePage> {
    return { found: [], total: 0 };
  }
  async photos(): Promise<{ found: []; total: number }> {
    return { found: [], total: 0 };
  }
  async statistics(query: CaseQuery): Promise<{ cases: number; sums: StatisticsSum[] }> {
    this.query = query;
    return { cases: 2, sums };
  }
}

describe('CaseStatistics', () => {
  it('arranges the summed figures in rows per dimension, keys and units in order', () => {
    const rows = rowsOf(sums);
    expect(rows.routeCountry).toEqual([
      { key: 'BR', cases: 1, quantities: [], values: [] },
      {
        key: 'FR',
        cases: 2,
        quantities: [
          { unit: 'KGM', quantity: 12.5 },
          { unit: 'PCE', quantity: 400 },
        ],
        values: [
          { currency: 'EUR', amount: 750 },
          { currency: 'USD', amount: 5 },
        ],
      },
    ]);
    expect(rows.month).toEqual([{ key: '2026-03', cases: 2, quantities: [], values: [] }]);
    expect(rows.office).toEqual([]);
  });

  it("counts within the principal's scope and the filter", async () => {
    const store = new FixedSums();
    const reply = await new CaseStatistics(store).execute({
      commodityCategory: 'DRUGS',
      context: contextOf(officer),
    });
    expect(reply.cases).toBe(2);
    expect(store.query).toMatchObject({
      commodityCategory: 'DRUGS',
      scope: { all: false, offices: ['FRA-CDG'] },
    });
  });

  it('refuses a principal who may read no case', async () => {
    const integration: Principal = { sub: 'sa', username: 'sa', roles: ['integration'] };
    await expect(
      new CaseStatistics(new FixedSums()).execute({ context: contextOf(integration) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
