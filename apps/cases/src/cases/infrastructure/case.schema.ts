import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

import { type CaseDimensions } from '../domain/dimensions';
import { type Repoint } from '../domain/subject-links';
import { type CaseHistoryEntry } from '../usecases/ports';

export const CASE_MODEL = 'Case';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const CASES_COLLECTION = 'cases';
export const CASE_NUMBERS_COLLECTION = 'case_numbers';
export const CASE_NUMBER_SCOPES_COLLECTION = 'case_number_scopes';

/**
 * A case as stored: one document per case holding the contract's fields (the draft as entered,
 * Mixed where nested), the dimensions derived at every write (domain/dimensions), the change
 * history, the comment thread, the party re-pointings of persons merges, and the outbox.
 */
export type CaseDocument = Record<string, unknown> &
  CaseDimensions & {
    _id: string;
    number: string;
    office: string;
    status: string;
    type: string;
    detectedAt?: Date;
    createdAt: Date;
    updatedAt: Date;
    version: number;
    history: CaseHistoryEntry[];
    comments: Record<string, unknown>[];
    repoints: Repoint[];
    outbox: OutboxEntry[];
  };

export const caseSchema = new Schema<CaseDocument>(
  {
    _id: { type: String, required: true },
    number: { type: String, required: true },
    type: { type: String, required: true },
    office: { type: String, required: true },
    status: { type: String, required: true },
    classification: { type: String, required: true },
    detectedAt: Date,
    location: { type: Schema.Types.Mixed, default: {} },
    procedure: String,
    detectionMethods: { type: [String], default: [] },
    riskIndicators: { type: Schema.Types.Mixed, default: [] },
    transportMode: String,
    items: { type: Schema.Types.Mixed, default: [] },
    route: { type: Schema.Types.Mixed, default: {} },
    conveyance: Schema.Types.Mixed,
    parties: { type: Schema.Types.Mixed, default: [] },
    outcome: Schema.Types.Mixed,
    narrative: String,
    tags: { type: [String], default: [] },
    rejection: Schema.Types.Mixed,
    assignedInvestigators: { type: [String], default: [] },
    tasks: { type: Schema.Types.Mixed, default: [] },
    workflow: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    version: { type: Number, required: true },
    // Dimensions, derived at every write (domain/dimensions).
    period: String,
    year: Number,
    detectionOffice: String,
    commodityCategories: { type: [String], default: [] },
    hsCodes: { type: [String], default: [] },
    hsHeadings: { type: [String], default: [] },
    routeCountries: { type: [String], default: [] },
    concealmentMethods: { type: [String], default: [] },
    subjectKeys: { type: [String], default: [] },
    keywords: { type: [String], default: [] },
    itemCount: { type: Number, default: 0 },
    // Statistics figures per dimension key (domain/dimensions measuresOf); read only by $unwind + $group.
    measures: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    comments: { type: Schema.Types.Mixed, default: [] },
    repoints: { type: Schema.Types.Mixed, default: [] },
  },
  // versionKey: false: our own `version` is the concurrency token.
  { minimize: false, versionKey: false },
);

// A second guard of the numbers' uniqueness behind the claims. Every other read is by _id; search,
// lists and statistics go to the cases index (search/infrastructure/case-search.index.ts).
caseSchema.index({ number: 1 }, { unique: true });
withOutbox(caseSchema);

/**
 * One claimed case number: `_id` is `<scope>#<sequence>`, so a second claim is a duplicate key.
 * `caseId` is the case it is claimed for, `used` whether that case was stored; `formerCaseIds`
 * the creations it was taken over from (one of them may have stored its case after all).
 * Read by key only: the numbers of a scope are walked from its `lowestOpen`, one `_id` at a time.
 */
export interface CaseNumberDocument {
  _id: string;
  scope: string;
  sequence: number;
  caseId: string;
  formerCaseIds?: string[];
  used: boolean;
  claimedAt: Date;
}

export const caseNumberSchema = new Schema<CaseNumberDocument>(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    sequence: { type: Number, required: true },
    caseId: { type: String, required: true },
    formerCaseIds: [String],
    used: { type: Boolean, default: false },
    claimedAt: Date,
  },
  { versionKey: false },
);

/**
 * Where the walk of a scope's claims starts: every claim below `lowestOpen` is used. Only a hint
 * (a lost update leaves it lower, never wrong), so it is written without coordination.
 */
export interface CaseNumberScopeDocument {
  _id: string;
  lowestOpen: number;
}

export const caseNumberScopeSchema = new Schema<CaseNumberScopeDocument>(
  {
    _id: { type: String, required: true },
    lowestOpen: { type: Number, required: true },
  },
  { versionKey: false },
);

/** The models of the case store, registered by the cases module alone (others use its ports). */
export const CASE_STORE_MODELS = [
  { name: CASE_MODEL, schema: caseSchema, collection: CASES_COLLECTION },
  { name: CASE_NUMBERS_COLLECTION, schema: caseNumberSchema, collection: CASE_NUMBERS_COLLECTION },
  {
    name: CASE_NUMBER_SCOPES_COLLECTION,
    schema: caseNumberScopeSchema,
    collection: CASE_NUMBER_SCOPES_COLLECTION,
  },
];
