import { type OutboxEntry, withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

export const USER_DIRECTORY_MODEL = 'UserDirectoryEntry';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const USER_DIRECTORY_COLLECTION = 'user_directory';

/**
 * What the auth service keeps of a user, keyed by their Keycloak id (`_id`): the account's use and
 * lock state, and the pending events of each change of the user (the outbox), so that a change
 * and its events are one single-document write. Read and written by `_id` only: the lifecycle job
 * enumerates users through Keycloak's admin API, a page at a time, and reads each entry by key.
 */
export interface UserDirectoryDocument {
  _id: string;
  lastLoginAt?: Date;
  periodStartedAt?: Date;
  lock?: { reason: 'inactivity'; at: Date };
  remindedFor?: Date;
  failures: Date[];
  failuresReportedUntil?: Date;
  outbox: OutboxEntry[];
}

export const userDirectorySchema = new Schema<UserDirectoryDocument>(
  {
    _id: { type: String, required: true },
    lastLoginAt: Date,
    periodStartedAt: Date,
    lock: { type: new Schema({ reason: String, at: Date }, { _id: false }), default: undefined },
    remindedFor: Date,
    failures: { type: [Date], default: [] },
    failuresReportedUntil: Date,
  },
  { minimize: false, versionKey: false },
);
withOutbox(userDirectorySchema);

export const AUTH_CURSOR_MODEL = 'AuthCursor';
/** Bounded: one document per reader of an outside feed (today only `login-events`). */
export const AUTH_CURSORS_COLLECTION = 'auth_cursors';
export const LOGIN_EVENTS_CURSOR = 'login-events';

/** How far a reader of an outside feed has read: the last event's time and the ids at that time. */
export interface AuthCursorDocument {
  _id: string;
  time: number;
  ids: string[];
}

export const authCursorSchema = new Schema<AuthCursorDocument>(
  {
    _id: { type: String, required: true },
    time: { type: Number, required: true },
    ids: { type: [String], default: [] },
  },
  { versionKey: false },
);
