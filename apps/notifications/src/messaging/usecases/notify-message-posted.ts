import { Injectable } from '@nestjs/common';
import { type EventOf, type messagePosted } from '@opencen/contracts';

import { DeliverNotice } from '../../inbox/usecases/deliver-notice';
import { externalMessageEmail } from '../domain/external-email';
import { ConversationStore, ExternalMail, MessageStore, MessagingOptions } from './ports';

/**
 * Tells the other members of a new message: the users through the inbox (a `message-posted`
 * notice to a `users` audience, so their preferences, e-mail and the live stream apply), the
 * outside parties by e-mail (the body only when the administration allows it). Only members who
 * may read the message are told, each once (the notice's id is the event's; each e-mail has its
 * delivery key), so a redelivered event tells nobody twice.
 */
@Injectable()
export class NotifyMessagePosted {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly deliver: DeliverNotice,
    private readonly mail: ExternalMail,
    private readonly options: MessagingOptions,
  ) {}

  async execute(event: EventOf<typeof messagePosted>): Promise<void> {
    const { conversationId, number, author } = event.data;
    const conversation = await this.conversations.get(conversationId);
    if (!conversation) return;
    const readers = conversation.members.filter((m) => m.addedAfter < number && m.user !== author);
    const users = readers.flatMap((m) => (m.type === 'user' && m.user ? [m.user] : []));
    if (users.length > 0) {
      await this.deliver.execute({
        id: event.id,
        kind: 'message-posted',
        cause: event.id,
        audiences: [{ type: 'users', users }],
        link: { type: 'conversation', id: conversationId },
        params: { conversation: conversation.name },
        actor: author,
      });
    }
    const externals = readers.filter((m) => m.type === 'external' && m.email);
    if (externals.length === 0) return;
    const [message] = await this.messages.get(conversationId, [number]);
    if (!message) return;
    const email = externalMessageEmail({
      conversation: conversation.name,
      number,
      body: message.body,
      attachments: message.attachments.length,
      bodies: this.options.externalBodies,
    });
    for (const member of externals) {
      await this.mail.send(
        `message/${conversationId}/${number}/${member.id}`,
        member.email!,
        email.subject,
        email.text,
      );
    }
  }
}
