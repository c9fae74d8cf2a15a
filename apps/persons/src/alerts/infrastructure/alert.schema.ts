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

// Read by _id only. The alerts of a subject and those a merge moved are found through alert_keys,
// by key; the expiry job finds the alerts that may be due in the alerts index (alert-search.index.ts).
withOutbox(alertSchema);

export const ALERT_KEY_MODEL = 'AlertKey';
export const ALERT_KEYS_COLLECTION = 'alert_keys';

/**
 * The ids of the alerts under one natural key, so that they are read by `_id`:
 * `subject:<subjectType>:<subjectId>` (the alerts on a subject) and `merge:<mergeId>` (the alerts
 * a merge moved). Written before the alert itself, and never pruned: a superset, which the reader
 * narrows by reading each alert.
 */
export interface AlertKeyDocument {
  _id: string;
  alertIds: string[];
}

export const alertKeySchema = new Schema<AlertKeyDocument>(
  {
    _id: { type: String, required: true },
    alertIds: { type: [String], default: [] },
  },
  { versionKey: false },
);

export const subjectAlertsKey = (subject: { subjectType: string; subjectId: string }) =>
  `subject:${subject.subjectType}:${subject.subjectId}`;
export const mergeAlertsKey = (mergeId: string) => `merge:${mergeId}`;
