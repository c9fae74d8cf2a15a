import {
  type CloudEvent,
  type Language,
  type Notification,
  type NotificationChannel,
  type NotificationKind,
  type NotificationLink,
} from '@opencen/contracts';

import { type Audience } from '../domain/notice';
import { type CaseFacts, type TaskDeadline, type TaskState } from '../domain/recipient-rules';

/** A user to tell, in their language. */
export interface Recipient {
  readonly id: string;
  readonly language: Language;
}

/** Who the users of an audience are (the auth service answers). */
export abstract class Recipients {
  /** The users of `audience` that exist, each with their language. */
  abstract of(audience: Audience): Promise<Recipient[]>;
}

/** A user's channels for a kind (the preferences feature). */
export abstract class ChannelPreferences {
  abstract channelsOf(user: string, kind: NotificationKind): Promise<NotificationChannel[]>;
}

/** A notification as the store holds it, under `<recipient>/<id>`. */
export interface StoredNotification {
  readonly recipient: string;
  readonly id: string;
  readonly kind: NotificationKind;
  readonly text: string;
  readonly language: Language;
  readonly link: NotificationLink;
  readonly channels: readonly NotificationChannel[];
  readonly read: boolean;
  readonly readAt?: Date;
  readonly createdAt: Date;
  readonly position: string;
  readonly cause: string;
  readonly version: number;
}

/** The notifications, by key, each with its events in the same write. */
export abstract class NotificationStore {
  /**
   * Stores a new notification with its created event, unless its key is taken: then the one stored
   * is answered (`stored` false), and nothing is written.
   */
  abstract insert(
    notification: StoredNotification,
    event: CloudEvent,
  ): Promise<{ stored: boolean; notification: StoredNotification }>;
  abstract get(recipient: string, id: string): Promise<StoredNotification | null>;
  /** Marks it read at `at` with its read event, if it is still at its version. */
  abstract markRead(notification: StoredNotification, at: Date, event: CloudEvent): Promise<void>;
}

/** A page of an inbox, from the search index: keys of notifications, newest first. */
export interface InboxPage {
  readonly ids: string[];
  readonly more: boolean;
}

/** What is searched, sorted and counted in a recipient's inbox (OpenSearch). */
export abstract class InboxIndex {
  /** The in-app notifications before `before` (a position), newest first. */
  abstract page(
    recipient: string,
    query: { unreadOnly: boolean; before?: string; limit: number },
  ): Promise<InboxPage>;
  abstract countUnread(recipient: string): Promise<number>;
  /**
   * The in-app notifications after `after` (a position), oldest first, once every notification
   * whose event was published before the call is indexed.
   */
  abstract after(recipient: string, after: string, limit: number): Promise<InboxPage>;
}

/** Pushes a new in-app notification to whoever streams its recipient's inbox now. */
export abstract class LiveNotifications {
  abstract push(recipient: string, notification: Notification): void;
}

/** What the service keeps of cases and their tasks, from the case events (by key). */
export abstract class CaseFactsStore {
  abstract get(caseId: string): Promise<CaseFacts | null>;
  abstract recordCase(facts: CaseFacts): Promise<void>;
  /** Records an open task with a due date under its day. */
  abstract recordTask(task: TaskDeadline): Promise<void>;
  abstract completeTask(caseId: string, taskId: string): Promise<void>;
  /** The open tasks due on each of `days`, with the states already told. */
  abstract dueOn(days: readonly string[]): Promise<(TaskDeadline & { told: TaskState[] })[]>;
  abstract markTold(caseId: string, taskId: string, state: TaskState): Promise<void>;
}
