import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  caseAssigned,
  caseCreated,
  caseRejected,
  caseSubmitted,
  caseTaskAdded,
  caseTaskCompleted,
  notificationCreated,
  notificationsInboxConsumer,
  notificationsLiveConsumer,
  userInactivityReminder,
  watchlistHit,
  webhookDisabled,
} from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { NotifyFromEvents } from './usecases/notify-from-events';
import { PushLiveNotifications } from './usecases/push-live-notifications';

/** The durable consumer of the events that become notifications (`notifications-inbox`). */
export const INBOX_CONSUMER = notificationsInboxConsumer.durable;

/** The durable consumer of the created notifications that pushes them live (`notifications-live`). */
export const LIVE_CONSUMER = notificationsLiveConsumer.durable;

/** Events the inbox handles at once. */
const INBOX_PARALLEL = 8;

/** Where the consumer starts when first created, and the suffix of its name (tests: one per file). */
export abstract class InboxConsumerOptions {
  abstract readonly fromNow: boolean;
  abstract readonly suffix: string;
}

/**
 * Two durable consumers. The inbox's reads the watchlist hits (persons), the case events (cases)
 * and the inactivity reminders (auth), up to eight at once; each notification once, by its key.
 * The live one reads the service's own created notifications and pushes the in-app ones.
 */
@Injectable()
export class InboxEventsConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly notify: NotifyFromEvents,
    private readonly pushLive: PushLiveNotifications,
    @Inject(InboxConsumerOptions) private readonly options: InboxConsumerOptions,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: `${LIVE_CONSUMER}${this.options.suffix}`,
      declared: notificationsLiveConsumer,
      // What was created while no replica ran is in the inbox and the resumes, not live news.
      fromNow: true,
      // In stream order; pushing again is harmless (a stream drops what it has sent).
      idempotent: true,
      handlers: [onEvent(notificationCreated, async (event) => this.pushLive.execute(event))],
    });
    this.events.consume({
      durable: `${INBOX_CONSUMER}${this.options.suffix}`,
      declared: notificationsInboxConsumer,
      fromNow: this.options.fromNow,
      // Several events at once: each notification is keyed (once whatever the order), one case's
      // events take their turn in stream order (NotifyFromEvents) and one recipient's deliveries
      // theirs (DeliverNotice).
      parallel: INBOX_PARALLEL,
      // Handling an event again changes nothing: every write is an upsert or a keyed insert, and
      // a notification found stored is not stored again (nor its event). No handled-event records.
      idempotent: true,
      handlers: [
        onEvent(watchlistHit, (event) => this.notify.watchlistHit(event)),
        onEvent(caseCreated, (event) => this.notify.caseCreated(event)),
        onEvent(caseAssigned, (event) => this.notify.caseAssigned(event)),
        onEvent(caseRejected, (event) => this.notify.caseRejected(event)),
        onEvent(caseSubmitted, (event) => this.notify.caseSubmitted(event)),
        onEvent(caseTaskAdded, (event) => this.notify.taskAdded(event)),
        onEvent(caseTaskCompleted, (event) => this.notify.taskCompleted(event)),
        onEvent(userInactivityReminder, (event) => this.notify.inactivityReminder(event)),
        onEvent(webhookDisabled, (event) => this.notify.webhookDisabled(event)),
      ],
    });
  }
}
