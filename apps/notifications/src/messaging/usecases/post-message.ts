import { Injectable } from '@nestjs/common';
import {
  type Attachment,
  DomainRefusal,
  type HandlerRequestOf,
  type Message,
  messagePosted,
  type postMessage,
} from '@opencen/contracts';
import { Clock, IdGenerator, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { toAttachment } from '../domain/attachment-upload';
import { assertOpen, assertTemplate, memberOrNotFound } from '../domain/conversation';
import { conversationEvent } from './conversation-event';
import { MarkConversationRead } from './mark-conversation-read';
import { AttachmentStore, ConversationStore, MessageStore, type StoredMessage } from './ports';
import { toMessage } from './to-message';

/**
 * A member posts a message. Its number is taken by inserting its key `<conversation>/<number>`
 * from the count on (a number another replica took meanwhile is skipped); the message and its
 * posted event are that one insert. Then the conversation counts it, the attachments are marked
 * posted in it and the author's read receipt moves to it: a crash before that leaves a message
 * the next post, and every read, finds beyond the count (its attachments stay unreadable, a
 * known gap, unless the post is replayed under its Idempotency-Key).
 *
 * Under an Idempotency-Key, each number is recorded in the key document before its insert, and
 * the message carries the post's id: a run that repeats a crashed one reads the number back, finds
 * its message there, finishes what the crash left undone and answers it, instead of posting again.
 */
@Injectable()
export class PostMessage {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly attachments: AttachmentStore,
    private readonly markRead: MarkConversationRead,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof postMessage> & { context: RequestContext },
  ): Promise<Message> {
    const principal = requirePrincipal(command.context, 'Conversations');
    const conversation = await this.conversations.get(command.conversationId);
    memberOrNotFound(conversation, command.conversationId, principal.sub);
    const postId = this.ids.next();
    const earlier = await this.postedByEarlierRun(command.conversationId, postId);
    if (earlier) {
      // Checked before the attachments: the crashed run may have marked them posted already.
      await this.afterInsert(earlier, command.context);
      return toMessage(earlier);
    }
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
        postId,
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
      await this.ids.recordProgress(String(number));
      if (await this.messages.insert(message, event)) {
        await this.afterInsert(message, command.context);
        return toMessage(message);
      }
      number += 1;
    }
  }

  /**
   * The message a crashed run of this Idempotency-Key request stored: under the number it
   * recorded last, with this post's id (a number taken by another post means it stored nothing).
   */
  private async postedByEarlierRun(
    conversationId: string,
    postId: string,
  ): Promise<StoredMessage | null> {
    const recorded = this.ids.repeatsEarlierRun() ? this.ids.progressOfEarlierRun() : undefined;
    if (recorded === undefined) return null;
    const [stored] = await this.messages.get(conversationId, [Number(recorded)]);
    return stored?.postId === postId ? stored : null;
  }

  /** Counts the message, marks its attachments posted, moves the author's receipt: each once. */
  private async afterInsert(message: StoredMessage, context: RequestContext): Promise<void> {
    await this.conversations.counted(message.conversationId, message.number, message.postedAt);
    for (const attachment of message.attachments)
      await this.attachments.markPosted(attachment.id, message.number);
    // The author has read what they wrote: their own messages are not unread for them.
    await this.markRead.execute({ id: message.conversationId, upTo: message.number, context });
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
