import { type Message } from '@opencen/contracts';

import { type StoredMessage } from './ports';

export function toMessage(message: StoredMessage): Message {
  return {
    conversationId: message.conversationId,
    number: message.number,
    author: message.author,
    body: message.body,
    ...(message.template ? { template: message.template } : {}),
    attachments: message.attachments.map((a) => ({ ...a })),
    postedAt: message.postedAt.toISOString(),
  };
}
