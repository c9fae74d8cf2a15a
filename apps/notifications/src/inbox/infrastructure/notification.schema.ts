import { withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

export const NOTIFICATION_MODEL = 'Notification';
/** Also given to the outbox relay, which publishes the events of each notification's writes. */
export const NOTIFICATIONS_COLLECTION = 'notifications';

/**
 * A recipient's notification, keyed `<recipient>/<id>` (`_id`), where the id is the event it comes
 * from (or the scheduler's key): inserting the key is what makes it once per event and recipient.
 * Read and written by `_id` only; listing, sorting and counting go to the `notifications` index.
 */
export interface NotificationDocument {
  _id: string;
  recipient: string;
  id: string;
  kind: string;
  text: string;
  language: string;
  link: { type: string; id: string; label?: string };
  channels: string[];
  read: boolean;
  readAt?: Date;
  createdAt: Date;
  position: string;
  cause: string;
  version: number;
}

export const notificationSchema = new Schema<NotificationDocument>(
  {
    _id: { type: String, required: true },
    recipient: { type: String, required: true },
    id: { type: String, required: true },
    kind: { type: String, required: true },
    text: { type: String, required: true },
    language: { type: String, required: true },
    link: {
      type: new Schema({ type: String, id: String, label: String }, { _id: false }),
      required: true,
    },
    channels: { type: [String], default: [] },
    read: { type: Boolean, required: true },
    readAt: Date,
    createdAt: { type: Date, required: true },
    position: { type: String, required: true },
    cause: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
withOutbox(notificationSchema);
