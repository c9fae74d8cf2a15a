import { Schema } from 'mongoose';

export const PREFERENCES_MODEL = 'NotificationPreferences';
/** Each user's choice of channels, keyed by their Keycloak sub; read and written by `_id`. */
export const PREFERENCES_COLLECTION = 'notification_preferences';

export interface PreferencesDocument {
  _id: string;
  /** Kind → channels, for the kinds the user chose. */
  channels: Record<string, string[]>;
  updatedAt: Date;
}

export const preferencesSchema = new Schema<PreferencesDocument>(
  {
    _id: { type: String, required: true },
    channels: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
