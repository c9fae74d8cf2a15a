import { Schema } from 'mongoose';

export const EMAIL_DIGEST_MODEL = 'EmailDigest';
/**
 * The digests being gathered, read and written by `_id`: `<user>/<day>` holds a user's items of
 * the day (by notification id) and language; `<day>` the users who have one that day.
 */
export const EMAIL_DIGESTS_COLLECTION = 'email_digests';

export interface EmailDigestDocument {
  _id: string;
  language?: string;
  /** Notification id → item (a user's digest). */
  items?: Record<string, unknown>;
  /** User → true (a day's users). */
  users?: Record<string, boolean>;
  updatedAt: Date;
}

export const emailDigestSchema = new Schema<EmailDigestDocument>(
  {
    _id: { type: String, required: true },
    language: { type: String },
    items: { type: Schema.Types.Mixed },
    users: { type: Schema.Types.Mixed },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
