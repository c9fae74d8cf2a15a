import {
  createReferenceEntry,
  deprecateReferenceEntry,
  getReferenceEntry,
  getReferenceSnapshot,
  listReferenceEntries,
  updateReferenceEntry,
  validateReferenceCodes,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/reference/:list';

/**
 * The reference-data routes, one per contract. The snapshot route is declared before the route of
 * one entry so that `/snapshot` is not read as a code (a code named `snapshot` cannot be read
 * through GET by code; it still is in lists and snapshots).
 */
export const referenceRoutes = {
  list: contractRoute({
    operationId: 'listReferenceEntries',
    method: 'GET',
    path: BASE,
    contract: listReferenceEntries,
    summary: 'List the entries of a code list, a page at a time',
    input: 'query',
    languageField: 'language',
    status: 200,
    responseHeaders: ['Content-Language'],
  }),
  snapshot: contractRoute({
    operationId: 'getReferenceSnapshot',
    method: 'GET',
    path: `${BASE}/snapshot`,
    contract: getReferenceSnapshot,
    summary: 'The whole code list with its version, for clients that keep a copy',
    input: 'query',
    languageField: 'language',
    status: 200,
    responseHeaders: ['Content-Language'],
  }),
  get: contractRoute({
    operationId: 'getReferenceEntry',
    method: 'GET',
    path: `${BASE}/:code`,
    contract: getReferenceEntry,
    summary: 'One entry by code, deprecated or not',
    input: 'query',
    languageField: 'language',
    status: 200,
    responseHeaders: ['ETag', 'Content-Language'],
  }),
  validate: contractRoute({
    operationId: 'validateReferenceCodes',
    method: 'POST',
    path: `${BASE}/validate`,
    contract: validateReferenceCodes,
    summary: 'Check a batch of codes against a code list on a date',
    input: 'body',
    status: 200,
  }),
  create: contractRoute({
    operationId: 'createReferenceEntry',
    method: 'POST',
    path: BASE,
    contract: createReferenceEntry,
    summary: 'Add an entry to a code list',
    input: 'body',
    roles: ['admin'],
    status: 201,
    responseHeaders: ['Location', 'ETag', 'Content-Language'],
  }),
  update: contractRoute({
    operationId: 'updateReferenceEntry',
    method: 'PATCH',
    path: `${BASE}/:code`,
    contract: updateReferenceEntry,
    summary: 'Change the labels, attributes or validity of an entry',
    input: 'body',
    versionField: 'version',
    roles: ['admin'],
    status: 200,
    responseHeaders: ['ETag', 'Content-Language'],
  }),
  deprecate: contractRoute({
    operationId: 'deprecateReferenceEntry',
    method: 'POST',
    path: `${BASE}/:code/deprecate`,
    contract: deprecateReferenceEntry,
    summary: 'Retire an entry: it stays readable, but is no longer valid after its last day',
    input: 'body',
    versionField: 'version',
    roles: ['admin'],
    status: 200,
    responseHeaders: ['ETag', 'Content-Language'],
  }),
};
