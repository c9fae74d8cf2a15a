import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

import { type HistoryEntry } from '../../subjects/domain/person';
import { historyEntrySchema } from './history.schema';

export const COMPANY_MODEL = 'Company';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const COMPANIES_COLLECTION = 'companies';

/**
 * A company as stored: one document per company, which also carries its change history and the
 * events of its changes, so that each change is one atomic single-document write.
 */
export interface CompanyDocument {
  _id: string;
  names: Record<string, unknown>[];
  country: string;
  registrationNumber?: string;
  taxNumber?: string;
  vatNumber?: string;
  eoriNumber?: string;
  addresses: Record<string, unknown>[];
  activity?: string;
  linkedPersons: Record<string, unknown>[];
  classification: string;
  office: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  version: number;
  matchKeys: string[];
  numbers: string[];
  nameKeys: string[];
  merges?: Record<string, unknown>[];
  mergedInto?: string;
  history: HistoryEntry[];
  outbox: OutboxEntry[];
}

// Names, addresses and linked persons are Mixed: their shape is the contract's, checked before
// every write and again when read (company.repository.ts).
export const companySchema = new Schema<CompanyDocument>(
  {
    _id: { type: String, required: true },
    names: { type: Schema.Types.Mixed, default: [] },
    country: { type: String, required: true },
    registrationNumber: String,
    taxNumber: String,
    vatNumber: String,
    eoriNumber: String,
    addresses: { type: Schema.Types.Mixed, default: [] },
    activity: String,
    linkedPersons: { type: Schema.Types.Mixed, default: [] },
    classification: { type: String, required: true },
    office: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    version: { type: Number, required: true },
    matchKeys: { type: [String], default: [] },
    numbers: { type: [String], default: [] },
    nameKeys: { type: [String], default: [] },
    // The merges this company survived (records/domain/record-merge), and the survivor of a merged one.
    merges: { type: Schema.Types.Mixed },
    mergedInto: String,
    history: { type: [historyEntrySchema], default: [] },
  },
  // versionKey: false: our own `version` is the concurrency token.
  { minimize: false, versionKey: false },
);

// Read by _id only. The keys are searched in the companies index (company-search.index.ts), which
// copies them from here.
withOutbox(companySchema);
