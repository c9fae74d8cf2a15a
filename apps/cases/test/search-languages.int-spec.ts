import { randomBytes } from 'node:crypto';

import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type Principal,
  createCase,
  searchCases,
} from '@opencen/contracts';
import { eventually } from '@opencen/testing';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * Free text in several scripts against the real analyzers of the cases index: each narrative is
 * found by another inflected form of one of its words, accents and case do not matter, and the
 * matched word is highlighted.
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-lang-${suffix}`,
  username: 'o',
  roles: ['officer'],
  office: 'FRA-CDG',
};

const narratives = {
  arabic: 'ضبط المخدرات في حقيبة مسافر قادم من الدار البيضاء',
  russian: 'Изъятие кокаина в багаже пассажира рейса из Москвы',
  french: 'Saisie de cigarettes dissimulées dans les camions frigorifiques',
  portuguese: 'Apreensão de cocaína escondida em contentores de bananas',
};

describe('case search in several languages', () => {
  let service: CasesService;
  const created: Record<string, Case> = {};
  const search = (text: string) =>
    service.send(searchCases, { text, limit: 10 }, officer).then((reply) => reply.items);
  const found = async (text: string) => (await search(text)).map((item) => item.id);

  beforeAll(async () => {
    service = await startCasesService(__filename, { knownSubjects: [] });
    for (const [language, narrative] of Object.entries(narratives)) {
      created[language] = await service.send(
        createCase,
        { draft: { type: 'seizure', narrative, location: { office: 'FRA-CDG' } } },
        officer,
      );
    }
    await eventually(
      async () => {
        const total = (await service.send(searchCases, {}, officer)).total;
        if (total !== 4) throw new Error(`${total} of 4 cases searchable`);
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'every case searchable',
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  it('finds an Arabic narrative by another form of its word (مخدرات for المخدرات)', async () => {
    expect(await found('مخدرات')).toEqual([created.arabic!.id]);
    const [hit] = await search('مخدرات');
    expect(hit!.highlights!.narrative![0]).toContain('<em>المخدرات</em>');
  });

  it('finds a Russian narrative by another case of its noun (кокаином for кокаина)', async () => {
    expect(await found('кокаином')).toEqual([created.russian!.id]);
    expect(await found('ПАССАЖИРОВ')).toEqual([created.russian!.id]);
  });

  it('finds a French narrative by the singular, without accents, in capitals', async () => {
    expect(await found('camion')).toEqual([created.french!.id]);
    expect(await found('DISSIMULEE')).toEqual([created.french!.id]);
    const [hit] = await search('camion');
    expect(hit!.highlights!.narrative![0]).toContain('<em>camions</em>');
  });

  it('folds accents in every script it can, and needs every word', async () => {
    expect(await found('apreensao cocaina')).toEqual([created.portuguese!.id]);
    expect(await found('cocaína bananas')).toEqual([created.portuguese!.id]);
    expect(await found('cocaína camions')).toEqual([]);
  });
});
