import { Injectable } from '@nestjs/common';
import {
  type Conversation,
  type HandlerRequestOf,
  type addConversationMembers,
  conversationMembersAdded,
} from '@opencen/contracts';
import { Clock, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import {
  assertOwner,
  memberOrNotFound,
  membershipOf,
  toConversation,
  withMembers,
} from '../domain/conversation';
import { conversationEvent } from './conversation-event';
import { Recipients } from '../../inbox/usecases/ports';
import { assertUsersExist } from './assert-users-exist';
import { ConversationStore } from './ports';
import { retryOnConflict } from './retry-on-conflict';

/** The owner adds members; they read the messages posted from now on. */
@Injectable()
export class AddMembers {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly recipients: Recipients,
    private readonly clock: Clock,
  ) {}

  execute(
    command: HandlerRequestOf<typeof addConversationMembers> & { context: RequestContext },
  ): Promise<Conversation> {
    const principal = requirePrincipal(command.context, 'Conversations');
    return retryOnConflict(async () => {
      const conversation = await this.conversations.get(command.id);
      memberOrNotFound(conversation, command.id, principal.sub);
      assertOwner(conversation!, principal.sub);
      await assertUsersExist(this.recipients, command.members);
      const now = this.clock.now();
      const last = await this.conversations.lastMessage(conversation!);
      const { members, added } = withMembers(
        conversation!.members,
        command.members.map((member) => membershipOf(member, last.number, now)),
      );
      if (added.length > 0) {
        const event = conversationEvent(
          conversationMembersAdded,
          command.id,
          { conversationId: command.id, members: added.map((m) => m.id), after: last.number },
          command.context,
          now,
        );
        await this.conversations.setMembers(conversation!, members, [event]);
      }
      const version = conversation!.version + (added.length > 0 ? 1 : 0);
      return toConversation({ ...conversation!, members, version }, principal.sub, last.number);
    });
  }
}
