import { Schema } from 'mongoose';

import {
  type OfficeRecordDocument,
  SUBJECT_COLLECTIONS,
  officeRecordSchema,
} from '../../office-records/office-records.module';

export const PERSON_MODEL = 'Person';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const PERSONS_COLLECTION = SUBJECT_COLLECTIONS.person;

/** A person as stored: its fields and the keys it is found by (the kernel adds the rest). */
export interface PersonDocument extends OfficeRecordDocument {
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
  latinNames: string[];
  blockingKeys: string[];
  nameKeys: string[];
  documentNumbers: string[];
}

export const personSchema = officeRecordSchema<PersonDocument>({
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
  latinNames: { type: [String], default: [] },
  blockingKeys: { type: [String], default: [] },
  nameKeys: { type: [String], default: [] },
  documentNumbers: { type: [String], default: [] },
});
