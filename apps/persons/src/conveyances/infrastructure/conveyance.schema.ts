import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

import { historyEntrySchema } from '../../companies/infrastructure/history.schema';
import { type HistoryEntry } from '../../subjects/domain/person';

export const CONVEYANCE_MODEL = 'Conveyance';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const CONVEYANCES_COLLECTION = 'conveyances';

/**
 * A means of conveyance as stored: one document per conveyance, which also carries its change
 * history and the events of its changes, so that each change is one atomic single-document write.
 */
export interface ConveyanceDocument {
  _id: string;
  type: string;
  plate?: string;
  plateCountry?: string;
  vin?: string;
  imoNumber?: string;
  mmsi?: string;
  callSign?: string;
  flag?: string;
  aircraftRegistration?: string;
  containerNumber?: string;
  make?: string;
  model?: string;
  colour?: string;
  links: Record<string, unknown>[];
  classification: string;
  office: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  version: number;
  identifierKeys: string[];
  merges?: Record<string, unknown>[];
  mergedInto?: string;
  history: HistoryEntry[];
  outbox: OutboxEntry[];
}

/** Optional fields, removed from the document when a new version leaves them out. */
export const CONVEYANCE_OPTIONAL_FIELDS = [
  'plate',
  'plateCountry',
  'vin',
  'imoNumber',
  'mmsi',
  'callSign',
  'flag',
  'aircraftRegistration',
  'containerNumber',
  'make',
  'model',
  'colour',
] as const;

// Links are Mixed: their shape is the contract's, checked before every write and again when read.
export const conveyanceSchema = new Schema<ConveyanceDocument>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    ...Object.fromEntries(CONVEYANCE_OPTIONAL_FIELDS.map((field) => [field, String])),
    links: { type: Schema.Types.Mixed, default: [] },
    classification: { type: String, required: true },
    office: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    version: { type: Number, required: true },
    identifierKeys: { type: [String], default: [] },
    // The merges this conveyance survived (records/domain/record-merge), and the survivor of a merged one.
    merges: { type: Schema.Types.Mixed },
    mergedInto: String,
    history: { type: [historyEntrySchema], default: [] },
  },
  // versionKey: false: our own `version` is the concurrency token.
  { minimize: false, versionKey: false },
);

// Read by _id only. The identifier keys are searched in the conveyances index
// (conveyance-search.index.ts), which copies them from here.
withOutbox(conveyanceSchema);
