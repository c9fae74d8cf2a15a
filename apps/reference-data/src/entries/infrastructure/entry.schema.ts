import { type Labels, type ReferenceList } from '@opencen/contracts';
import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

import { type Attributes } from '../domain/list-rules';

export const ENTRY_MODEL = 'Entry';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const ENTRIES_COLLECTION = 'entries';

/** An entry as stored: one document per code, which also carries the events of its changes. */
export interface EntryDocument {
  /** `<list>/<code>`: the natural key, so a code can be inserted only once whatever the indexes. */
  _id: string;
  list: ReferenceList;
  code: string;
  labels: Labels;
  attributes: Attributes;
  validFrom: string;
  validTo?: string;
  deprecated: boolean;
  replacedBy?: string;
  version: number;
  /** The list revision taken for the last write of this entry (see list.schema.ts). */
  revision: number;
  /** Normalized words of the code and labels, for text search (see domain/keywords). */
  keywords: string[];
  updatedAt: Date;
  outbox: OutboxEntry[];
}

const labelsSchema = new Schema<Labels>(
  {
    en: { type: String, required: true },
    fr: String,
    es: String,
    ru: String,
    ar: String,
    pt: String,
  },
  { _id: false },
);

export const entrySchema = new Schema<EntryDocument>(
  {
    _id: { type: String, required: true },
    list: { type: String, required: true },
    code: { type: String, required: true },
    labels: { type: labelsSchema, required: true },
    attributes: { type: Schema.Types.Mixed, default: {} },
    validFrom: { type: String, required: true },
    validTo: String,
    deprecated: { type: Boolean, required: true },
    replacedBy: String,
    version: { type: Number, required: true },
    revision: { type: Number, required: true },
    keywords: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  // minimize: false keeps `attributes: {}`; versionKey: our own `version` is the concurrency token.
  { minimize: false, versionKey: false },
);

// A page in code order ({ list, code: { $gt: cursor } }
// sorted by code) and the snapshot ({ list } sorted by code). Unique like the _id it mirrors.
entrySchema.index({ list: 1, code: 1 }, { unique: true });
// Text search: { list, keywords: { $regex: '^word' } } once per word typed.
entrySchema.index({ list: 1, keywords: 1 });
withOutbox(entrySchema);
