import { Injectable } from '@nestjs/common';
import { type Conversation } from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { memberOrNotFound, toConversation } from '../domain/conversation';
import { ConversationStore } from './ports';

/** A conversation the caller is a member of, with the members' read receipts. */
@Injectable()
export class GetConversation {
  constructor(private readonly conversations: ConversationStore) {}

  async execute(command: { id: string; context: RequestContext }): Promise<Conversation> {
    const principal = requirePrincipal(command.context, 'Conversations');
    const conversation = await this.conversations.get(command.id);
    memberOrNotFound(conversation, command.id, principal.sub);
    const last = await this.conversations.lastMessage(conversation!);
    return toConversation(conversation!, principal.sub, last.number);
  }
}
