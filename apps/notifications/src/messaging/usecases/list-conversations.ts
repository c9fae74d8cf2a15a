import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type listConversations,
} from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { toConversation } from '../domain/conversation';
import { ConversationIndex, ConversationStore } from './ports';

/**
 * The caller's conversations, latest activity first: which ones from the index, then each read by
 * key for its unread count (the index is a second behind: one the caller just left is dropped).
 */
@Injectable()
export class ListConversations {
  constructor(
    private readonly index: ConversationIndex,
    private readonly conversations: ConversationStore,
  ) {}

  async execute(
    query: HandlerRequestOf<typeof listConversations> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof listConversations>> {
    const principal = requirePrincipal(query.context, 'Conversations');
    const page = await this.index.page(principal.sub, {
      ...(query.cursor ? { before: query.cursor } : {}),
      limit: query.limit,
    });
    const items = [];
    for (const id of page.ids) {
      const conversation = await this.conversations.get(id);
      if (!conversation?.members.some((m) => m.user === principal.sub)) continue;
      const last = await this.conversations.lastMessage(conversation);
      const {
        members: _members,
        templates: _templates,
        createdAt: _c,
        version: _v,
        ...summary
      } = toConversation(conversation, principal.sub, last.number);
      items.push(summary);
    }
    return { items, ...(page.next ? { nextCursor: page.next } : {}) };
  }
}
