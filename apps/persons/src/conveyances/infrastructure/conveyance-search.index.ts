import { type ProjectedDocument } from '@opencen/nest-kit';

import {
  KEYWORD,
  recordIndex,
  recordIndexDocument,
  type StoredForIndex,
  recordIndexing,
} from '../../office-records/office-records.module';
import { conveyanceKind } from '../domain/conveyance-kind';
import { CONVEYANCES_COLLECTION, type ConveyanceDocument } from './conveyance.schema';

/**
 * The means of conveyance as searches and duplicate checks see them: the identifier keys the store
 * derived from each (domain/conveyance `identifierKeysOf`: plate, VIN, IMO number, MMSI, call
 * sign, aircraft registration, container number, each normalised and prefixed by its kind). The
 * record itself is read from the store by `_id`.
 */
export const CONVEYANCES_INDEX = recordIndex({
  alias: 'persons-conveyances',
  // 2 added `classification`.
  version: 2,
  properties: {
    // Duplicates on create and exact search, e.g. `imo:9074729`.
    identifierKeys: KEYWORD,
  },
});

type StoredConveyance = StoredForIndex<ConveyanceDocument>;

/** The index document of a stored conveyance, at its version. */
export function conveyanceSearchDocument(stored: StoredConveyance): ProjectedDocument {
  return recordIndexDocument(stored, {
    identifierKeys: stored.identifierKeys ?? [],
  });
}

/** The conveyances index, fed by the conveyance events and rebuilt from the `conveyances` collection. */
export const CONVEYANCES_INDEXING = recordIndexing({
  kind: conveyanceKind,
  consumer: 'search-conveyances',
  index: CONVEYANCES_INDEX,
  collection: CONVEYANCES_COLLECTION,
  documentOf: conveyanceSearchDocument,
});
