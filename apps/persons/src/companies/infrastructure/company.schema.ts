import { Schema } from 'mongoose';

import {
  type OfficeRecordDocument,
  SUBJECT_COLLECTIONS,
  officeRecordSchema,
} from '../../office-records/office-records.module';

export const COMPANY_MODEL = 'Company';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const COMPANIES_COLLECTION = SUBJECT_COLLECTIONS.company;

/** A company as stored: its fields and the keys it is found by (the kernel adds the rest). */
export interface CompanyDocument extends OfficeRecordDocument {
  names: Record<string, unknown>[];
  country: string;
  registrationNumber?: string;
  taxNumber?: string;
  vatNumber?: string;
  eoriNumber?: string;
  addresses: Record<string, unknown>[];
  activity?: string;
  linkedPersons: Record<string, unknown>[];
  matchKeys: string[];
  numbers: string[];
  nameKeys: string[];
}

export const companySchema = officeRecordSchema<CompanyDocument>({
  names: { type: Schema.Types.Mixed, default: [] },
  country: { type: String, required: true },
  registrationNumber: String,
  taxNumber: String,
  vatNumber: String,
  eoriNumber: String,
  addresses: { type: Schema.Types.Mixed, default: [] },
  activity: String,
  linkedPersons: { type: Schema.Types.Mixed, default: [] },
  matchKeys: { type: [String], default: [] },
  numbers: { type: [String], default: [] },
  nameKeys: { type: [String], default: [] },
});
