import {
  type ReferenceEntry,
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

/** The URL of an entry, as in Location. */
const entryLocation = (entry: ReferenceEntry) =>
  `/api/v1/reference/${entry.list}/${encodeURIComponent(entry.code)}`;
/** An entry answers its version as ETag and the language its label is in. */
const entryHeaders = {
  etag: (entry: ReferenceEntry) => entry.version,
  contentLanguage: (entry: ReferenceEntry) => entry.labelLanguage,
};

/**
 * The reference-data routes, one per contract. `/snapshot` and `/validate` are fixed segments, so
 * they win over `/:code` (a code named `snapshot` cannot be read through GET by code; it still is
 * in lists and snapshots). Lists answer in the negotiated language.
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
    contentLanguage: (_, request) => request.language,
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
    contentLanguage: (_, request) => request.language,
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
    ...entryHeaders,
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
    policy: 'administrators',
    status: 201,
    location: entryLocation,
    ...entryHeaders,
  }),
  update: contractRoute({
    operationId: 'updateReferenceEntry',
    method: 'PATCH',
    path: `${BASE}/:code`,
    contract: updateReferenceEntry,
    summary: 'Change the labels, attributes or validity of an entry',
    input: 'body',
    versionField: 'version',
    policy: 'administrators',
    status: 200,
    ...entryHeaders,
  }),
  deprecate: contractRoute({
    operationId: 'deprecateReferenceEntry',
    method: 'POST',
    path: `${BASE}/:code/deprecate`,
    contract: deprecateReferenceEntry,
    summary: 'Retire an entry: it stays readable, but is no longer valid after its last day',
    input: 'body',
    versionField: 'version',
    policy: 'administrators',
    status: 200,
    ...entryHeaders,
  }),
};
