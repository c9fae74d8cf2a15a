import { type Role } from '@opencen/contracts';
import {
  createPerson,
  getPerson,
  matchPersons,
  mergePersons,
  personHistory,
  searchPersons,
  unmergePersons,
  updatePerson,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/persons';

/** Who reads persons: everyone who works on cases, analysts included. */
export const PERSON_READERS = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
] as const satisfies readonly Role[];
/** Who records and edits persons; the service also keeps edits to the record's own office. */
export const PERSON_WRITERS = [
  'officer',
  'supervisor',
  'investigator',
] as const satisfies readonly Role[];

/** Who merges two records of one person, and undoes it; the service keeps supervisors to their office. */
export const PERSON_MERGERS = ['admin', 'supervisor'] as const satisfies readonly Role[];

/**
 * The routes of natural persons, one per contract. `POST /persons/match` is declared before
 * anything under `/persons/:id`, and there is no `GET /persons/match`, so `match` is never read as
 * an id.
 *
 * A create that finds strong candidates records nothing: that is an expected outcome, not an
 * error, so it answers **200** with `{ outcome: "candidates", candidates }` (no Location), and a
 * recorded person answers **201** with `{ outcome: "created", person, candidates }`, Location and
 * ETag. Clients branch on `outcome` (or on the status), and send again with `confirmedNew: true`
 * when the officer says the person is someone else.
 */
export const personRoutes = {
  match: contractRoute({
    operationId: 'matchPersons',
    method: 'POST',
    path: `${BASE}/match`,
    contract: matchPersons,
    summary: 'Find people already known who may be the person described, scored and explained',
    input: 'body',
    roles: PERSON_READERS,
    status: 200,
  }),
  create: contractRoute({
    operationId: 'createPerson',
    method: 'POST',
    path: BASE,
    contract: createPerson,
    summary: 'Record a person, unless people already known look like them',
    input: 'body',
    roles: PERSON_WRITERS,
    status: 201,
    successDescription:
      'Recorded (`outcome: "created"`): the person, and weaker candidates worth a look',
    otherSuccess: {
      status: 200,
      description:
        'Nothing recorded (`outcome: "candidates"`): people already known look like this one. Show them to the officer; send again with `confirmedNew: true` if it is someone else.',
    },
    responseHeaders: ['Location', 'ETag'],
  }),
  search: contractRoute({
    operationId: 'searchPersons',
    method: 'GET',
    path: BASE,
    contract: searchPersons,
    summary:
      'Search people by name (fuzzy, any script) or document number (exact), a page at a time',
    input: 'query',
    roles: PERSON_READERS,
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getPerson',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getPerson,
    summary: 'One person by id',
    input: 'query',
    roles: PERSON_READERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  update: contractRoute({
    operationId: 'updatePerson',
    method: 'PUT',
    path: `${BASE}/:id`,
    contract: updatePerson,
    summary: "Replace a person's details (the body is the draft; the version is If-Match)",
    input: 'body',
    bodyField: 'draft',
    versionField: 'version',
    roles: PERSON_WRITERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  history: contractRoute({
    operationId: 'personHistory',
    method: 'GET',
    path: `${BASE}/:id/history`,
    contract: personHistory,
    summary: 'Every change of a person: who, when, which version and which fields',
    input: 'query',
    roles: PERSON_READERS,
    status: 200,
  }),
  merge: contractRoute({
    operationId: 'mergePersons',
    method: 'POST',
    path: `${BASE}/:survivorId/merge`,
    contract: mergePersons,
    summary:
      'Merge another record of the same person into this one (the version of this one is If-Match)',
    input: 'body',
    versionField: 'survivorVersion',
    roles: PERSON_MERGERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  unmerge: contractRoute({
    operationId: 'unmergePersons',
    method: 'POST',
    path: `${BASE}/:survivorId/unmerge`,
    contract: unmergePersons,
    summary: 'Undo a merge into this person (the version of this one is If-Match)',
    input: 'body',
    versionField: 'survivorVersion',
    roles: PERSON_MERGERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
};
