import {
  type Person,
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

/** The URL of a person, as in Location. */
const personLocation = (person: Person) => `/api/v1/persons/${encodeURIComponent(person.id)}`;

/**
 * The routes of natural persons, one per contract. `match` is a fixed segment, so it is never read
 * as an id.
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
    policy: 'recordReaders',
    status: 200,
  }),
  create: contractRoute({
    operationId: 'createPerson',
    method: 'POST',
    path: BASE,
    contract: createPerson,
    summary: 'Record a person, unless people already known look like them',
    input: 'body',
    policy: 'recordWriters',
    status: 201,
    successDescription:
      'Recorded (`outcome: "created"`): the person, and weaker candidates worth a look',
    otherSuccess: {
      status: 200,
      description:
        'Nothing recorded (`outcome: "candidates"`): people already known look like this one. Show them to the officer; send again with `confirmedNew: true` if it is someone else.',
      when: (reply) => reply.outcome === 'candidates',
    },
    location: (reply) => (reply.outcome === 'created' ? personLocation(reply.person) : undefined),
    etag: (reply) => (reply.outcome === 'created' ? reply.person.version : undefined),
  }),
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
  }),
  get: contractRoute({
    operationId: 'getPerson',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getPerson,
    summary: 'One person by id',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
    etag: (person) => person.version,
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
    policy: 'recordWriters',
    status: 200,
    etag: (person) => person.version,
  }),
  history: contractRoute({
    operationId: 'personHistory',
    method: 'GET',
    path: `${BASE}/:id/history`,
    contract: personHistory,
    summary: 'Every change of a person: who, when, which version and which fields',
    input: 'query',
    policy: 'recordReaders',
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
    policy: 'recordMergers',
    status: 200,
    etag: (survivor) => survivor.version,
  }),
  unmerge: contractRoute({
    operationId: 'unmergePersons',
    method: 'POST',
    path: `${BASE}/:survivorId/unmerge`,
    contract: unmergePersons,
    summary: 'Undo a merge into this person (the version of this one is If-Match)',
    input: 'body',
    versionField: 'survivorVersion',
    policy: 'recordMergers',
    status: 200,
    etag: (reply) => reply.survivor.version,
  }),
};
