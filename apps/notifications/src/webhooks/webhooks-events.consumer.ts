import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { consumerName, notificationsWebhooksConsumer } from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import {
  JetStreamDeliveryQueue,
  webhooksQueueNames,
} from './infrastructure/jetstream-delivery-queue';
import { AttemptDelivery } from './usecases/attempt-delivery';
import { type DeliveryItem, WebhookOptions } from './usecases/ports';
import { QueueDeliveries } from './usecases/queue-deliveries';

/** The durable consumer of the domain events that queues deliveries (`notifications-webhooks`). */
export const WEBHOOKS_CONSUMER = notificationsWebhooksConsumer.durable;
/** The durable consumer of the delivery work queue (`notifications-webhook-deliveries`). */
export const DELIVERIES_CONSUMER = consumerName('notifications', 'webhook-deliveries');

/** Events matched at once, and deliveries attempted at once, by one replica. */
const MATCH_PARALLEL = 8;
const DELIVERY_PARALLEL = 32;

/** Where the consumer starts when first created, and the suffix of its names (tests: per file). */
export abstract class WebhooksConsumerOptions {
  abstract readonly fromNow: boolean;
  abstract readonly suffix: string;
  /** How long one attempt may take (ms): the work queue's ack wait is longer. */
  abstract readonly attemptTimeoutMs: number;
}

/**
 * Two loops. The domain events of every subscribable type are matched against the subscriptions
 * (up to eight at once; each delivery is a keyed insert, so order and repetition do not matter)
 * and each match queued. The work queue `OPENCEN_WEBHOOKS` is worked by a durable pull consumer
 * shared by the replicas: an attempt per message, a failed one handed back with its backoff delay
 * (JetStream keeps the schedule), so deliveries survive restarts and none waits on a timer here.
 */
@Injectable()
export class WebhooksEventsConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly queueDeliveries: QueueDeliveries,
    private readonly attempt: AttemptDelivery,
    private readonly queue: JetStreamDeliveryQueue,
    @Inject(WebhooksConsumerOptions) private readonly consumer: WebhooksConsumerOptions,
    @Inject(WebhookOptions) private readonly options: WebhookOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const { stream, subjectPrefix } = webhooksQueueNames(this.consumer.suffix);
    const work = await this.events.workQueue<DeliveryItem>({
      stream,
      subjects: [`${subjectPrefix}.>`],
      durable: `${DELIVERIES_CONSUMER}${this.consumer.suffix}`,
      parallel: DELIVERY_PARALLEL,
      // An attempt, and the writes and the cases request around it, end well within this; a
      // replica that stops meanwhile hands its items back after it.
      ackWaitMs: this.consumer.attemptTimeoutMs + 15_000,
      duplicateWindowMs: 10 * 60_000,
      // A delivery waits at most its retry period, then a day for an outage of every replica.
      maxAgeMs: this.options.retryForMs + 24 * 3_600_000,
    });
    work.handle((item) => this.attempt.execute(item));
    this.queue.attach(work, subjectPrefix);
    this.events.consume({
      durable: `${WEBHOOKS_CONSUMER}${this.consumer.suffix}`,
      fromNow: this.consumer.fromNow,
      parallel: MATCH_PARALLEL,
      // Each delivery is a keyed insert: handling an event again queues nothing twice.
      idempotent: true,
      declared: notificationsWebhooksConsumer,
      handlers: notificationsWebhooksConsumer.events.map((contract) =>
        onEvent(contract, async (event) => {
          await this.queueDeliveries.execute(event);
        }),
      ),
    });
  }
}
