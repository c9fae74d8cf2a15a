import { randomBytes } from 'node:crypto';
import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type ReplyOf,
  type caseStatistics,
  type searchCases,
} from '@opencen/contracts';
import { eventually } from '@opencen/testing';
import { type DemoUser } from '@opencen/testing';
import { api } from './support/gateway';

type SearchReply = ReplyOf<typeof searchCases>;
type StatisticsReply = ReplyOf<typeof caseStatistics>;

/** A word only this file's cases contain, so that cases of other files do not count. */
const marker = `zq${randomBytes(4).toString('hex')}`;

const seizure = (office: string, narrative: string) => ({
  type: 'seizure',
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  location: { office, placeType: 'airport', country: 'FR' },
  procedure: 'passenger',
  detectionMethods: ['XRAY_SCANNER'],
  transportMode: 'AIR',
  items: [
    {
      commodityCategory: 'DRUGS',
      hsCode: '293979',
      description: 'Powder in a suitcase',
      quantity: 2,
      unit: 'KGM',
    },
  ],
  route: { departureCountry: 'BR', destinationCountry: 'FR' },
  narrative: `${marker} ${narrative}`,
});

const search = async (as: DemoUser, query: Record<string, string>) => {
  const reply = await api<SearchReply>(`/api/v1/cases?${new URLSearchParams(query)}`, { as });
  expect(reply.status).toBe(200);
  return reply.body;
};
const ids = (reply: SearchReply) => reply.items.map((item) => item.id).sort();

describe('case search and statistics through the gateway', () => {
  const created: Record<'russian' | 'arabic' | 'french', Case> = {} as never;

  beforeAll(async () => {
    const drafts = {
      russian: ['officer', seizure('FRA-CDG', 'Изъятие кокаина в багаже пассажира')],
      arabic: ['officer', seizure('FRA-CDG', 'ضبط المخدرات في حقيبة مسافر')],
      french: ['officer2', seizure('FRA-LEH', 'Saisie de cigarettes dans les camions')],
    } as const;
    for (const [name, [as, draft]] of Object.entries(drafts)) {
      const reply = await api<Case>('/api/v1/cases', { method: 'POST', as, body: { draft } });
      expect(reply.status).toBe(201);
      created[name as keyof typeof created] = reply.body;
    }
    // The documented bound: a change is searchable within CASE_SEARCHABLE_WITHIN_MS.
    await eventually(
      async () => {
        const { total } = await search('analyst', { text: marker });
        if (total !== 3) throw new Error(`${total} of 3 cases searchable`);
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'the three cases searchable',
    );
  });

  it('finds free text in three scripts by an inflected form, highlighted', async () => {
    const russian = await search('analyst', { text: `${marker} кокаином` });
    expect(ids(russian)).toEqual([created.russian.id]);
    expect(russian.items[0]!.highlights!.narrative![0]).toContain('<em>кокаина</em>');
    const arabic = await search('analyst', { text: `${marker} مخدرات` });
    expect(ids(arabic)).toEqual([created.arabic.id]);
    const french = await search('analyst', { text: `${marker} camion` });
    expect(ids(french)).toEqual([created.french.id]);
    expect(french.items[0]!.highlights!.narrative![0]).toContain('<em>camions</em>');
  });

  it('counts the matches by each filter dimension, and pages with a cursor', async () => {
    const all = await search('analyst', {
      text: marker,
      facets: 'true',
      limit: '2',
      sort: 'number',
    });
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    expect(all.facets!.office).toEqual([
      { value: 'FRA-CDG', count: 2 },
      { value: 'FRA-LEH', count: 1 },
    ]);
    expect(all.facets!.commodityCategory).toEqual([{ value: 'DRUGS', count: 3 }]);
    const next = await search('analyst', {
      text: marker,
      limit: '2',
      sort: 'number',
      cursor: all.nextCursor!,
    });
    expect(next.items).toHaveLength(1);
    expect([...ids(all), ...ids(next)].sort()).toEqual(
      Object.values(created)
        .map((kase) => kase.id)
        .sort(),
    );
  });

  it('shows an officer of another office neither the hit nor its count', async () => {
    const cdg = await search('officer', { text: marker, facets: 'true' });
    expect(ids(cdg)).toEqual([created.arabic.id, created.russian.id].sort());
    expect(cdg.facets!.office).toEqual([{ value: 'FRA-CDG', count: 2 }]);
    const hidden = await search('officer', { text: `${marker} camion`, facets: 'true' });
    expect(hidden.total).toBe(0);
    expect(hidden.facets!.office).toEqual([]);
    const leh = await search('officer2', { text: marker });
    expect(ids(leh)).toEqual([created.french.id]);
  });

  it('gives statistics over the same filter, within the caller’s scope', async () => {
    const statistics = async (as: DemoUser) => {
      const reply = await api<StatisticsReply>(
        `/api/v1/cases/statistics?${new URLSearchParams({ text: marker })}`,
        { as },
      );
      expect(reply.status).toBe(200);
      return reply.body;
    };
    const all = await statistics('analyst');
    expect(all.cases).toBe(3);
    expect(all.dimensions.office.map((row) => [row.key, row.cases])).toEqual([
      ['FRA-CDG', 2],
      ['FRA-LEH', 1],
    ]);
    expect(all.dimensions.commodityCategory).toEqual([
      { key: 'DRUGS', cases: 3, quantities: [{ unit: 'KGM', quantity: 6 }], values: [] },
    ]);
    const own = await statistics('officer');
    expect(own.cases).toBe(2);
    expect(own.dimensions.office.map((row) => row.key)).toEqual(['FRA-CDG']);
  });

  it('refuses an unknown parameter and a bad value, naming each', async () => {
    const refused = async (query: Record<string, string>) => {
      const reply = await api<{ errors: { path: string }[] }>(
        `/api/v1/cases?${new URLSearchParams(query)}`,
        { as: 'analyst' },
      );
      expect(reply.status).toBe(400);
      return reply.body.errors.map((error) => error.path).sort();
    };
    expect(await refused({ colour: 'red' })).toEqual(['colour']);
    expect(await refused({ facets: 'maybe', hsPrefix: '2' })).toEqual(['facets', 'hsPrefix']);
  });
});
