/** What secure messaging reads from the domain stream (AsyncAPI `receive` operations). */
import { type ConsumerContract, defineConsumer } from '../consumers';
import { messagePosted } from './conversation.contracts';

export const notificationsMessagingConsumer = defineConsumer({
  service: 'notifications',
  purpose: 'messaging',
  description:
    'Tells the other members of a conversation of each new message: a `message-posted` ' +
    'notification to its users (through the inbox), an e-mail to its outside members (the body ' +
    'only when the administration allows it).',
  events: [messagePosted],
});

export const conversationConsumerContracts: readonly ConsumerContract[] = [
  notificationsMessagingConsumer,
];
