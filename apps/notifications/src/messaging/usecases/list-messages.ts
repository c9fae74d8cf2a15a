import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type listMessages } from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { memberOrNotFound, pageNumbers } from '../domain/conversation';
import { ConversationStore, MessageStore } from './ports';
import { toMessage } from './to-message';

/**
 * A page of the messages the caller may read (posted since their addition), newest first: the
 * numbers come from the count, the messages are read by their keys; no query, no index.
 */
@Injectable()
export class ListMessages {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
  ) {}

  async execute(
    query: HandlerRequestOf<typeof listMessages> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof listMessages>> {
    const principal = requirePrincipal(query.context, 'Conversations');
    const conversation = await this.conversations.get(query.conversationId);
    const member = memberOrNotFound(conversation, query.conversationId, principal.sub);
    const last = await this.conversations.lastMessage(conversation!);
    const page = pageNumbers(member, last.number, query.before, query.limit);
    const items = (await this.messages.get(query.conversationId, page.numbers)).map(toMessage);
    const lowest = page.numbers.at(-1);
    return { items, ...(page.more && lowest !== undefined ? { nextCursor: lowest } : {}) };
  }
}
