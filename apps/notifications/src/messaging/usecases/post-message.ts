import { Injectable } from '@nestjs/common';
import {
  type Attachment,
  DomainRefusal,
  type HandlerRequestOf,
  type Message,
  messagePosted,
  type postMessage,
} from '@opencen/contracts';
import { Clock, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { toAttachment } from '../domain/attachment-upload';
import { assertOpen, assertTemplate, memberOrNotFound } from '../domain/conversation';
import { conversationEvent } from './conversation-event';
import { MarkConversationRead } from './mark-conversation-read';
import { AttachmentStore, ConversationStore, MessageStore } from './ports';
import { toMessage } from './to-message';

/**
 * A member posts a message. Its number is taken by inserting its key `<conversation>/<number>`
 * from the count on (a number another replica took meanwhile is skipped); the message and its
 * posted event are that one insert. Then the conversation counts it, the attachments are marked
 * posted in it and the author's read receipt moves to it: a crash before that leaves a message
 * the next post, and every read, finds beyond the count (its attachments stay unreadable, a
 * known gap).
 */
@Injectable()
export class PostMessage {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly attachments: AttachmentStore,
    private readonly markRead: MarkConversationRead,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof postMessage> & { context: RequestContext },
  ): Promise<Message> {
    const principal = requirePrincipal(command.context, 'Conversations');
    const conversation = await this.conversations.get(command.conversationId);
    memberOrNotFound(conversation, command.conversationId, principal.sub);
    const now = this.clock.now();
    assertOpen(conversation!, now.toISOString().slice(0, 10));
    assertTemplate(conversation!, command.template);
    const attachments = await this.attachmentsToPost(
      command.attachments,
      command.conversationId,
      principal.sub,
    );
    let number = (await this.conversations.lastMessage(conversation!)).number + 1;
    for (;;) {
      const message = {
        conversationId: command.conversationId,
        number,
        author: principal.sub,
        body: command.body,
        ...(command.template ? { template: command.template } : {}),
        attachments,
        postedAt: now,
      };
      const event = conversationEvent(
        messagePosted,
        command.conversationId,
        {
          conversationId: command.conversationId,
          number,
          author: principal.sub,
          attachments: attachments.map((a) => a.id),
        },
        command.context,
        now,
      );
      if (await this.messages.insert(message, event)) {
        await this.conversations.counted(command.conversationId, number, now);
        for (const attachment of attachments)
          await this.attachments.markPosted(attachment.id, number);
        // The author has read what they wrote: their own messages are not unread for them.
        await this.markRead.execute({
          id: command.conversationId,
          upTo: number,
          context: command.context,
        });
        return toMessage(message);
      }
      number += 1;
    }
  }

  /** The caller's finished uploads to this conversation, not posted yet. */
  private async attachmentsToPost(
    ids: readonly string[],
    conversationId: string,
    user: string,
  ): Promise<Attachment[]> {
    const found: Attachment[] = [];
    for (const [index, id] of [...new Set(ids)].entries()) {
      const upload = await this.attachments.get(id);
      if (
        !upload ||
        upload.conversationId !== conversationId ||
        upload.uploadedBy !== user ||
        upload.status !== 'finished'
      ) {
        throw DomainRefusal.validation(`Attachment ${id} cannot be posted`, [
          {
            path: `attachments.${index}`,
            reason: 'not a finished upload of yours to this conversation, or posted already',
            code: 'unknown_attachment',
          },
        ]);
      }
      found.push(toAttachment(upload));
    }
    return found;
  }
}
