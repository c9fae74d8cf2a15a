import { Schema } from 'mongoose';

export const EMAIL_DELIVERY_MODEL = 'EmailDelivery';
/** Each notification's e-mail, keyed `<recipient>/<notification id>`; read and written by `_id`. */
export const EMAIL_DELIVERIES_COLLECTION = 'email_deliveries';

export interface EmailDeliveryDocument {
  _id: string;
  state: string;
  attempts: number;
  /** The last failure's SMTP reply code or error code (never an address). */
  reason?: string;
  updatedAt: Date;
}

export const emailDeliverySchema = new Schema<EmailDeliveryDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    reason: { type: String },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
