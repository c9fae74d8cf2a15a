import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

import { type HistoryEntry } from '../domain/person';

export const PERSON_MODEL = 'Person';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const PERSONS_COLLECTION = 'persons';

/**
 * A person as stored: one document per person, which also carries its change history and the
 * events of its changes, so that each change is one atomic single-document write.
 */
export interface PersonDocument {
  _id: string;
  familyName: string;
  givenNames?: string;
  aliases: { familyName: string; givenNames?: string }[];
  gender: string;
  dateOfBirth?: string;
  placeOfBirth?: string;
  nationalities: string[];
  documents: Record<string, unknown>[];
  addresses: Record<string, unknown>[];
  phones: string[];
  emails: string[];
  occupation?: string;
  notes?: string;
  classification: string;
  latinNames: string[];
  office: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  version: number;
  merges?: Record<string, unknown>[];
  mergedInto?: string;
  blockingKeys: string[];
  nameKeys: string[];
  documentNumbers: string[];
  history: HistoryEntry[];
  outbox: OutboxEntry[];
}

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

// Aliases, documents and addresses are Mixed: their shape is the contract's, checked before every write
// and again when read (person.mapper.ts).
export const personSchema = new Schema<PersonDocument>(
  {
    _id: { type: String, required: true },
    familyName: { type: String, required: true },
    givenNames: String,
    aliases: { type: Schema.Types.Mixed, default: [] },
    gender: { type: String, required: true },
    dateOfBirth: String,
    placeOfBirth: String,
    nationalities: { type: [String], default: [] },
    documents: { type: Schema.Types.Mixed, default: [] },
    addresses: { type: Schema.Types.Mixed, default: [] },
    phones: { type: [String], default: [] },
    emails: { type: [String], default: [] },
    occupation: String,
    notes: String,
    classification: { type: String, required: true },
    latinNames: { type: [String], default: [] },
    office: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    version: { type: Number, required: true },
    // The merges this person survived (domain/merge), and the survivor of a merged person.
    merges: { type: Schema.Types.Mixed },
    mergedInto: String,
    blockingKeys: { type: [String], default: [] },
    nameKeys: { type: [String], default: [] },
    documentNumbers: { type: [String], default: [] },
    history: { type: [historyEntrySchema], default: [] },
  },
  // versionKey: false: our own `version` is the concurrency token.
  { minimize: false, versionKey: false },
);

// Read by _id only. The keys are searched in the people index (person-search.index.ts), which
// copies them from here.
withOutbox(personSchema);
