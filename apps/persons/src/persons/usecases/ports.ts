import { type Classification, type Person } from '@opencen/contracts';

import { RecordStore } from '../../office-records/usecases/ports';
import { type PersonForMatching } from '../domain/matching';
import { type NameQuery } from '../domain/person';

/**
 * What the people index holds of a person for matching, as of the last time it was indexed: it
 * follows the store within PERSONS_SEARCHABLE_WITHIN_MS, so it may describe an older version.
 */
export interface IndexedPerson {
  readonly id: string;
  readonly forMatching: PersonForMatching;
}

/**
 * Where persons are kept (the kernel's RecordStore); the store derives the search keys
 * (domain/person `searchKeysOf`) from the person it is given. The finders read a search index
 * that follows the writes within PERSONS_SEARCHABLE_WITHIN_MS, and return only persons of the
 * `readable` classifications (those within the caller's clearance), never merged ones.
 */
export abstract class PersonRepository extends RecordStore<Person> {
  /**
   * The persons that may match: those sharing at least one blocking key, at most `limit` of them,
   * answered from the index alone (no read of the store), so they may lag it.
   */
  abstract matchCandidates(
    keys: readonly string[],
    limit: number,
    readable: readonly Classification[],
  ): Promise<IndexedPerson[]>;
  /**
   * The persons of `ids` as stored now, each read by `_id`, in the order of `ids`; those gone or
   * merged are left out.
   */
  abstract findEachById(ids: readonly string[]): Promise<Person[]>;
  /**
   * Persons whose names match a name as typed (a phonetic key, or words as written or
   * transliterated, in common), at most `limit` of them.
   */
  abstract findByName(
    name: NameQuery,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Person[]>;
  /** Persons holding a document with this normalised number, at most `limit` of them. */
  abstract findByDocumentNumber(
    number: string,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Person[]>;
}
