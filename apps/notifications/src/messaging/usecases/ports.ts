import {
  type Attachment,
  type CloudEvent,
  type Message,
  type UploadLimits,
} from '@opencen/contracts';

import { type AttachmentUpload } from '../domain/attachment-upload';
import { type ConversationRecord, type Membership } from '../domain/conversation';

/** What a change of a conversation writes, with its events, in one versioned write. */
export interface ConversationChange {
  readonly members?: readonly Membership[];
  readonly events: readonly CloudEvent[];
}

/** The conversations, by id, each write with its events (the outbox). */
export abstract class ConversationStore {
  abstract insert(conversation: ConversationRecord, event: CloudEvent): Promise<void>;
  abstract get(id: string): Promise<ConversationRecord | null>;
  /**
   * Replaces the members, if the conversation is still at `version` (CONFLICT otherwise), with the
   * events in the same write.
   */
  abstract setMembers(
    conversation: ConversationRecord,
    members: readonly Membership[],
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** Moves a user member's read receipt forward (never back), with its event. */
  abstract markRead(
    conversation: ConversationRecord,
    member: string,
    upTo: number,
    event: CloudEvent,
  ): Promise<boolean>;
  /** Counts message `number` posted at `at`, if it is beyond the count (no event: the message has it). */
  abstract counted(id: string, number: number, at: Date): Promise<void>;
  /** The last message posted: the count, and the messages stored beyond it (a crash before counting). */
  abstract lastMessage(conversation: ConversationRecord): Promise<{ number: number; at: Date }>;
}

/** A message as stored, under `<conversation>/<number>`. */
export interface StoredMessage extends Omit<Message, 'postedAt'> {
  readonly postedAt: Date;
  /** The id of the post that stored it (absent on messages from before it was kept). */
  readonly postId?: string;
}

/** The messages, by key; a number is taken by inserting its key. */
export abstract class MessageStore {
  /** Stores the message with its event unless its number is taken: false then, and nothing written. */
  abstract insert(message: StoredMessage, event: CloudEvent): Promise<boolean>;
  /** The messages of these numbers that exist, in the order given. */
  abstract get(conversationId: string, numbers: readonly number[]): Promise<StoredMessage[]>;
}

/** Uploads, their chunks and the attachments they become, by key. */
export abstract class AttachmentStore {
  abstract insert(upload: AttachmentUpload): Promise<void>;
  abstract get(id: string): Promise<AttachmentUpload | null>;
  /** Stores chunk `sequence` (again, if it was stored before a crash). */
  abstract putChunk(id: string, sequence: number, data: Buffer): Promise<void>;
  /** Counts chunk `sequence` if the upload still expects it; false otherwise. */
  abstract advance(
    id: string,
    sequence: number,
    bytes: number,
    contentType: string,
    at: Date,
  ): Promise<boolean>;
  abstract chunk(id: string, sequence: number): Promise<Buffer | null>;
  /** uploading → finished with its digest; false if it was no longer uploading. */
  abstract markFinished(id: string, sha256: string, at: Date): Promise<boolean>;
  /** finished → posted in message `number`. */
  abstract markPosted(id: string, number: number): Promise<void>;
  /** Deletes an unfinished upload and its chunks; false if it was not uploading. */
  abstract discard(id: string): Promise<boolean>;
  /** Uploads not posted whose last chunk or finish came before `before`, oldest first. */
  abstract idleSince(before: Date, limit: number): Promise<AttachmentUpload[]>;
  /** Deletes an upload that was never posted (uploading or finished) and its chunks. */
  abstract discardUnposted(id: string): Promise<boolean>;
}

/** The attachments' limits, from the environment. */
export abstract class AttachmentSettings {
  abstract readonly limits: UploadLimits;
  /** An upload not posted within this long is discarded (ms). */
  abstract readonly abandonAfterMs: number;
}

/** A page of a user's conversations, from the search index: ids, latest activity first. */
export interface ConversationPage {
  readonly ids: string[];
  /** The cursor of the next page, when there is one. */
  readonly next?: string;
}

/** Which conversations a user is in, by latest activity (OpenSearch). */
export abstract class ConversationIndex {
  abstract page(user: string, query: { before?: string; limit: number }): Promise<ConversationPage>;
}

/** What is sent outside: message bodies by e-mail only when the administration allows it. */
export abstract class MessagingOptions {
  abstract readonly externalBodies: 'allowed' | 'forbidden';
  abstract readonly appUrl: string;
}

/** Sends one e-mail to an external member once, by its key (the e-mail feature's sender). */
export abstract class ExternalMail {
  abstract send(key: string, to: string, subject: string, text: string): Promise<void>;
}

export type { Attachment };
