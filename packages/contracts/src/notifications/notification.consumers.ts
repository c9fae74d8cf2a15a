/** What the notifications service reads from the domain stream (AsyncAPI `receive` operations). */
import {
  caseAssigned,
  caseRejected,
  caseSubmitted,
  caseTaskAdded,
  caseTaskCompleted,
} from '../cases/case-workflow.contracts';
import { caseCreated } from '../cases/case.contracts';
import { userInactivityReminder } from '../auth/user.contracts';
import { type ConsumerContract, defineConsumer } from '../consumers';
import { watchlistHit } from '../persons/alert.contracts';
import { notificationCreated } from './notification.contracts';
import { webhookDisabled } from './webhook.contracts';

export const notificationsInboxConsumer = defineConsumer({
  service: 'notifications',
  purpose: 'inbox',
  description:
    "Turns watchlist hits, case events, the auth service's inactivity reminders and disabled " +
    'webhooks into notifications for the right users; keeps the case facts (office, author, ' +
    'investigators, task deadlines) that say who they are.',
  events: [
    watchlistHit,
    caseCreated,
    caseAssigned,
    caseRejected,
    caseSubmitted,
    caseTaskAdded,
    caseTaskCompleted,
    userInactivityReminder,
    webhookDisabled,
  ],
});

export const notificationsLiveConsumer = defineConsumer({
  service: 'notifications',
  purpose: 'live',
  description: "Pushes each new in-app notification to its recipient's live streams.",
  events: [notificationCreated],
});

export const notificationsEmailConsumer = defineConsumer({
  service: 'notifications',
  purpose: 'email',
  description: 'Sends each new notification whose recipient chose e-mail, once, with retries.',
  events: [notificationCreated],
});

export const notificationConsumerContracts: readonly ConsumerContract[] = [
  notificationsInboxConsumer,
  notificationsLiveConsumer,
  notificationsEmailConsumer,
];
