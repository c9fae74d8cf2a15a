import { randomBytes } from 'node:crypto';
import {
  type PersonDraft,
  type Principal,
  createPerson,
  getPerson,
  matchPersons,
  personCreated,
  personHistory,
  searchPersons,
  updatePerson,
} from '@opencen/contracts';
import { storedEvents } from '@opencen/testing';
import { type NatsConnection } from 'nats';

import { type PersonsService, startPersonsService } from './support/persons-service';
import { searchable } from './support/searchable';

/**
 * The service in process against real NATS, FerretDB and OpenSearch, driven only through its
 * request contracts. Searches and candidates read the search indexes, which follow a write within
 * PERSONS_SEARCHABLE_WITHIN_MS: a step that finds what the one before wrote waits for it. Its subjects are the real `persons.*` ones, answered by the queue group `persons`:
 * run this file alone (the package's test script runs integration files in band).
 *
 * The reference-data service is played by a responder on `reference.entry.validate` built with
 * the same HandleRequest as the real one, which knows a few countries: importing another app's
 * internals is not allowed, and the persons service needs only that one subject.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer1: Principal = {
  sub: `it-officer1-${suffix}`,
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const officer2: Principal = {
  sub: `it-officer2-${suffix}`,
  username: 'officer2',
  roles: ['officer'],
  office: 'FRA-ORY',
};
const analyst: Principal = { sub: `it-analyst-${suffix}`, username: 'analyst', roles: ['analyst'] };

// The database is this run's own; the stream keeps the events of earlier runs, which the event
// checks tell apart by person id. Document numbers and principals carry this run's suffix.
const cyrillicDraft: PersonDraft = {
  familyName: 'Иванов',
  givenNames: 'Иван',
  aliases: [],
  gender: 'male',
  dateOfBirth: '1980-05-12',
  nationalities: ['RU'],
  documents: [{ type: 'passport', number: `75 ${suffix.slice(0, 4)}567`, issuingCountry: 'RU' }],
  addresses: [],
  phones: [],
  emails: [],
  classification: 'restricted',
};
/** A Latin typo and a year-only birth date; the shared nationality makes the match strong. */
const latinDraft: PersonDraft = {
  ...cyrillicDraft,
  familyName: 'Ivanov',
  givenNames: 'Iven',
  dateOfBirth: '1980',
  documents: [],
};

interface StoredEvent {
  id: string;
  type: string;
  subject: string;
  data: { personId: string; version: number };
}

describe('persons over NATS', () => {
  let service: PersonsService;
  let send: PersonsService['send'];
  let nats: NatsConnection;
  let cyrillicId: string;

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'RU', 'DE', 'UA'] });
    ({ send, nats } = service);
  });

  afterAll(async () => {
    await service?.close();
  });

  /** Every person event in the stream about `personId`; other runs leave theirs there too. */
  async function eventsInStream(personId: string): Promise<StoredEvent[]> {
    const events = await storedEvents<StoredEvent>(nats, 'events.persons.person.>');
    return events.filter((event) => event.data?.personId === personId);
  }

  async function publishedEvents(personId: string, expected: number): Promise<StoredEvent[]> {
    const deadline = Date.now() + 10_000;
    let events = await eventsInStream(personId);
    while (events.length < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      events = await eventsInStream(personId);
    }
    return events;
  }

  it('creates a person written in Cyrillic, with its Latin names, found by them soon after', async () => {
    const reply = await send(createPerson, { draft: cyrillicDraft }, officer1);
    expect(reply).toMatchObject({
      outcome: 'created',
      person: {
        version: 1,
        office: 'FRA-CDG',
        createdBy: officer1.sub,
        latinNames: ['IVANOV IVAN'],
      },
    });
    if (reply.outcome !== 'created') throw new Error('expected a creation');
    cyrillicId = reply.person.id;
    const found = await searchable(
      () => send(searchPersons, { name: 'IVANOV', limit: 20 }, analyst),
      (page) => page.items.length > 0,
    );
    expect(found.items.map((person) => person.id)).toEqual([cyrillicId]);
  });

  it('proposes it as a strong candidate, with reasons, for a Latin draft with a typo, and stores nothing', async () => {
    const reply = await send(createPerson, { draft: latinDraft }, officer1);
    expect(reply.outcome).toBe('candidates');
    expect(reply.candidates).toEqual([
      expect.objectContaining({
        strength: 'strong',
        person: expect.objectContaining({ id: cyrillicId }),
        reasons: expect.arrayContaining([
          'family name, transliterated: Ivanov ≈ Иванов',
          'given name within one typo, transliterated (Iven ≈ Иван, IVEN ≈ IVAN)',
          'birth year equal (1980 / 1980-05-12)',
        ]),
      }),
    ]);
    const stored = await send(searchPersons, { name: 'Ivanov', limit: 100 }, analyst);
    expect(stored.items.map((person) => person.id)).toEqual([cyrillicId]);
    const matched = await send(matchPersons, { draft: latinDraft }, analyst);
    expect(matched.candidates.map((candidate) => candidate.person.id)).toEqual([cyrillicId]);
  });

  it('stores it when the officer confirms it is someone else', async () => {
    const reply = await send(createPerson, { draft: latinDraft, confirmedNew: true }, officer1);
    expect(reply).toMatchObject({
      outcome: 'created',
      candidates: [
        expect.objectContaining({ person: expect.objectContaining({ id: cyrillicId }) }),
      ],
    });
    if (reply.outcome !== 'created') throw new Error('expected a creation');
    await expect(send(getPerson, { id: reply.person.id }, analyst)).resolves.toMatchObject({
      familyName: 'Ivanov',
      version: 1,
    });
  });

  it('publishes personCreated exactly once, without names', async () => {
    const events = await publishedEvents(cyrillicId, 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: personCreated.type,
      data: { personId: cyrillicId, version: 1 },
    });
    expect(JSON.stringify(events[0])).not.toMatch(/Иван|IVANOV|officer1"/i);
  });

  it('finds the Cyrillic record by its Latin name and by its document number', async () => {
    // The Latin Ivanov too is searchable by now: the Cyrillic one is the closer.
    await service.everythingIndexed();
    const byName = await send(searchPersons, { name: 'IVANOV Ivan', limit: 20 }, analyst);
    expect(byName.items[0]?.id).toBe(cyrillicId);
    const byDocument = await send(
      searchPersons,
      { documentNumber: cyrillicDraft.documents[0]!.number.replace(' ', '-').toLowerCase() },
      analyst,
    );
    expect(byDocument.items.map((person) => person.id)).toEqual([cyrillicId]);
  });

  it('updates from the current version, refuses a stale one and another office', async () => {
    const draft = { ...cyrillicDraft, occupation: 'driver', phones: ['+33 1 23 45 67 89'] };
    await expect(
      send(updatePerson, { id: cyrillicId, version: 1, draft }, officer2),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const updated = await send(updatePerson, { id: cyrillicId, version: 1, draft }, officer1);
    expect(updated).toMatchObject({ version: 2, occupation: 'driver', updatedBy: officer1.sub });
    await expect(
      send(updatePerson, { id: cyrillicId, version: 1, draft: cyrillicDraft }, officer1),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    await expect(send(getPerson, { id: cyrillicId }, analyst)).resolves.toMatchObject({
      version: 2,
      occupation: 'driver',
    });
  });

  it('lists the creation and the update in the history', async () => {
    const history = await send(personHistory, { id: cyrillicId }, analyst);
    expect(history.changes).toEqual([
      expect.objectContaining({ version: 1, change: 'created', by: officer1.sub }),
      expect.objectContaining({
        version: 2,
        change: 'updated',
        by: officer1.sub,
        fields: ['phones', 'occupation'],
      }),
    ]);
  });

  it('refuses an unknown nationality naming the field, and stores nothing', async () => {
    await expect(
      send(
        createPerson,
        {
          draft: { ...cyrillicDraft, familyName: 'Nobody', nationalities: ['RU', 'QQ'] },
          confirmedNew: true,
        },
        officer1,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.nationalities.1' })],
    });
    await service.everythingIndexed();
    const found = await send(searchPersons, { name: 'Nobody' }, analyst);
    expect(found.items).toEqual([]);
  });

  it('is refused without a principal', async () => {
    await expect(send(getPerson, { id: cyrillicId })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('fails with UNAVAILABLE, storing nothing, when the reference service does not answer', async () => {
    await service.stopReference();
    await expect(
      send(
        createPerson,
        { draft: { ...cyrillicDraft, familyName: 'Unchecked' }, confirmedNew: true },
        officer1,
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await service.everythingIndexed();
    const found = await send(searchPersons, { name: 'Unchecked' }, analyst);
    expect(found.items).toEqual([]);
  });

  it('reports ready on its health endpoint', async () => {
    const response = await fetch(`${await service.app.getUrl()}/health/ready`);
    expect(response.status).toBe(200);
  });
});
