import { Schema } from 'mongoose';

import { type HistoryEntry } from '../../subjects/domain/person';

/** One line of a record's change history, kept in the record's own document. */
export const historyEntrySchema = new Schema<HistoryEntry>(
  {
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    change: { type: String, required: true },
    fields: { type: [String], default: [] },
  },
  { _id: false },
);
