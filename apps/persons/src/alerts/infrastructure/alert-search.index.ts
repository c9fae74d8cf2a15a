import {
  alertExpired,
  alertRaised,
  alertUpdated,
  alertWithdrawn,
  consumerName,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { KEYWORD, PERSONS_INDEX_SETTINGS } from '../../office-records/office-records.module';
import { ALERTS_COLLECTION, type AlertDocument } from './alert.schema';

/** A calendar day, as alerts keep their validity (`YYYY-MM-DD`). */
const DAY = { type: 'date', format: 'strict_date' } as const;

/**
 * The alerts as lists and jobs see them: what they are filtered by, nothing nominal (no reason,
 * no handling instruction). The alert itself is read from the store by `_id`.
 */
export const ALERTS_INDEX: SearchIndexDefinition = {
  alias: 'persons-alerts',
  version: 1,
  settings: PERSONS_INDEX_SETTINGS,
  mappings: {
    dynamic: 'strict',
    properties: {
      // Pages in id order.
      id: KEYWORD,
      // The expiry job: `active` alerts whose `validTo` has passed.
      status: KEYWORD,
      validFrom: DAY,
      validTo: DAY,
      subjectType: KEYWORD,
      subjectId: KEYWORD,
      category: KEYWORD,
      ownerOffice: KEYWORD,
    },
  },
};

type StoredAlert = Omit<AlertDocument, 'outbox'>;

/** The index document of a stored alert, at its version. */
export function alertSearchDocument(stored: StoredAlert): ProjectedDocument {
  return {
    id: stored._id,
    version: stored.version,
    document: {
      id: stored._id,
      status: stored.status,
      validFrom: stored.validFrom,
      validTo: stored.validTo,
      subjectType: stored.subjectType,
      subjectId: stored.subjectId,
      category: stored.category,
      ownerOffice: stored.ownerOffice,
    },
  };
}

/**
 * The alerts index kept up to date from the alert events. A watchlist hit changes no indexed
 * field (its alert is re-read at the next alert event).
 */
export function alertsProjection(alerts: Model<AlertDocument>): SearchProjection {
  return {
    durable: consumerName('persons', 'search-alerts'),
    index: ALERTS_INDEX,
    events: [alertRaised, alertUpdated, alertExpired, alertWithdrawn],
    load: async (id) => {
      const stored = await alerts.findById(id, WITHOUT_OUTBOX).lean<StoredAlert>();
      return stored ? alertSearchDocument(stored) : null;
    },
  };
}

/** How the reindex command rebuilds the alerts index from the `alerts` collection. */
export const ALERTS_REINDEX: ReindexSource = {
  index: ALERTS_INDEX,
  collection: ALERTS_COLLECTION,
  documentOf: (stored) => alertSearchDocument(stored as unknown as StoredAlert),
};
