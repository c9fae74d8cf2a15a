import {
  type Person,
  type PersonDraft,
  type PersonMerge,
  personCreated,
  personMerged,
  personSchema,
  personUnmerged,
  personUpdated,
} from '@opencen/contracts';

import { type RecordKind } from '../../office-records/domain/record-kind';
import { personMergeKind } from './merge';
import { PERSON_DRAFT_FIELDS, latinNamesOf, searchKeysOf } from './person';

/** Natural persons as a kind of office-owned record. */
export const personKind: RecordKind<'person', Person, PersonDraft, PersonMerge> = {
  noun: 'person',
  contract: personSchema,
  draftFields: PERSON_DRAFT_FIELDS,
  // The names in Latin script are part of the record: replies show them.
  build: (draft, stamps) => ({ ...draft, ...stamps, latinNames: latinNamesOf(draft) }),
  keysOf: (person) => ({ latinNames: latinNamesOf(person), ...searchKeysOf(person) }),
  // A document number's shape depends on its type and country: compared, never refused.
  draftIssues: () => [],
  countryCodes: (draft) => [
    ...draft.nationalities.map((code, i) => ({ path: `draft.nationalities.${i}`, code })),
    ...draft.documents.flatMap((document, i) =>
      document.issuingCountry
        ? [{ path: `draft.documents.${i}.issuingCountry`, code: document.issuingCountry }]
        : [],
    ),
    ...draft.addresses.map((address, i) => ({
      path: `draft.addresses.${i}.country`,
      code: address.country,
    })),
  ],
  events: {
    created: personCreated,
    updated: personUpdated,
    merged: personMerged,
    unmerged: personUnmerged,
  },
  eventData: (person) => ({
    personId: person.id,
    office: person.office,
    version: person.version,
    classification: person.classification,
  }),
  merge: personMergeKind,
};
