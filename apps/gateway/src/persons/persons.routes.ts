import {
  type ReplyOf,
  matchPersons,
  personRecordContracts,
  searchPersons,
} from '@opencen/contracts';

import { identifying } from '../audit/access-audit';
import { contractRoute } from '../http/contract-route';
import { officeRecordRoutes } from '../office-records/office-record.routes';

const BASE = '/api/v1/persons';

/**
 * The routes of natural persons: their match, then those every kind of record has
 * (office-record.routes.ts) and their search. `match` is a fixed segment, so it is never read as
 * an id.
 */
export const personRoutes = {
  match: contractRoute({
    operationId: 'matchPersons',
    method: 'POST',
    path: `${BASE}/match`,
    contract: matchPersons,
    summary: 'Find people already known who may be the person described, scored and explained',
    input: 'body',
    policy: 'recordReaders',
    status: 200,
    audit: {
      records: (reply) =>
        reply.candidates.map(({ person }) => ({ kind: 'person' as const, id: person.id })),
      criteria: ({ draft }) => ({
        familyName: draft.familyName,
        givenNames: draft.givenNames,
        dateOfBirth: draft.dateOfBirth,
        nationalities: draft.nationalities,
        documentNumbers: identifying(draft.documents.map((document) => document.number)),
      }),
      purpose: 'required',
    },
  }),
  ...officeRecordRoutes({
    base: BASE,
    what: 'person',
    noun: 'person',
    kind: 'person',
    operationIds: {
      create: 'createPerson',
      get: 'getPerson',
      update: 'updatePerson',
      history: 'personHistory',
      merge: 'mergePersons',
      unmerge: 'unmergePersons',
    },
    contracts: personRecordContracts,
    create: {
      summary: 'Record a person, unless people already known look like them',
      created: 'Recorded (`outcome: "created"`): the person, and weaker candidates worth a look',
      candidates:
        'Nothing recorded (`outcome: "candidates"`): people already known look like this one. Show them to the officer; send again with `confirmedNew: true` if it is someone else.',
    },
    search: contractRoute({
      operationId: 'searchPersons',
      method: 'GET',
      path: BASE,
      contract: searchPersons,
      summary:
        'Search people by name (fuzzy, any script) or document number (exact), a page at a time',
      input: 'query',
      policy: 'recordReaders',
      status: 200,
      audit: {
        records: (reply: ReplyOf<typeof searchPersons>) =>
          reply.items.map(({ id }) => ({ kind: 'person' as const, id })),
        criteria: ({ name, documentNumber }) => ({
          name,
          documentNumber: identifying(documentNumber),
        }),
        purpose: 'required',
      },
    }),
  }),
};
