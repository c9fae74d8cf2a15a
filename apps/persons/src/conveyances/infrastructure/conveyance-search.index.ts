import {
  conveyanceCreated,
  conveyanceMerged,
  conveyanceUnmerged,
  conveyanceUpdated,
  consumerName,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import {
  KEYWORD,
  PERSONS_INDEX_SETTINGS,
  recordProjection,
} from '../../records/infrastructure/search';
import { CONVEYANCES_COLLECTION, type ConveyanceDocument } from './conveyance.schema';

/**
 * The means of conveyance as searches and duplicate checks see them: the identifier keys the store
 * derived from each (domain/conveyance `identifierKeysOf`: plate, VIN, IMO number, MMSI, call
 * sign, aircraft registration, container number, each normalised and prefixed by its kind). The
 * record itself is read from the store by `_id`.
 */
export const CONVEYANCES_INDEX: SearchIndexDefinition = {
  alias: 'persons-conveyances',
  version: 1,
  settings: PERSONS_INDEX_SETTINGS,
  mappings: {
    dynamic: 'strict',
    properties: {
      // Pages of a search, in id order.
      id: KEYWORD,
      // Duplicates on create and exact search, e.g. `imo:9074729`.
      identifierKeys: KEYWORD,
      // The survivor of a merged conveyance: left out of every retrieval.
      mergedInto: KEYWORD,
    },
  },
};

type StoredConveyance = Partial<Omit<ConveyanceDocument, 'history' | 'outbox'>> & {
  _id: string;
  version: number;
};

/** The index document of a stored conveyance, at its version. */
export function conveyanceSearchDocument(stored: StoredConveyance): ProjectedDocument {
  return {
    id: stored._id,
    version: stored.version,
    document: {
      id: stored._id,
      identifierKeys: stored.identifierKeys ?? [],
      ...(stored.mergedInto ? { mergedInto: stored.mergedInto } : {}),
    },
  };
}

/** The conveyances index kept up to date from the conveyance events (both sides of a merge). */
export function conveyancesProjection(conveyances: Model<ConveyanceDocument>): SearchProjection {
  return recordProjection({
    durable: consumerName('persons', 'search-conveyances'),
    index: CONVEYANCES_INDEX,
    events: [conveyanceCreated, conveyanceUpdated, conveyanceMerged, conveyanceUnmerged],
    records: conveyances,
    documentOf: conveyanceSearchDocument,
  });
}

/** How the reindex command rebuilds the conveyances index from the `conveyances` collection. */
export const CONVEYANCES_REINDEX: ReindexSource = {
  index: CONVEYANCES_INDEX,
  collection: CONVEYANCES_COLLECTION,
  documentOf: (stored) => conveyanceSearchDocument(stored as StoredConveyance),
};
