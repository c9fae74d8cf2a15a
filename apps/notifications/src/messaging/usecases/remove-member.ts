import { Injectable } from '@nestjs/common';
import { DomainRefusal, conversationMemberRemoved } from '@opencen/contracts';
import { Clock, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { assertOwner, memberOrNotFound } from '../domain/conversation';
import { conversationEvent } from './conversation-event';
import { ConversationStore } from './ports';
import { retryOnConflict } from './retry-on-conflict';

/**
 * The owner removes a member, or a member leaves. From then on the conversation does not exist
 * for them: they read neither what is posted after nor what came before (a closed group's
 * need-to-know ends with the membership; what they were sent meanwhile they keep).
 */
@Injectable()
export class RemoveMember {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly clock: Clock,
  ) {}

  execute(command: {
    id: string;
    member: string;
    context: RequestContext;
  }): Promise<{ removed: boolean }> {
    const principal = requirePrincipal(command.context, 'Conversations');
    return retryOnConflict(async () => {
      const conversation = await this.conversations.get(command.id);
      memberOrNotFound(conversation, command.id, principal.sub);
      if (command.member !== principal.sub) assertOwner(conversation!, principal.sub);
      if (command.member === conversation!.owner) {
        throw DomainRefusal.conflict('The owner cannot be removed', [
          { path: 'member', reason: 'the owner cannot be removed', code: 'owner' },
        ]);
      }
      if (!conversation!.members.some((m) => m.id === command.member)) return { removed: false };
      const now = this.clock.now();
      const last = await this.conversations.lastMessage(conversation!);
      const event = conversationEvent(
        conversationMemberRemoved,
        command.id,
        { conversationId: command.id, member: command.member, after: last.number },
        command.context,
        now,
      );
      await this.conversations.setMembers(
        conversation!,
        conversation!.members.filter((m) => m.id !== command.member),
        [event],
      );
      return { removed: true };
    });
  }
}
