import { Injectable } from '@nestjs/common';
import { conversationRead } from '@opencen/contracts';
import { Clock, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { memberOrNotFound } from '../domain/conversation';
import { conversationEvent } from './conversation-event';
import { ConversationStore } from './ports';
import { retryOnConflict } from './retry-on-conflict';

/** Moves the caller's read receipt forward, to the last message at most; never back. */
@Injectable()
export class MarkConversationRead {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly clock: Clock,
  ) {}

  execute(command: {
    id: string;
    upTo: number;
    context: RequestContext;
  }): Promise<{ lastRead: number }> {
    const principal = requirePrincipal(command.context, 'Conversations');
    return retryOnConflict(async () => {
      const conversation = await this.conversations.get(command.id);
      const member = memberOrNotFound(conversation, command.id, principal.sub);
      const last = await this.conversations.lastMessage(conversation!);
      const upTo = Math.min(command.upTo, last.number);
      if (upTo <= member.lastRead) return { lastRead: member.lastRead };
      const event = conversationEvent(
        conversationRead,
        command.id,
        { conversationId: command.id, member: member.id, upTo },
        command.context,
        this.clock.now(),
      );
      await this.conversations.markRead(conversation!, member.id, upTo, event);
      return { lastRead: upTo };
    });
  }
}
