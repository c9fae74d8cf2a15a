import {
  type CloudEvent,
  type Person,
  type PersonDraft,
  type Principal,
  personDraftSchema,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type HistoryEntry, type NameQuery, forMatching, searchKeysOf } from '../domain/person';
import {
  type IndexedPerson,
  type MatchingOptions,
  PersonRepository,
  ReferenceCodes,
} from '../usecases/ports';

export const NOW = new Date('2026-11-28T10:00:00.000Z');

export const officer: Principal = {
  sub: 'sub-officer-1',
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
export const officerOfAnotherOffice: Principal = {
  ...officer,
  sub: 'sub-officer-2',
  office: 'FRA-ORY',
};
export const analyst: Principal = { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] };
export const admin: Principal = {
  sub: 'sub-admin',
  username: 'admin',
  roles: ['admin'],
  office: 'FRA-CDG',
};

export function contextOf(principal?: Principal) {
  return { correlationId: 'corr-1', principal };
}

export function aDraft(input: Partial<PersonDraft> & { familyName: string }): PersonDraft {
  return personDraftSchema.parse(input);
}

export const ivanovInCyrillic = aDraft({
  familyName: 'Иванов',
  givenNames: 'Иван',
  dateOfBirth: '1980-05-12',
  nationalities: ['RU'],
  documents: [{ type: 'passport', number: '75 1234567', issuingCountry: 'RU' }],
});

export function aPerson(draft: PersonDraft, overrides: Partial<Person> = {}): Person {
  return {
    ...draft,
    caseCount: 0,
    id: 'person-1',
    latinNames: [],
    office: 'FRA-CDG',
    createdAt: NOW.toISOString(),
    createdBy: 'sub-officer-1',
    updatedAt: NOW.toISOString(),
    updatedBy: 'sub-officer-1',
    version: 1,
    ...overrides,
  };
}

/**
 * A repository in memory that derives the same keys as the real one. Its index holds the stored
 * persons, except those given in `lagging`: there it holds that older state of the person, as the
 * people index does until it has followed a write.
 */
export class InMemoryPersons extends PersonRepository {
  readonly stored = new Map<string, { person: Person; history: HistoryEntry[] }>();
  readonly lagging = new Map<string, Person>();
  readonly events: CloudEvent[] = [];
  /** The ids read from the store one by one (findById and findEachById), in order. */
  readonly readsById: string[] = [];

  constructor(persons: Person[] = []) {
    super();
    for (const person of persons) this.stored.set(person.id, { person, history: [] });
  }

  async findById(id: string): Promise<Person | null> {
    this.readsById.push(id);
    return this.stored.get(id)?.person ?? null;
  }

  async history(id: string): Promise<HistoryEntry[] | null> {
    return this.stored.get(id)?.history ?? null;
  }

  async matchCandidates(keys: readonly string[], limit: number): Promise<IndexedPerson[]> {
    const ids = new Set([...this.stored.keys(), ...this.lagging.keys()]);
    return [...ids]
      .map((id) => this.lagging.get(id) ?? this.stored.get(id)!.person)
      .filter((person) => person.mergedInto === undefined)
      .filter((person) => searchKeysOf(person).blockingKeys.some((k) => keys.includes(k)))
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((person) => ({ id: person.id, forMatching: forMatching(person) }));
  }

  async findEachById(ids: readonly string[]): Promise<Person[]> {
    const persons = await Promise.all(ids.map((id) => this.findById(id)));
    return persons.filter((person): person is Person => person !== null && !person.mergedInto);
  }

  /** By the phonetic keys only (the index also compares the words, which add no candidate here). */
  async findByName(name: NameQuery, limit: number): Promise<Person[]> {
    return this.where(
      (person) => searchKeysOf(person).nameKeys.some((k) => name.keys.includes(k)),
      limit,
    );
  }

  async findByDocumentNumber(number: string, limit: number): Promise<Person[]> {
    return this.where((person) => searchKeysOf(person).documentNumbers.includes(number), limit);
  }

  async insert(person: Person, change: HistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    this.stored.set(person.id, { person, history: [change] });
    this.events.push(...events);
  }

  async update(
    person: Person,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    const current = this.stored.get(person.id);
    if (!current) throw ServiceError.notFound('no such person');
    if (current.person.version !== expectedVersion) throw ServiceError.conflict('stale');
    this.stored.set(person.id, { person, history: [...current.history, change] });
    this.events.push(...events);
  }

  private where(test: (person: Person) => boolean, limit: number): Person[] {
    return [...this.stored.values()]
      .map((entry) => entry.person)
      .filter((person) => person.mergedInto === undefined)
      .filter(test)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit);
  }
}

/** The reference service, knowing only some countries. */
export class FakeReferenceCodes extends ReferenceCodes {
  readonly asked: string[][] = [];

  constructor(private readonly known: readonly string[] = ['FR', 'RU', 'DE', 'UA']) {
    super();
  }

  async invalidCountries(codes: readonly string[]): Promise<Map<string, string>> {
    this.asked.push([...codes]);
    return new Map(
      codes.filter((code) => !this.known.includes(code)).map((code) => [code, 'unknown']),
    );
  }
}

export const matchingOptions: MatchingOptions = { maxCandidatesScored: 500 };
