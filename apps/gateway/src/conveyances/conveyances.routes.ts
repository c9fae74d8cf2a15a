import { type ReplyOf, conveyanceRecordContracts, searchConveyances } from '@opencen/contracts';

import { identifying } from '../audit/access-audit';
import { contractRoute } from '../http/contract-route';
import { officeRecordRoutes } from '../office-records/office-record.routes';

const BASE = '/api/v1/conveyances';

/**
 * The routes of means of conveyance (vehicles, trailers, vessels, aircraft, containers), those
 * every kind of record has (office-record.routes.ts) and their search. A create finds a candidate
 * in an equal identifier after normalisation; a wrong check digit (ISO 6346 container number, IMO
 * number) is a 400 naming the field.
 */
export const conveyanceRoutes = officeRecordRoutes({
  base: BASE,
  what: 'means of conveyance',
  noun: 'conveyance',
  kind: 'conveyance',
  operationIds: {
    create: 'createConveyance',
    get: 'getConveyance',
    update: 'updateConveyance',
    history: 'conveyanceHistory',
    merge: 'mergeConveyances',
    unmerge: 'unmergeConveyances',
  },
  contracts: conveyanceRecordContracts,
  create: {
    summary: 'Record a means of conveyance, unless one with an equal identifier is known',
    created: 'Recorded (`outcome: "created"`): the conveyance',
    candidates:
      'Nothing recorded (`outcome: "candidates"`): a conveyance with an equal identifier is known. Send again with `confirmedNew: true` if it is another one.',
  },
  search: contractRoute({
    operationId: 'searchConveyances',
    method: 'GET',
    path: BASE,
    contract: searchConveyances,
    summary: 'Search means of conveyance by plate, VIN, IMO number, MMSI or container number',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
    audit: {
      records: (reply: ReplyOf<typeof searchConveyances>) =>
        reply.items.map(({ id }) => ({ kind: 'conveyance' as const, id })),
      // A plate or a VIN leads to a vehicle's keeper, a person: hashed. Vessel (IMO, MMSI) and
      // container numbers name no one and are recorded as given.
      criteria: ({ plate, vin, imoNumber, mmsi, containerNumber }) => ({
        plate: identifying(plate),
        vin: identifying(vin),
        imoNumber,
        mmsi,
        containerNumber,
      }),
      purpose: 'required',
    },
  }),
});
