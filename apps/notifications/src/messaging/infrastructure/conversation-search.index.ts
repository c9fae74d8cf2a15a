import {
  conversationCreated,
  conversationMemberRemoved,
  conversationMembersAdded,
  messagePosted,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
} from '@opencen/nest-kit';

import { type ConversationRecord } from '../domain/conversation';
import { CONVERSATIONS_COLLECTION, type ConversationDocument } from './conversation.schema';
import { toConversationRecord } from './mongo-conversation-store';

const KEYWORD = { type: 'keyword' } as const;

/**
 * Which conversations a user is in, by latest activity: the list of a user's conversations. The
 * conversations themselves (name, members, unread counts) are read from the store by key.
 */
export const CONVERSATIONS_INDEX: SearchIndexDefinition = {
  alias: 'notifications-conversations',
  version: 1,
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      // Every query: the conversations of one user (the user members now; not the external ones).
      members: KEYWORD,
      lastMessage: { type: 'integer' },
      lastActivityAt: { type: 'date' },
      // The order of the list and its cursor: `<13 digits of ms>-<id>`, latest first.
      position: KEYWORD,
    },
  },
};

/**
 * The index document of a conversation, as of its last message (the count, or a message stored
 * beyond it). Its version is the conversation's plus the last message's number: both only grow,
 * so a later state always has a higher one, whether a post has been counted yet or not.
 */
export function conversationSearchDocument(
  conversation: ConversationRecord,
  last: { number: number; at: Date },
): ProjectedDocument {
  return {
    id: conversation.id,
    version: conversation.version + last.number,
    document: {
      members: conversation.members.flatMap((m) => (m.type === 'user' && m.user ? [m.user] : [])),
      lastMessage: last.number,
      lastActivityAt: last.at,
      position: `${String(last.at.getTime()).padStart(13, '0')}-${conversation.id}`,
    },
  };
}

/** The index fed by the conversation events (subject: the conversation), each read by key. */
export function conversationsProjection(store: {
  get(id: string): Promise<ConversationRecord | null>;
  lastMessage(conversation: ConversationRecord): Promise<{ number: number; at: Date }>;
}): SearchProjection {
  return {
    durable: 'notifications-search-conversations',
    index: CONVERSATIONS_INDEX,
    events: [
      conversationCreated,
      conversationMembersAdded,
      conversationMemberRemoved,
      messagePosted,
    ],
    load: async (id) => {
      const conversation = await store.get(id);
      return conversation
        ? conversationSearchDocument(conversation, await store.lastMessage(conversation))
        : null;
    },
  };
}

/** How the reindex command rebuilds the index from the store (the counts as stored). */
export const CONVERSATIONS_REINDEX: ReindexSource = {
  index: CONVERSATIONS_INDEX,
  collection: CONVERSATIONS_COLLECTION,
  documentOf: (stored) => {
    const conversation = toConversationRecord(stored as unknown as ConversationDocument);
    return conversationSearchDocument(conversation, {
      number: conversation.lastMessage,
      at: conversation.lastActivityAt,
    });
  },
};
