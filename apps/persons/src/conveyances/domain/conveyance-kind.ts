import {
  type Conveyance,
  type ConveyanceDraft,
  type ConveyanceMerge,
  conveyanceCreated,
  conveyanceMerged,
  conveyanceSchema,
  conveyanceUnmerged,
  conveyanceUpdated,
} from '@opencen/contracts';

import { type RecordKind, recordOf } from '../../office-records/domain/record-kind';
import { CONVEYANCE_DRAFT_FIELDS, conveyanceIssues, identifierKeysOf } from './conveyance';
import { conveyanceMergeKind } from './conveyance-merge';

/** Means of conveyance (vehicles, trailers, vessels, aircraft, containers) as a kind of record. */
export const conveyanceKind: RecordKind<
  'conveyance',
  Conveyance,
  ConveyanceDraft,
  ConveyanceMerge
> = {
  noun: 'conveyance',
  contract: conveyanceSchema,
  draftFields: CONVEYANCE_DRAFT_FIELDS,
  build: recordOf,
  keysOf: (conveyance) => ({ identifierKeys: identifierKeysOf(conveyance) }),
  draftIssues: conveyanceIssues,
  countryCodes: (draft) => [
    ...(draft.plateCountry ? [{ path: 'draft.plateCountry', code: draft.plateCountry }] : []),
    ...(draft.flag ? [{ path: 'draft.flag', code: draft.flag }] : []),
  ],
  events: {
    created: conveyanceCreated,
    updated: conveyanceUpdated,
    merged: conveyanceMerged,
    unmerged: conveyanceUnmerged,
  },
  // Events carry ids, type, office, version and classification only: never identifiers.
  eventData: (conveyance) => ({
    conveyanceId: conveyance.id,
    type: conveyance.type,
    office: conveyance.office,
    version: conveyance.version,
    classification: conveyance.classification,
  }),
  merge: conveyanceMergeKind,
};
