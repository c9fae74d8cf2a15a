import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { ChannelsOf } from '../preferences/usecases/channels-of';
import { PreferencesModule } from '../preferences/preferences.module';
import { InboxController } from './inbox.controller';
import { InboxConsumerOptions, InboxEventsConsumer } from './inbox-events.consumer';
import { AuthRecipients, RECIPIENTS_CACHE_MS } from './infrastructure/auth-recipients.client';
import {
  CASE_FACT_MODEL,
  CASE_FACTS_COLLECTION,
  TASK_DAY_MODEL,
  TASK_DAYS_COLLECTION,
  TASK_DEADLINE_MODEL,
  TASK_DEADLINES_COLLECTION,
  caseFactSchema,
  taskDaySchema,
  taskDeadlineSchema,
} from './infrastructure/case-facts.schema';
import { MongoCaseFacts } from './infrastructure/mongo-case-facts';
import { MongoNotificationStore } from './infrastructure/mongo-notification-store';
import { NatsLiveNotifications } from './infrastructure/nats-live-notifications';
import { notificationsProjection } from './infrastructure/notification-search.index';
import {
  NOTIFICATION_MODEL,
  NOTIFICATIONS_COLLECTION,
  type NotificationDocument,
  notificationSchema,
} from './infrastructure/notification.schema';
import {
  INBOX_INDEXED_WITHIN_MS,
  OpenSearchInboxIndex,
} from './infrastructure/opensearch-inbox-index';
import { TASK_DEADLINES_INTERVAL_MS, TaskDeadlinesJob } from './task-deadlines.job';
import { CheckTaskDeadlines, TaskDeadlinesOptions } from './usecases/check-task-deadlines';
import { CountUnread } from './usecases/count-unread';
import { DeliverNotice } from './usecases/deliver-notice';
import { ListNotifications } from './usecases/list-notifications';
import { MarkAllRead } from './usecases/mark-all-read';
import { MarkRead } from './usecases/mark-read';
import { NotificationsSince } from './usecases/notifications-since';
import { NotifyFromEvents } from './usecases/notify-from-events';
import { PushLiveNotifications } from './usecases/push-live-notifications';
import {
  CaseFactsStore,
  ChannelPreferences,
  InboxIndex,
  LiveNotifications,
  NotificationStore,
  Recipients,
} from './usecases/ports';

export {
  CASE_FACTS_COLLECTION,
  NOTIFICATIONS_COLLECTION,
  TASK_DAYS_COLLECTION,
  TASK_DEADLINES_COLLECTION,
};

export interface InboxModuleOptions {
  readonly consumer: InboxConsumerOptions;
  readonly taskDeadlinesIntervalMs: number;
  readonly overdueLookbackDays: number;
  readonly recipientsCacheMs: number;
  /** How long a live stream's resume waits for the index (ms). */
  readonly indexedWithinMs: number;
}

/**
 * The inbox: events become notifications for the right people (the consumer and the deadline
 * job), stored by key, indexed for listing and counting, pushed live, read and marked read.
 */
@Module({})
export class InboxModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(NOTIFICATION_MODEL) private readonly notifications: Model<NotificationDocument>,
  ) {}

  /** The notifications index, fed by the notifications' own events. */
  async onModuleInit(): Promise<void> {
    await this.search.project(notificationsProjection(this.notifications));
  }

  static register(options: InboxModuleOptions): DynamicModule {
    return {
      module: InboxModule,
      imports: [
        PreferencesModule,
        MongooseModule.forFeature([
          {
            name: NOTIFICATION_MODEL,
            schema: notificationSchema,
            collection: NOTIFICATIONS_COLLECTION,
          },
          { name: CASE_FACT_MODEL, schema: caseFactSchema, collection: CASE_FACTS_COLLECTION },
          {
            name: TASK_DEADLINE_MODEL,
            schema: taskDeadlineSchema,
            collection: TASK_DEADLINES_COLLECTION,
          },
          { name: TASK_DAY_MODEL, schema: taskDaySchema, collection: TASK_DAYS_COLLECTION },
        ]),
      ],
      controllers: [InboxController],
      providers: [
        { provide: InboxConsumerOptions, useValue: options.consumer },
        { provide: TASK_DEADLINES_INTERVAL_MS, useValue: options.taskDeadlinesIntervalMs },
        {
          provide: TaskDeadlinesOptions,
          useValue: { lookbackDays: options.overdueLookbackDays },
        },
        { provide: RECIPIENTS_CACHE_MS, useValue: options.recipientsCacheMs },
        { provide: INBOX_INDEXED_WITHIN_MS, useValue: options.indexedWithinMs },
        { provide: Recipients, useClass: AuthRecipients },
        { provide: ChannelPreferences, useExisting: ChannelsOf },
        { provide: NotificationStore, useClass: MongoNotificationStore },
        { provide: InboxIndex, useClass: OpenSearchInboxIndex },
        NatsLiveNotifications,
        { provide: LiveNotifications, useExisting: NatsLiveNotifications },
        { provide: CaseFactsStore, useClass: MongoCaseFacts },
        DeliverNotice,
        NotifyFromEvents,
        PushLiveNotifications,
        CheckTaskDeadlines,
        ListNotifications,
        CountUnread,
        MarkRead,
        MarkAllRead,
        NotificationsSince,
        InboxEventsConsumer,
        TaskDeadlinesJob,
      ],
      // Messaging delivers its notices here, and asks which users exist when members are added.
      exports: [CheckTaskDeadlines, DeliverNotice, Recipients],
    };
  }
}
