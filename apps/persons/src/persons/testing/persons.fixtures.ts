import { type Person, type PersonDraft, personDraftSchema } from '@opencen/contracts';
import { draftPart } from '@opencen/nest-kit';

import {
  InMemoryRecords,
  type SpecPorts,
  matchingOptions,
  specPortsOf,
  stampsOf,
} from '../../office-records/testing/office-records.fixtures';
import { PERSON_DRAFT_FIELDS, type NameQuery, forMatching, searchKeysOf } from '../domain/person';
import { CandidateSearch } from '../usecases/candidates';
import { PersonRecords } from '../usecases/person-records';
import { type IndexedPerson, type PersonRepository } from '../usecases/ports';

/** The draft part of a stored person. */
export function draftOf(person: Person): PersonDraft {
  return draftPart(PERSON_DRAFT_FIELDS, person);
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
    ...stampsOf('person-1'),
    latinNames: [],
    ...overrides,
  };
}

/**
 * A repository in memory that derives the same keys as the real one. Its index holds the stored
 * persons, except those given in `lagging`: there it holds that older state of the person, as the
 * people index does until it has followed a write.
 */
export class InMemoryPersons extends InMemoryRecords<Person> implements PersonRepository {
  readonly lagging = new Map<string, Person>();

  async matchCandidates(
    keys: readonly string[],
    limit: number,
    readable: readonly string[],
  ): Promise<IndexedPerson[]> {
    const ids = new Set([...this.stored.keys(), ...this.lagging.keys()]);
    return [...ids]
      .map((id) => this.lagging.get(id) ?? this.stored.get(id)!.record)
      .filter((person) => person.mergedInto === undefined)
      .filter((person) => readable.includes(person.classification))
      .filter((person) => searchKeysOf(person).blockingKeys.some((k) => keys.includes(k)))
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((person) => ({ id: person.id, forMatching: forMatching(person) }));
  }

  /** By the phonetic keys only (the index also compares the words, which add no candidate here). */
  async findByName(name: NameQuery, limit: number, readable: readonly string[]): Promise<Person[]> {
    return this.where(
      (person) => searchKeysOf(person).nameKeys.some((k) => name.keys.includes(k)),
      limit,
      readable,
    );
  }

  async findByDocumentNumber(
    number: string,
    limit: number,
    readable: readonly string[],
  ): Promise<Person[]> {
    return this.where(
      (person) => searchKeysOf(person).documentNumbers.includes(number),
      limit,
      readable,
    );
  }
}

/** The person use cases over a store in memory, at NOW. */
export function personRecordsOver(
  persons: PersonRepository,
  ports: SpecPorts & { candidates?: CandidateSearch } = {},
): PersonRecords {
  return new PersonRecords(
    persons,
    ports.candidates ?? new CandidateSearch(persons, matchingOptions),
    ...specPortsOf('person', ports),
  );
}
