import { withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

/** Also given to the outbox relay, which publishes the export events kept in these documents. */
export const CASE_EXPORTS_COLLECTION = 'case_exports';
export const CASE_IMPORTS_COLLECTION = 'case_imports';
export const CASE_IMPORT_ROWS_COLLECTION = 'case_import_rows';
export const CASE_IMPORT_KEYS_COLLECTION = 'case_import_keys';
export const CASE_IMPORT_RUNS_COLLECTION = 'case_import_runs';

/** One export: the record of what left (who, when, format, filter, case ids) and its outbox. */
export const caseExportSchema = new Schema(
  {
    _id: { type: String, required: true },
    format: { type: String, required: true },
    filter: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, required: true },
    by: { type: String, required: true },
    office: String,
    at: { type: Date, required: true },
    completedAt: Date,
    caseIds: { type: [String], default: [] },
    pages: { type: Number, required: true },
  },
  { minimize: false, versionKey: false },
);
// Exports of a user, newest first: { by } sorted by at.
caseExportSchema.index({ by: 1, at: -1 });
withOutbox(caseExportSchema);

/** One import job with its counts and the problems found. */
export const caseImportSchema = new Schema(
  {
    _id: { type: String, required: true },
    office: { type: String, required: true },
    fileName: { type: String, required: true },
    format: { type: String, required: true },
    dryRun: { type: Boolean, required: true },
    status: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    finishedAt: Date,
    rows: { type: Number, default: 0 },
    badRows: { type: Number, default: 0 },
    cases: { type: Number, default: 0 },
    validCases: { type: Number, default: 0 },
    imported: { type: Number, default: 0 },
    alreadyImported: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    problemCount: { type: Number, default: 0 },
    problems: { type: Schema.Types.Mixed, default: [] },
  },
  { minimize: false, versionKey: false },
);
// Import jobs of an office, newest first: { office } sorted by at.
caseImportSchema.index({ office: 1, at: -1 });

/**
 * A row of a job staged until the job ends (then deleted): `_id` is `<job>#<row>`. The collection
 * holds only the rows of the imports running now, so reading a job's rows by `importId` is
 * declared bounded (app.module.ts).
 */
export const caseImportRowSchema = new Schema(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true },
    reference: { type: String, required: true },
    row: { type: Number, required: true },
    bad: { type: Boolean, required: true },
    caseCells: { type: Schema.Types.Mixed, default: {} },
    item: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false, versionKey: false },
);
// Grouping a job's rows into cases: { importId } sorted by reference, row; and deleting them.
caseImportRowSchema.index({ importId: 1, reference: 1, row: 1 });

/**
 * Which case an import created for an office's source reference: `_id` is `<office>#<reference>`
 * (office codes have no `#`), claimed before the case is created so that a second run (or a crash
 * and a rerun) creates it at most once, and read by that key.
 */
export const caseImportKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    office: { type: String, required: true },
    reference: { type: String, required: true },
    importId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * A real import running (usecases/ports ImportRun): `_id` is the job's id. The collection holds
 * only the imports running now, each deleted when it ends, so the runner reads it whole (declared
 * bounded in app.module.ts).
 */
export const caseImportRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    context: { type: Schema.Types.Mixed, required: true },
    start: { type: Schema.Types.Mixed, required: true },
    owner: { type: String, default: null },
    renewedAt: { type: Date, required: true },
    failures: { type: Number, default: 0 },
  },
  { minimize: false, versionKey: false },
);
