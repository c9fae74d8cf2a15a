import { randomBytes } from 'node:crypto';

import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type CaseDraftInput,
  type CaseSummary,
  type Principal,
  type RequestOf,
  caseStatistics,
  createCase,
  searchCases,
  submitCase,
} from '@opencen/contracts';

import { eventually } from '@opencen/testing';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * Search and statistics against real NATS, FerretDB and OpenSearch: cases created through the
 * service (so their index documents are the ones written in production), searchable within the
 * documented bound, then every filter, sort, cursor pages, totals, facets and the statistics'
 * sums checked against what was seeded.
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-o-${suffix}`,
  username: 'o',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const lehOfficer: Principal = { ...officer, sub: `it-o2-${suffix}`, office: 'FRA-LEH' };
const analyst: Principal = { sub: `it-a-${suffix}`, username: 'a', roles: ['analyst'] };
const person = `person-${suffix}`;
// The stand-in persons service knows persons and conveyances; a company party is matched the same way.
const company = `person2-${suffix}`;
const ship = `ship-${suffix}`;

interface Seed {
  by: Principal;
  draft: CaseDraftInput;
  submit?: boolean;
}

const drugs = (kg: number, eur: number, extra: object = {}) => ({
  commodityCategory: 'DRUGS',
  hsCode: '293979',
  description: 'Cocaine bricks',
  quantity: kg,
  unit: 'KGM',
  estimatedValue: { amount: eur, currency: 'EUR' },
  ...extra,
});
const cigarettes = (sticks: number, usd: number) => ({
  commodityCategory: 'TOBACCO',
  hsCode: '240220',
  description: 'Cigarettes without tax stamps',
  quantity: sticks,
  unit: 'PCE',
  estimatedValue: { amount: usd, currency: 'USD' },
  concealment: { method: 'TRUCK_CAVITY' },
});

/** Quantities and values are exact in binary, so sums compare with toBe. */
const seeds: Seed[] = [
  {
    by: officer,
    submit: true,
    draft: {
      type: 'seizure',
      detectedAt: '2026-01-10T10:00:00Z',
      location: { office: 'FRA-CDG' },
      detectionMethods: ['XRAY'],
      items: [drugs(2.5, 1000, { concealment: { method: 'BAGGAGE' } })],
      route: { departureCountry: 'BR', transitCountries: ['PT'], destinationCountry: 'FR' },
      parties: [{ subjectType: 'person', subjectId: person, role: 'offender' }],
      narrative: 'Suitcase with a false bottom',
    },
  },
  {
    by: officer,
    draft: {
      type: 'seizure',
      detectedAt: '2026-01-20T23:30:00Z',
      location: { office: 'FRA-CDG' },
      detectionMethods: ['DOG', 'XRAY'],
      items: [drugs(4, 3000), cigarettes(2000, 500)],
      route: { departureCountry: 'CO', destinationCountry: 'FR' },
      conveyance: { conveyanceId: ship },
    },
  },
  {
    by: officer,
    draft: {
      type: 'offence',
      detectedAt: '2026-02-01T00:00:00Z',
      location: { office: 'FRA-CDG' },
      detectionMethods: ['DOCUMENT_CHECK'],
      items: [cigarettes(10000, 2500)],
      route: { departureCountry: 'BY', transitCountries: ['PL', 'DE'], destinationCountry: 'FR' },
      parties: [{ subjectType: 'person', subjectId: company, role: 'consignee' }],
      narrative: 'Trailer with a cavity behind the cab',
    },
  },
  { by: officer, draft: { type: 'investigation' } },
  { by: officer, draft: { type: 'seizure', narrative: 'Suitcase left at the gate' } },
  {
    by: lehOfficer,
    submit: true,
    draft: {
      type: 'seizure',
      detectedAt: '2026-02-15T08:00:00Z',
      location: { office: 'FRA-LEH' },
      detectionMethods: ['XRAY'],
      items: [drugs(100, 50000, { hsCode: '1211', description: 'Coca leaves' })],
      route: { departureCountry: 'BR', destinationCountry: 'FR' },
      conveyance: { conveyanceId: ship },
      narrative: 'Container of bananas',
    },
  },
];

describe('case search and statistics over NATS', () => {
  let service: CasesService;
  const created: Case[] = [];
  const idOf = (i: number) => created[i]!.id;
  const ids = (items: CaseSummary[]) => items.map((item) => item.id).sort();
  const expectIds = (items: CaseSummary[], indexes: number[]) =>
    expect(ids(items)).toEqual(indexes.map(idOf).sort());

  const search = (principal: Principal, request: RequestOf<typeof searchCases> = {}) =>
    service.send(searchCases, { limit: 100, ...request }, principal);

  beforeAll(async () => {
    service = await startCasesService(__filename, { knownSubjects: [person, company, ship] });
    for (const seed of seeds) {
      const kase = await service.send(createCase, { draft: seed.draft }, seed.by);
      created.push(
        seed.submit
          ? await service.send(submitCase, { id: kase.id, version: kase.version }, seed.by)
          : kase,
      );
    }
    // Searchable within the documented bound: every case, in its last state.
    await eventually(
      async () => {
        const [all, submitted] = await Promise.all([
          search(analyst),
          search(analyst, { status: 'submitted' }),
        ]);
        if (all.total !== 6 || submitted.total !== 2) {
          throw new Error(`${all.total} of 6 cases, ${submitted.total} of 2 submitted`);
        }
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'every case searchable',
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  it("lists only the office's cases to an officer, and every case to an analyst", async () => {
    const own = await search(officer);
    expect(own.total).toBe(5);
    expectIds(own.items, [0, 1, 2, 3, 4]);
    expect((await search(lehOfficer)).total).toBe(1);
    expect((await search(analyst)).total).toBe(6);
    // An office filter cannot widen an officer's scope.
    expect((await search(officer, { office: 'FRA-LEH' })).total).toBe(0);
  });

  it('filters on each field', async () => {
    const cases = async (request: RequestOf<typeof searchCases>) => {
      const reply = await search(analyst, request);
      expect(reply.total).toBe(reply.items.length);
      return reply.items;
    };
    expectIds(await cases({ detectedFrom: '2026-01-15', detectedTo: '2026-02-01' }), [1, 2]);
    expectIds(await cases({ detectedTo: '2026-01-20T23:29:59Z' }), [0]);
    expectIds(await cases({ office: 'FRA-LEH' }), [5]);
    expectIds(await cases({ status: 'submitted' }), [0, 5]);
    expectIds(await cases({ type: 'offence' }), [2]);
    expectIds(await cases({ commodityCategory: 'TOBACCO' }), [1, 2]);
    expectIds(await cases({ hsPrefix: '29' }), [0, 1]);
    expectIds(await cases({ hsPrefix: '2402' }), [1, 2]);
    expectIds(await cases({ hsPrefix: '24022' }), [1, 2]);
    expectIds(await cases({ hsPrefix: '24029' }), []);
    expectIds(await cases({ country: 'BR' }), [0, 5]);
    expectIds(await cases({ country: 'PL' }), [2]);
    expectIds(await cases({ detectionMethod: 'DOG' }), [1]);
    expectIds(await cases({ concealmentMethod: 'TRUCK_CAVITY' }), [1, 2]);
    expectIds(await cases({ partyId: person }), [0]);
    expectIds(await cases({ partyId: company }), [2]);
    expectIds(await cases({ conveyanceId: ship }), [1, 5]);
    expectIds(await cases({ text: 'SUITCASE' }), [0, 4]);
    expectIds(await cases({ text: 'cigarettes cavity' }), [2]);
    expectIds(await cases({ text: 'coca' }), [5]);
    expectIds(await cases({ country: 'FR', commodityCategory: 'DRUGS', status: 'draft' }), [1]);
  });

  it('counts the matching cases by each filter dimension, within the scope', async () => {
    const all = await search(analyst, { facets: true });
    expect(all.facets!.office).toEqual([
      { value: 'FRA-CDG', count: 5 },
      { value: 'FRA-LEH', count: 1 },
    ]);
    expect(all.facets!.status).toEqual([
      { value: 'draft', count: 4 },
      { value: 'submitted', count: 2 },
    ]);
    expect(all.facets!.commodityCategory).toEqual([
      { value: 'DRUGS', count: 3 },
      { value: 'TOBACCO', count: 2 },
    ]);
    expect(all.facets!.country).toContainEqual({ value: 'FR', count: 4 });
    expect(all.facets!.detectionMethod).toContainEqual({ value: 'XRAY', count: 3 });
    expect(all.facets!.concealmentMethod).toContainEqual({ value: 'TRUCK_CAVITY', count: 2 });
    const drugs = await search(analyst, { facets: true, commodityCategory: 'DRUGS' });
    expect(drugs.facets!.office).toEqual([
      { value: 'FRA-CDG', count: 2 },
      { value: 'FRA-LEH', count: 1 },
    ]);
    // An officer of another office sees neither the hits nor their counts.
    const leh = await search(lehOfficer, { facets: true, text: 'suitcase' });
    expect(leh.total).toBe(0);
    expect(leh.facets!.office).toEqual([]);
    const own = await search(lehOfficer, { facets: true });
    expect(own.facets!.office).toEqual([{ value: 'FRA-LEH', count: 1 }]);
    expect(own.facets!.type).toEqual([{ value: 'seizure', count: 1 }]);
    expect((await search(analyst)).facets).toBeUndefined();
  });

  it('reports how far the search projection is behind in readiness', async () => {
    const reply = await fetch(`${await service.app.getUrl()}/health/ready`);
    const readiness = (await reply.json()) as {
      checks: Record<string, string>;
      projections: Record<string, { pending: number; lastLagMs: number | null }>;
    };
    expect(reply.status).toBe(200);
    expect(readiness.checks.search).toBe('up');
    expect(readiness.projections['cases-search']).toEqual({
      pending: 0,
      lastLagMs: expect.any(Number),
    });
  });

  it('highlights the matched words in each text field', async () => {
    const [hit] = (await search(analyst, { text: 'bottom', facets: false })).items;
    expect(hit!.id).toBe(idOf(0));
    expect(hit!.highlights).toEqual({ narrative: ['Suitcase with a false <em>bottom</em>'] });
    const [leaves] = (await search(analyst, { text: 'leaves' })).items;
    expect(leaves!.highlights!.itemDescriptions).toEqual(['Coca <em>leaves</em>']);
  });

  it('gives summaries, not whole cases', async () => {
    const [item] = (await search(analyst, { type: 'offence' })).items;
    expect(item).toEqual({
      id: idOf(2),
      number: created[2]!.number,
      type: 'offence',
      status: 'draft',
      office: 'FRA-CDG',
      detectedAt: '2026-02-01T00:00:00.000Z',
      updatedAt: created[2]!.updatedAt,
      commodityCategories: ['TOBACCO'],
      routeCountries: ['BY', 'DE', 'FR', 'PL'],
      itemCount: 1,
      partyCount: 1,
    });
  });

  it('sorts by detection date (undated last when descending, first when ascending), update and number', async () => {
    const order = async (request: RequestOf<typeof searchCases>) =>
      (await search(analyst, request)).items.map((item) =>
        created.findIndex((c) => c.id === item.id),
      );
    const undated = [3, 4].sort((a, b) => idOf(a).localeCompare(idOf(b)));
    expect(await order({ sort: 'detectedAt', order: 'desc' })).toEqual([5, 2, 1, 0, ...undated]);
    expect(await order({ sort: 'detectedAt', order: 'asc' })).toEqual([...undated, 0, 1, 2, 5]);
    const byNumber = [...created.keys()].sort((a, b) =>
      created[a]!.number.localeCompare(created[b]!.number),
    );
    expect(await order({ sort: 'number', order: 'asc' })).toEqual(byNumber);
    expect(await order({ sort: 'number', order: 'desc' })).toEqual([...byNumber].reverse());
    const byUpdate = [...created.keys()].sort(
      (a, b) =>
        created[b]!.updatedAt.localeCompare(created[a]!.updatedAt) ||
        idOf(a).localeCompare(idOf(b)),
    );
    expect(await order({ sort: 'updatedAt', order: 'desc' })).toEqual(byUpdate);
  });

  it('pages with a cursor in every sort, without overlap or gap, each page with the total', async () => {
    for (const sort of ['detectedAt', 'updatedAt', 'number'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = (await search(analyst, { sort, order })).items.map((item) => item.id);
        const paged: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await search(analyst, {
            sort,
            order,
            limit: 2,
            ...(cursor ? { cursor } : {}),
          });
          expect(page.total).toBe(6);
          paged.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        expect({ sort, order, paged }).toEqual({ sort, order, paged: whole });
        expect(pages).toBe(3);
      }
    }
  });

  it('refuses bad filters naming each field, and a foreign cursor', async () => {
    const refused = await search(analyst, {
      detectedFrom: 'yesterday',
      hsPrefix: '2',
      status: 'lost' as never,
    }).then(
      () => ({ code: 'none', details: [] as { path: string }[] }),
      (error: unknown) => error as { code: string; details: { path: string }[] },
    );
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.details.map((d) => d.path).sort()).toEqual([
      'detectedFrom',
      'hsPrefix',
      'status',
    ]);
    const first = await search(analyst, { limit: 2, sort: 'number' });
    await expect(
      search(analyst, { limit: 2, sort: 'updatedAt', cursor: first.nextCursor }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] });
    await expect(
      search(analyst, { detectedFrom: '2026-03-01', detectedTo: '2026-02-01' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'detectedTo' }] });
  });

  it('sums cases, quantities per unit and values per currency by every dimension', async () => {
    const stats = await service.send(caseStatistics, {}, analyst);
    expect(stats.cases).toBe(6);
    const { dimensions: d } = stats;
    expect(d.month).toEqual([
      {
        key: '2026-01',
        cases: 2,
        quantities: [
          { unit: 'KGM', quantity: 6.5 },
          { unit: 'PCE', quantity: 2000 },
        ],
        values: [
          { currency: 'EUR', amount: 4000 },
          { currency: 'USD', amount: 500 },
        ],
      },
      {
        key: '2026-02',
        cases: 2,
        quantities: [
          { unit: 'KGM', quantity: 100 },
          { unit: 'PCE', quantity: 10000 },
        ],
        values: [
          { currency: 'EUR', amount: 50000 },
          { currency: 'USD', amount: 2500 },
        ],
      },
    ]);
    expect(d.commodityCategory).toEqual([
      {
        key: 'DRUGS',
        cases: 3,
        quantities: [{ unit: 'KGM', quantity: 106.5 }],
        values: [{ currency: 'EUR', amount: 54000 }],
      },
      {
        key: 'TOBACCO',
        cases: 2,
        quantities: [{ unit: 'PCE', quantity: 12000 }],
        values: [{ currency: 'USD', amount: 3000 }],
      },
    ]);
    expect(d.office.map((row) => [row.key, row.cases])).toEqual([
      ['FRA-CDG', 5],
      ['FRA-LEH', 1],
    ]);
    expect(d.office[0]!.quantities).toEqual([
      { unit: 'KGM', quantity: 6.5 },
      { unit: 'PCE', quantity: 12000 },
    ]);
    expect(d.detectionMethod.map((row) => [row.key, row.cases])).toEqual([
      ['DOCUMENT_CHECK', 1],
      ['DOG', 1],
      ['XRAY', 3],
    ]);
    expect(d.detectionMethod[2]!.values).toEqual([
      { currency: 'EUR', amount: 54000 },
      { currency: 'USD', amount: 500 },
    ]);
    expect(d.concealmentMethod).toEqual([
      {
        key: 'BAGGAGE',
        cases: 1,
        quantities: [{ unit: 'KGM', quantity: 2.5 }],
        values: [{ currency: 'EUR', amount: 1000 }],
      },
      {
        key: 'TRUCK_CAVITY',
        cases: 2,
        quantities: [{ unit: 'PCE', quantity: 12000 }],
        values: [{ currency: 'USD', amount: 3000 }],
      },
    ]);
    expect(d.routeCountry.map((row) => [row.key, row.cases])).toEqual([
      ['BR', 2],
      ['BY', 1],
      ['CO', 1],
      ['DE', 1],
      ['FR', 4],
      ['PL', 1],
      ['PT', 1],
    ]);
    expect(d.routeCountry.find((row) => row.key === 'BR')!.quantities).toEqual([
      { unit: 'KGM', quantity: 102.5 },
    ]);
  });

  it('computes statistics over a filter and within the principal scope', async () => {
    const drugsBr = await service.send(
      caseStatistics,
      { commodityCategory: 'DRUGS', country: 'BR' },
      analyst,
    );
    expect(drugsBr.cases).toBe(2);
    expect(drugsBr.dimensions.office.map((row) => [row.key, row.cases])).toEqual([
      ['FRA-CDG', 1],
      ['FRA-LEH', 1],
    ]);
    const own = await service.send(caseStatistics, { detectedFrom: '2026-02-01' }, lehOfficer);
    expect(own.cases).toBe(1);
    expect(own.dimensions.commodityCategory).toEqual([
      {
        key: 'DRUGS',
        cases: 1,
        quantities: [{ unit: 'KGM', quantity: 100 }],
        values: [{ currency: 'EUR', amount: 50000 }],
      },
    ]);
  });
});
