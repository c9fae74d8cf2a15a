import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { NatsCaseExchangeRecords } from './infrastructure/cases-exchange-records';
import { deliveryLogProjection } from './infrastructure/delivery-log.index';
import { HttpWebhookSender, WEBHOOK_TIMEOUT_MS } from './infrastructure/http-webhook-sender';
import { JetStreamDeliveryQueue } from './infrastructure/jetstream-delivery-queue';
import { JetStreamEventHistory } from './infrastructure/jetstream-event-history';
import {
  MongoWebhookDeliveries,
  MongoWebhookSubscriptions,
} from './infrastructure/mongo-webhook-store';
import { OpenSearchDeliveryLog } from './infrastructure/opensearch-delivery-log';
import {
  NatsSubscriptionDirectory,
  WEBHOOKS_REFRESH_MS,
} from './infrastructure/subscription-directory';
import {
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_DELIVERY_MODEL,
  WEBHOOK_SUBSCRIPTIONS_COLLECTION,
  WEBHOOK_SUBSCRIPTION_MODEL,
  type WebhookDeliveryDocument,
  webhookDeliverySchema,
  webhookSubscriptionSchema,
} from './infrastructure/webhook.schemas';
import { WebhooksConnection } from './infrastructure/webhooks-connection';
import { AttemptDelivery } from './usecases/attempt-delivery';
import { DeliveryLogs } from './usecases/delivery-log';
import { ManageWebhooks } from './usecases/manage-webhooks';
import {
  CaseExchangeRecords,
  DeliveryLog,
  DeliveryQueue,
  EventHistory,
  SubscriptionDirectory,
  WebhookDeliveries,
  WebhookOptions,
  WebhookSender,
  WebhookSubscriptions,
} from './usecases/ports';
import { QueueDeliveries } from './usecases/queue-deliveries';
import { WebhooksConsumerOptions, WebhooksEventsConsumer } from './webhooks-events.consumer';
import { WebhooksController } from './webhooks.controller';

export { WEBHOOK_DELIVERIES_COLLECTION, WEBHOOK_SUBSCRIPTIONS_COLLECTION };

export interface WebhooksModuleOptions {
  readonly consumer: Omit<WebhooksConsumerOptions, 'attemptTimeoutMs'>;
  readonly webhooks: WebhookOptions;
  /** How long one attempt waits for the endpoint (ms). */
  readonly timeoutMs: number;
  /** How often every replica reads the subscriptions again (ms; 0: only on their events). */
  readonly refreshMs: number;
}

/**
 * Signed webhooks: subscriptions of external systems to the domain events, each matching event
 * delivered once per subscription after the Standard Webhooks specification, retried through a
 * JetStream work queue, logged, replayable; case-exchange subscriptions transfer the case's
 * non-nominal record instead.
 */
@Module({})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(WEBHOOK_DELIVERY_MODEL)
    private readonly deliveries: Model<WebhookDeliveryDocument>,
  ) {}

  /** The delivery log's index, fed by the deliveries' own events. */
  async onModuleInit(): Promise<void> {
    await this.search.project(deliveryLogProjection(this.deliveries));
  }

  static register(options: WebhooksModuleOptions): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        MongooseModule.forFeature([
          {
            name: WEBHOOK_SUBSCRIPTION_MODEL,
            schema: webhookSubscriptionSchema,
            collection: WEBHOOK_SUBSCRIPTIONS_COLLECTION,
          },
          {
            name: WEBHOOK_DELIVERY_MODEL,
            schema: webhookDeliverySchema,
            collection: WEBHOOK_DELIVERIES_COLLECTION,
          },
        ]),
      ],
      controllers: [WebhooksController],
      providers: [
        {
          provide: WebhooksConsumerOptions,
          useValue: { ...options.consumer, attemptTimeoutMs: options.timeoutMs },
        },
        { provide: WebhookOptions, useValue: options.webhooks },
        { provide: WEBHOOK_TIMEOUT_MS, useValue: options.timeoutMs },
        { provide: WEBHOOKS_REFRESH_MS, useValue: options.refreshMs },
        WebhooksConnection,
        { provide: WebhookSubscriptions, useClass: MongoWebhookSubscriptions },
        { provide: WebhookDeliveries, useClass: MongoWebhookDeliveries },
        NatsSubscriptionDirectory,
        { provide: SubscriptionDirectory, useExisting: NatsSubscriptionDirectory },
        JetStreamDeliveryQueue,
        { provide: DeliveryQueue, useExisting: JetStreamDeliveryQueue },
        { provide: WebhookSender, useClass: HttpWebhookSender },
        { provide: CaseExchangeRecords, useClass: NatsCaseExchangeRecords },
        { provide: EventHistory, useClass: JetStreamEventHistory },
        { provide: DeliveryLog, useClass: OpenSearchDeliveryLog },
        ManageWebhooks,
        QueueDeliveries,
        AttemptDelivery,
        DeliveryLogs,
        WebhooksEventsConsumer,
      ],
    };
  }
}
