import {
  type Conveyance,
  conveyanceHistory,
  createConveyance,
  getConveyance,
  mergeConveyances,
  searchConveyances,
  unmergeConveyances,
  updateConveyance,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/conveyances';

/** The URL of a conveyance, as in Location. */
const conveyanceLocation = (conveyance: Conveyance) =>
  `${BASE}/${encodeURIComponent(conveyance.id)}`;

/**
 * The routes of means of conveyance (vehicles, trailers, vessels, aircraft, containers), one per
 * contract, with the record policies of persons. A create with a candidate (an equal identifier after
 * normalisation) records nothing and answers **200** with `{ outcome: "candidates" }`; a recorded
 * conveyance answers **201** with Location and ETag. A wrong check digit (ISO 6346 container
 * number, IMO number) is a 400 naming the field.
 */
export const conveyanceRoutes = {
  create: contractRoute({
    operationId: 'createConveyance',
    method: 'POST',
    path: BASE,
    contract: createConveyance,
    summary: 'Record a means of conveyance, unless one with an equal identifier is known',
    input: 'body',
    policy: 'recordWriters',
    status: 201,
    successDescription: 'Recorded (`outcome: "created"`): the conveyance',
    otherSuccess: {
      status: 200,
      description:
        'Nothing recorded (`outcome: "candidates"`): a conveyance with an equal identifier is known. Send again with `confirmedNew: true` if it is another one.',
      when: (reply) => reply.outcome === 'candidates',
    },
    location: (reply) =>
      reply.outcome === 'created' ? conveyanceLocation(reply.conveyance) : undefined,
    etag: (reply) => (reply.outcome === 'created' ? reply.conveyance.version : undefined),
  }),
  search: contractRoute({
    operationId: 'searchConveyances',
    method: 'GET',
    path: BASE,
    contract: searchConveyances,
    summary: 'Search means of conveyance by plate, VIN, IMO number, MMSI or container number',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getConveyance',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getConveyance,
    summary: 'One means of conveyance by id',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
    etag: (conveyance) => conveyance.version,
  }),
  update: contractRoute({
    operationId: 'updateConveyance',
    method: 'PUT',
    path: `${BASE}/:id`,
    contract: updateConveyance,
    summary: "Replace a conveyance's details (the body is the draft; the version is If-Match)",
    input: 'body',
    bodyField: 'draft',
    versionField: 'version',
    policy: 'recordWriters',
    status: 200,
    etag: (conveyance) => conveyance.version,
  }),
  history: contractRoute({
    operationId: 'conveyanceHistory',
    method: 'GET',
    path: `${BASE}/:id/history`,
    contract: conveyanceHistory,
    summary: 'Every change of a means of conveyance: who, when, which version and which fields',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
  }),
  merge: contractRoute({
    operationId: 'mergeConveyances',
    method: 'POST',
    path: `${BASE}/:survivorId/merge`,
    contract: mergeConveyances,
    summary:
      "Merge another record of the same means of conveyance into this one (the version of this one is If-Match); admin, or a supervisor of both records' office",
    input: 'body',
    versionField: 'survivorVersion',
    policy: 'recordMergers',
    status: 200,
    etag: (conveyance) => conveyance.version,
  }),
  unmerge: contractRoute({
    operationId: 'unmergeConveyances',
    method: 'POST',
    path: `${BASE}/:survivorId/unmerge`,
    contract: unmergeConveyances,
    summary: 'Undo a merge into this means of conveyance (the version of this one is If-Match)',
    input: 'body',
    versionField: 'survivorVersion',
    policy: 'recordMergers',
    status: 200,
    etag: (reply) => reply.survivor.version,
  }),
};
