import { randomBytes } from 'node:crypto';

import {
  type PersonDraft,
  type Principal,
  createPerson,
  matchSavedWatches,
} from '@opencen/contracts';

import { type PersonsService, startPersonsService } from './support/persons-service';

/**
 * `persons.saved-search.match` against real NATS, FerretDB and OpenSearch: the watches of several
 * owners tried on one person, each as the person search of its owner (names in any script,
 * document numbers however typed), within the owner's clearance, answered once the index holds the
 * person (the request waits for it: no polling here).
 */
const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const cleared: Principal = { ...officer, sub: `it-cleared-${suffix}`, clearance: 'secret' };
const liaison: Principal = { sub: `it-liaison-${suffix}`, username: 'l', roles: ['liaison'] };
const family = `Voronkov${suffix.toLowerCase()}`;

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

describe('saved watches matched against one person', () => {
  let service: PersonsService;

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'RU'] });
  });
  afterAll(async () => {
    await service?.close();
  });

  const watches = (name: string) => [
    { id: 'by-name', filter: { name }, principal: officer },
    { id: 'by-document', filter: { documentNumber: `ab ${suffix}-77` }, principal: officer },
    { id: 'other-name', filter: { name: 'Zzyzxbelmont' }, principal: officer },
    { id: 'cleared-by-name', filter: { name }, principal: cleared },
    // A liaison officer may not search persons: that watch finds nothing.
    { id: 'liaison-by-name', filter: { name }, principal: liaison },
  ];

  it("finds a new person for the watches whose search lists it, as each owner's search", async () => {
    const created = await service.send(
      createPerson,
      {
        draft: draft({
          familyName: family,
          givenNames: 'Pavel',
          documents: [{ type: 'passport', number: `AB${suffix}77` }],
        }),
        confirmedNew: true,
      },
      officer,
    );
    const personId = (created as { person: { id: string } }).person.id;
    const reply = await service.send(matchSavedWatches, {
      recordType: 'person',
      recordId: personId,
      searches: watches(family.toUpperCase()),
    });
    expect(reply.matching.sort()).toEqual(['by-document', 'by-name', 'cleared-by-name']);
  });

  it("never finds a person above the owner's clearance", async () => {
    const created = await service.send(
      createPerson,
      {
        draft: draft({ familyName: family, givenNames: 'Ivan', classification: 'secret' }),
        confirmedNew: true,
      },
      cleared,
    );
    const personId = (created as { person: { id: string } }).person.id;
    const reply = await service.send(matchSavedWatches, {
      recordType: 'person',
      recordId: personId,
      searches: watches(family),
    });
    expect(reply.matching).toEqual(['cleared-by-name']);
  });

  it("refuses a user's request, and a watch with an unknown field, naming it", async () => {
    await expect(
      service.send(
        matchSavedWatches,
        { recordType: 'person', recordId: 'x', searches: watches(family) },
        officer,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      service.send(matchSavedWatches, {
        recordType: 'person',
        recordId: 'x',
        searches: [{ id: 'x', filter: { name: 'A', plate: 'B' } as never, principal: officer }],
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'searches.0.filter.plate' })],
    });
  });
});
