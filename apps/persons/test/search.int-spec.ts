import { randomBytes } from 'node:crypto';
import {
  type Person,
  type PersonDraft,
  type Principal,
  createConveyance,
  createPerson,
  matchPersons,
  mergePersons,
  searchConveyances,
  searchPersons,
} from '@opencen/contracts';
import { SearchService, aliasTargets } from '@opencen/nest-kit';

import { nameQueryOf } from '../src/persons/domain/person';
import { PEOPLE_INDEX, PEOPLE_INDEXING } from '../src/persons/infrastructure/person-search.index';
import { PersonRepository } from '../src/persons/usecases/ports';
import { type PersonsService, startPersonsService } from './support/persons-service';
import { reindex } from './support/reindex';
import { searchable } from './support/searchable';

/**
 * What the persons service finds through its search indexes (OpenSearch), fed by its own events:
 * names in any script and with any diacritics, identifiers however they are typed, merged records
 * left out, and an index rebuilt from the store by the reindex command. The service runs in process
 * against real NATS, FerretDB and OpenSearch, with indexes of this file's own; run in band like the
 * other files.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const supervisor: Principal = { ...officer, sub: `it-supervisor-${suffix}`, roles: ['supervisor'] };
const analyst: Principal = { sub: `it-analyst-${suffix}`, username: 'analyst', roles: ['analyst'] };

const draft = (fields: Partial<PersonDraft> & { familyName: string }): PersonDraft => ({
  aliases: [],
  gender: 'male',
  nationalities: [],
  documents: [],
  addresses: [],
  phones: [],
  emails: [],
  classification: 'restricted',
  ...fields,
});

describe('searching persons through the search index', () => {
  let service: PersonsService;
  let send: PersonsService['send'];

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'RU', 'DE'] });
    ({ send } = service);
  });
  afterAll(async () => {
    await service?.close();
  });

  async function created(person: PersonDraft): Promise<Person> {
    const reply = await send(createPerson, { draft: person, confirmedNew: true }, officer);
    if (reply.outcome !== 'created') throw new Error('expected a creation');
    return reply.person as Person;
  }

  const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

  /** The ids the people index itself finds with `match` on one field (no keys, no scoring). */
  async function matchedIn(field: string, query: string): Promise<string[]> {
    const search = service.app.get(SearchService);
    const { body } = await search.client.search({
      index: search.alias(PEOPLE_INDEX),
      body: { query: { match: { [field]: { query, operator: 'and' } } } },
    });
    return body.hits.hits.map((hit) => hit._id!);
  }

  it('finds a name stored in Cyrillic from its Latin spelling, by search and by match', async () => {
    const ivanov = await created(
      draft({ familyName: 'Иванов', givenNames: 'Сергей', dateOfBirth: '1971-09-30' }),
    );
    const found = await searchable(
      () => send(searchPersons, { name: 'IVANOV' }, analyst),
      (page) => page.items.length > 0,
    );
    expect(ids(found.items)).toEqual([ivanov.id]);
    // The index holds the name transliterated by the domain's rules.
    expect(await matchedIn('latinNames', 'ivanov sergei')).toEqual([ivanov.id]);
    const matched = await send(
      matchPersons,
      { draft: draft({ familyName: 'IVANOV', givenNames: 'SERGEI', dateOfBirth: '1971' }) },
      analyst,
    );
    expect(matched.candidates).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ id: ivanov.id }),
        reasons: expect.arrayContaining(['family name, transliterated: IVANOV ≈ Иванов']),
      }),
    ]);
  });

  it('finds a name written with diacritics from the same name typed without them', async () => {
    const muller = await created(draft({ familyName: 'Müller', givenNames: 'José' }));
    const found = await searchable(
      () => send(searchPersons, { name: 'jose muller' }, analyst),
      (page) => page.items.length > 0,
    );
    expect(ids(found.items)).toEqual([muller.id]);
    // The names as written, through the folded analyzer.
    expect(await matchedIn('names', 'jose muller')).toEqual([muller.id]);
    expect(await matchedIn('names', 'JOSÉ MÜLLER')).toEqual([muller.id]);
  });

  it('finds a document number and a plate however they are spaced and cased', async () => {
    const holder = await created(
      draft({
        familyName: 'Schmidt',
        documents: [{ type: 'passport', number: `C01X-${suffix}`, issuingCountry: 'DE' }],
      }),
    );
    const byDocument = await searchable(
      () => send(searchPersons, { documentNumber: `c01x ${suffix.toLowerCase()}` }, analyst),
      (page) => page.items.length > 0,
    );
    expect(ids(byDocument.items)).toEqual([holder.id]);

    const vehicle = await send(
      createConveyance,
      {
        draft: { type: 'vehicle', plate: `SR-${suffix}-7`, plateCountry: 'FR' },
        confirmedNew: true,
      },
      officer,
    );
    if (vehicle.outcome !== 'created') throw new Error('expected a creation');
    const byPlate = await searchable(
      () => send(searchConveyances, { plate: `sr ${suffix} 7` }, analyst),
      (page) => page.items.length > 0,
    );
    expect(ids(byPlate.items)).toEqual([vehicle.conveyance.id]);
  });

  it('keeps a merged person in the index marked merged, and proposes only its survivor', async () => {
    const survivor = await created(
      draft({ familyName: 'Кузнецов', givenNames: 'Олег', dateOfBirth: '1983-01-20' }),
    );
    const merged = await created(
      draft({ familyName: 'Kuznetsov', givenNames: 'Oleg', dateOfBirth: '1983' }),
    );
    const lookalike = draft({ familyName: 'Kuznetsov', givenNames: 'Oleg', dateOfBirth: '1983' });
    const before = await searchable(
      () => send(matchPersons, { draft: lookalike }, analyst),
      (reply) => reply.candidates.length === 2,
    );
    expect(ids(before.candidates.map((c) => c.person)).sort()).toEqual(
      [survivor.id, merged.id].sort(),
    );

    await send(
      mergePersons,
      {
        survivorId: survivor.id,
        survivorVersion: survivor.version,
        mergedId: merged.id,
        mergedVersion: merged.version,
      },
      supervisor,
    );
    const { client } = service.app.get(SearchService);
    const alias = service.app.get(SearchService).alias(PEOPLE_INDEX);
    const indexed = await searchable(
      async () => (await client.get({ index: alias, id: merged.id })).body._source,
      (source) => source?.mergedInto !== undefined,
    );
    expect(indexed).toMatchObject({
      mergedInto: survivor.id,
      forMatching: { family: 'Kuznetsov', given: 'Oleg', dateOfBirth: '1983' },
    });

    const after = await send(matchPersons, { draft: lookalike }, analyst);
    expect(ids(after.candidates.map((c) => c.person))).toEqual([survivor.id]);
    const byName = await send(searchPersons, { name: 'Kuznetsov Oleg' }, analyst);
    expect(ids(byName.items)).toEqual([survivor.id]);
  });

  it('scores candidates indexed without `forMatching` (before version 2) from the store', async () => {
    await service.everythingIndexed();
    const search = service.app.get(SearchService);
    const index = search.alias(PEOPLE_INDEX);
    const [ivanov] = (await send(searchPersons, { name: 'IVANOV' }, analyst)).items;
    // The document as version 1 of the mappings indexed it.
    const { body } = await search.client.get({ index, id: ivanov!.id });
    const { forMatching, ...older } = body._source as Record<string, unknown>;
    expect(forMatching).toMatchObject({ family: 'Иванов', given: 'Сергей' });
    await search.client.index({
      index,
      id: ivanov!.id,
      body: older,
      version: body._version,
      version_type: 'external_gte',
      refresh: true,
    });

    const matched = await send(
      matchPersons,
      { draft: draft({ familyName: 'IVANOV', givenNames: 'SERGEI', dateOfBirth: '1971' }) },
      analyst,
    );
    expect(ids(matched.candidates.map((c) => c.person))).toEqual([ivanov!.id]);
  });

  it('rebuilds the people index from the store into a new index, searchable as before', async () => {
    await service.everythingIndexed();
    const alias = service.app.get(SearchService).alias(PEOPLE_INDEX);
    const before = await aliasTargets(service.app.get(SearchService).client, alias);
    const [result] = await reindex(service.env, [PEOPLE_INDEXING.reindex]);
    // Every person of the store, the merged one too.
    expect(result).toMatchObject({ alias, copied: 5, removed: before });
    expect(await aliasTargets(service.app.get(SearchService).client, alias)).toEqual([
      result!.index,
    ]);
    const found = await send(searchPersons, { name: 'IVANOV' }, analyst);
    expect(found.items).toHaveLength(1);
    const folded = await send(searchPersons, { name: 'jose muller' }, analyst);
    expect(folded.items).toHaveLength(1);
  });

  it('keeps each retrieval to the caller’s clearance in the index query itself', async () => {
    const cleared = { ...supervisor, clearance: 'confidential' as const };
    const open = await created(draft({ familyName: `Lindqvist${suffix}`, givenNames: 'Ebba' }));
    const reply = await send(
      createPerson,
      {
        draft: draft({
          familyName: `Lindqvist${suffix}`,
          givenNames: 'Ebba',
          classification: 'confidential',
        }),
        confirmedNew: true,
      },
      cleared,
    );
    if (reply.outcome !== 'created') throw new Error('expected a creation');
    const closed = reply.person;
    await service.everythingIndexed();
    // The index document carries the classification, and the repository's query filters on it.
    const repository = service.app.get(PersonRepository);
    const query = nameQueryOf(`Lindqvist${suffix} Ebba`);
    expect(ids(await repository.findByName(query, 10, ['restricted']))).toEqual([open.id]);
    expect(
      ids(await repository.findByName(query, 10, ['restricted', 'confidential'])).sort(),
    ).toEqual([open.id, closed.id].sort());
    const search = await send(searchPersons, { name: `Lindqvist${suffix}` }, officer);
    expect(ids(search.items)).toEqual([open.id]);
  });
});
