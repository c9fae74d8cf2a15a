import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

export const ALERT_MODEL = 'Alert';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const ALERTS_COLLECTION = 'alerts';

/**
 * An alert as stored: one document per alert, which also carries the cases it reported a hit for
 * and its pending events, so that each change (and each hit) is one atomic single-document write.
 */
export interface AlertDocument {
  _id: string;
  subjectType: string;
  subjectId: string;
  reason: string;
  category: string;
  validFrom: string;
  validTo: string;
  handlingInstruction: string;
  ownerOffice: string;
  ownerOfficer: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** Case ids this alert reported a watchlist hit for: one hit per case. */
  hits: string[];
  /** Set while a merge has moved the alert from the merged subject (see usecases/follow-merges). */
  movedByMergeId?: string;
  movedFromSubjectId?: string;
  outbox: OutboxEntry[];
}

export const alertSchema = new Schema<AlertDocument>(
  {
    _id: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    reason: { type: String, required: true },
    category: { type: String, required: true },
    // Dates as `YYYY-MM-DD` strings: they compare in calendar order.
    validFrom: { type: String, required: true },
    validTo: { type: String, required: true },
    handlingInstruction: { type: String, required: true },
    ownerOffice: { type: String, required: true },
    ownerOfficer: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    hits: { type: [String], default: [] },
    movedByMergeId: String,
    movedFromSubjectId: String,
  },
  // versionKey: false: our own `version` is the concurrency token.
  { minimize: false, versionKey: false },
);

// Alerts on a subject, and active alerts on the subjects of a case:
// { subjectType, subjectId[, status: 'active'] } sorted by createdAt.
alertSchema.index({ subjectType: 1, subjectId: 1, status: 1, createdAt: -1 });
// Expiry job: { status: 'active', validTo: { $lt: <today> } }.
alertSchema.index({ status: 1, validTo: 1 });
// Undo of a merge: the alerts it moved, { movedByMergeId: <mergeId> }.
alertSchema.index({ movedByMergeId: 1 });
withOutbox(alertSchema);
