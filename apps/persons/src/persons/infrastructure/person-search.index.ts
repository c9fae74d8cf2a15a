import { type ProjectedDocument } from '@opencen/nest-kit';

import {
  FOLDED_ANALYSIS,
  FOLDED_TEXT,
  KEYWORD,
  recordIndex,
  recordIndexDocument,
  type StoredForIndex,
  recordIndexing,
  fromStored,
} from '../../office-records/office-records.module';
import { forMatching } from '../domain/person';
import { personKind } from '../domain/person-kind';
import { PERSONS_COLLECTION, type PersonDocument } from './person.schema';

/**
 * The natural persons as searches and candidate retrieval see them: the keys the store derived
 * from each person (domain/person `searchKeysOf`, `latinNamesOf`) and its names as written, plus
 * what candidate scoring reads of it (kept, not indexed). The record itself is read from the store
 * by `_id`.
 */
export const PEOPLE_INDEX = recordIndex({
  alias: 'persons-people',
  // 2 added `forMatching`; 3 added `classification`.
  version: 3,
  analysis: FOLDED_ANALYSIS,
  properties: {
    // The name and each alias as written, any script: "José Müller" is found by "jose muller".
    names: FOLDED_TEXT,
    // The same names transliterated by the domain's rules: "IVANOV IVAN" for Иванов Иван.
    latinNames: FOLDED_TEXT,
    // Candidates on create and match.
    blockingKeys: KEYWORD,
    // Search by name: phonetic keys of every significant name token.
    nameKeys: KEYWORD,
    // Exact search by document number, normalised.
    documentNumbers: KEYWORD,
    // Candidates on create and match are scored from it (domain/person `forMatching`) before
    // any is read from the store; only returned in `_source`, never searched.
    forMatching: { type: 'object', enabled: false },
  },
});

/** A stored person as read for the index (history and pending events are not needed). */
type StoredPerson = StoredForIndex<PersonDocument>;

const fullName = (name: { familyName?: string; givenNames?: string | null }) =>
  [name.familyName, name.givenNames].filter(Boolean).join(' ');

/** The index document of a stored person, at its version. */
export function personSearchDocument(stored: StoredPerson): ProjectedDocument {
  const names = [stored, ...(stored.aliases ?? [])].map(fullName).filter(Boolean);
  return recordIndexDocument(stored, {
    names,
    latinNames: stored.latinNames ?? [],
    blockingKeys: stored.blockingKeys ?? [],
    nameKeys: stored.nameKeys ?? [],
    documentNumbers: stored.documentNumbers ?? [],
    forMatching: forMatching(fromStored(personKind, stored as never)),
  });
}

/** The people index, fed by the person events and rebuilt from the `persons` collection. */
export const PEOPLE_INDEXING = recordIndexing({
  kind: personKind,
  consumer: 'search-people',
  index: PEOPLE_INDEX,
  collection: PERSONS_COLLECTION,
  documentOf: personSearchDocument,
});
