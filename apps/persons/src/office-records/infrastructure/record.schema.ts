import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema, type SchemaDefinition } from 'mongoose';

import { type HistoryEntry } from '../domain/office-record';

/** One line of a record's change history, kept in the record's own document. */
const historyEntrySchema = new Schema<HistoryEntry>(
  {
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    change: { type: String, required: true },
    fields: { type: [String], default: [] },
  },
  { _id: false },
);

/**
 * What every stored record has besides its kind's fields: one document per record, which also
 * carries its change history and the events of its changes, so that each change is one atomic
 * single-document write.
 */
export interface OfficeRecordDocument {
  _id: string;
  classification: string;
  office: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  version: number;
  merges?: Record<string, unknown>[];
  mergedInto?: string;
  history: HistoryEntry[];
  outbox: OutboxEntry[];
}

/**
 * The schema of a kind's collection: the kind's own fields (its draft and the keys it is found by)
 * and the office record's. Lists of objects are Mixed: their shape is the kind's contract, checked
 * before every write and again when read (MongoRecordStore reads through it). Read by `_id` only:
 * the keys are searched in the kind's index, which copies them from here.
 */
export function officeRecordSchema<D extends OfficeRecordDocument>(
  fields: SchemaDefinition,
): Schema<D> {
  const schema = new Schema<D>(
    {
      _id: { type: String, required: true },
      ...fields,
      classification: { type: String, required: true },
      office: { type: String, required: true },
      createdAt: { type: Date, required: true },
      createdBy: { type: String, required: true },
      updatedAt: { type: Date, required: true },
      updatedBy: { type: String, required: true },
      version: { type: Number, required: true },
      // The merges this record survived (domain/record-merge), and the survivor of a merged one.
      merges: { type: Schema.Types.Mixed },
      mergedInto: String,
      history: { type: [historyEntrySchema], default: [] },
    },
    // versionKey: false: our own `version` is the concurrency token.
    { minimize: false, versionKey: false },
  );
  withOutbox(schema);
  return schema;
}
