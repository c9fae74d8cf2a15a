import { Injectable } from '@nestjs/common';
import {
  type Conversation,
  type HandlerRequestOf,
  conversationCreated,
  type createConversation,
} from '@opencen/contracts';
import { Clock, IdGenerator, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import {
  type ConversationRecord,
  membershipOf,
  toConversation,
  withMembers,
} from '../domain/conversation';
import { conversationEvent } from './conversation-event';
import { Recipients } from '../../inbox/usecases/ports';
import { assertUsersExist } from './assert-users-exist';
import { ConversationStore } from './ports';

/** Creates a conversation (or an operation's group) owned by the caller, its first member. */
@Injectable()
export class CreateConversation {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly recipients: Recipients,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof createConversation> & { context: RequestContext },
  ): Promise<Conversation> {
    const principal = requirePrincipal(command.context, 'Conversations');
    await assertUsersExist(this.recipients, command.members);
    const id = this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored it before it died.
      const stored = await this.conversations.get(id);
      if (stored) return toConversation(stored, principal.sub, 0);
    }
    const now = this.clock.now();
    const owner = membershipOf({ user: principal.sub }, 0, now);
    const { members } = withMembers(
      [owner],
      command.members.map((member) => membershipOf(member, 0, now)),
    );
    const conversation: ConversationRecord = {
      id,
      name: command.name,
      owner: principal.sub,
      ...(command.startsOn ? { startsOn: command.startsOn } : {}),
      ...(command.endsOn ? { endsOn: command.endsOn } : {}),
      templates: command.templates,
      members,
      lastMessage: 0,
      lastActivityAt: now,
      createdAt: now,
      version: 1,
    };
    const event = conversationEvent(
      conversationCreated,
      conversation.id,
      { conversationId: conversation.id, owner: principal.sub, members: members.map((m) => m.id) },
      command.context,
      now,
    );
    await this.conversations.insert(conversation, event);
    return toConversation(conversation, principal.sub, 0);
  }
}
