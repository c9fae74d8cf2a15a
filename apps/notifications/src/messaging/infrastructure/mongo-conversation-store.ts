import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent } from '@opencen/contracts';
import { EventBus, WITHOUT_OUTBOX, documentWriteLock } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { type ConversationRecord, type Membership, messageKey } from '../domain/conversation';
import { ConversationStore } from '../usecases/ports';
import {
  CONVERSATION_MODEL,
  CONVERSATIONS_COLLECTION,
  type ConversationDocument,
  MESSAGE_MODEL,
  type MessageDocument,
} from './conversation.schema';

type Stored = Omit<ConversationDocument, 'outbox'>;

/** How many message keys beyond the count a read looks at (a crash leaves at most one per replica). */
const PROBE_MAX = 16;

export function toConversationRecord(document: Stored): ConversationRecord {
  return {
    id: document._id,
    name: document.name,
    owner: document.owner,
    ...(document.startsOn ? { startsOn: document.startsOn } : {}),
    ...(document.endsOn ? { endsOn: document.endsOn } : {}),
    templates: document.templates ?? [],
    members: (document.members ?? []).map((m) => ({
      id: m.id,
      type: m.type as Membership['type'],
      ...(m.user ? { user: m.user } : {}),
      ...(m.email ? { email: m.email } : {}),
      addedAfter: m.addedAfter,
      addedAt: new Date(m.addedAt),
      lastRead: m.lastRead,
    })),
    lastMessage: document.lastMessage,
    lastActivityAt: document.lastActivityAt,
    createdAt: document.createdAt,
    version: document.version,
  };
}

function toMembersField(members: readonly Membership[]): ConversationDocument['members'] {
  return members.map((m) => ({ ...m }));
}

/** The conversations in MongoDB, by id, each change under its version with its events. */
@Injectable()
export class MongoConversationStore extends ConversationStore {
  constructor(
    @InjectModel(CONVERSATION_MODEL) private readonly conversations: Model<ConversationDocument>,
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(conversation: ConversationRecord, event: CloudEvent): Promise<void> {
    const { id, members, templates, ...fields } = conversation;
    await this.events.insertWithEvents(
      CONVERSATIONS_COLLECTION,
      {
        _id: id,
        ...fields,
        templates: templates.map((t) => ({ ...t })),
        members: toMembersField(members),
      },
      [event],
      (document) => this.conversations.collection.insertOne(document as never),
    );
  }

  async get(id: string): Promise<ConversationRecord | null> {
    const document = await this.conversations.findById(id, WITHOUT_OUTBOX).lean<Stored>();
    return document ? toConversationRecord(document) : null;
  }

  async setMembers(
    conversation: ConversationRecord,
    members: readonly Membership[],
    events: readonly CloudEvent[],
  ): Promise<void> {
    await this.events.updateVersioned(
      this.conversations,
      conversation.id,
      conversation.version,
      { $set: { members: toMembersField(members) } },
      events,
    );
  }

  async markRead(
    conversation: ConversationRecord,
    member: string,
    upTo: number,
    event: CloudEvent,
  ): Promise<boolean> {
    // The whole (bounded) members array under the version: no positional update, which FerretDB
    // and MongoDB would not apply alike.
    const members = conversation.members.map((m) =>
      m.id === member ? { ...m, lastRead: upTo } : m,
    );
    await this.events.updateVersioned(
      this.conversations,
      conversation.id,
      conversation.version,
      { $set: { members: toMembersField(members) } },
      [event],
    );
    return true;
  }

  async counted(id: string, number: number, at: Date): Promise<void> {
    await documentWriteLock.run(CONVERSATIONS_COLLECTION, id, () =>
      this.conversations.updateOne(
        { _id: id, lastMessage: { $lt: number } },
        { $set: { lastMessage: number, lastActivityAt: at }, $inc: { version: 1 } },
      ),
    );
  }

  async lastMessage(conversation: ConversationRecord): Promise<{ number: number; at: Date }> {
    // The count, then the keys after it, by key: a message whose post stopped before counting it.
    let last = { number: conversation.lastMessage, at: conversation.lastActivityAt };
    for (let n = conversation.lastMessage + 1; n <= conversation.lastMessage + PROBE_MAX; n++) {
      const found = await this.messages
        .findById(messageKey(conversation.id, n), { postedAt: 1 })
        .lean<{ postedAt: Date }>();
      if (!found) break;
      last = { number: n, at: found.postedAt };
    }
    return last;
  }
}
