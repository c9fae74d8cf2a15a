import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  WEBHOOK_REPLAY_MAX,
  type listWebhookDeliveries,
  type replayWebhook,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { matches } from '../domain/matching';
import { deliveryKey } from '../domain/webhook-rules';
import { DeliveryLog, EventHistory, WebhookDeliveries, WebhookSubscriptions } from './ports';
import { QueueDeliveries } from './queue-deliveries';
import { toDelivery } from './to-webhook';
import { managed, webhookManager } from './webhook-access';

type Command<C> = C & { readonly context: RequestContext };

/**
 * A subscription's delivery log (pages from the index, each delivery read from the store by key,
 * so a page shows the latest state) and its replays.
 */
@Injectable()
export class DeliveryLogs {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly deliveries: WebhookDeliveries,
    private readonly log: DeliveryLog,
    private readonly history: EventHistory,
    private readonly queue: QueueDeliveries,
  ) {}

  async list(
    command: Command<HandlerRequestOf<typeof listWebhookDeliveries>>,
  ): Promise<HandlerReplyOf<typeof listWebhookDeliveries>> {
    const principal = webhookManager(command.context);
    managed(principal, await this.subscriptions.get(command.id), command.id);
    // One more than asked tells whether a page follows.
    const keys = await this.log.page(command.id, {
      ...(command.status ? { status: command.status } : {}),
      ...(command.cursor ? { after: command.cursor } : {}),
      limit: command.limit + 1,
    });
    const page = keys.slice(0, command.limit);
    const found = await Promise.all(page.map((key) => this.deliveries.get(key)));
    const items = found.filter((delivery) => delivery !== null).map(toDelivery);
    const nextCursor = keys.length > command.limit ? items.at(-1)?.position : undefined;
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * Queues again one delivery (by its event id) or every event of the subscription's types and
   * filters since a time (read from the domain stream), each with its `webhook-id` unchanged. The
   * subscription must be active: a disabled one would give every delivery up at once.
   */
  async replay(
    command: Command<HandlerRequestOf<typeof replayWebhook>>,
  ): Promise<HandlerReplyOf<typeof replayWebhook>> {
    const principal = webhookManager(command.context);
    const subscription = managed(principal, await this.subscriptions.get(command.id), command.id);
    if (subscription.status !== 'active') {
      throw ServiceError.conflict(`Webhook ${subscription.id} is disabled; enable it first`, [
        { path: 'id', reason: 'the webhook is disabled' },
      ]);
    }
    if (command.eventId !== undefined) {
      const delivery = await this.deliveries.get(deliveryKey(subscription.id, command.eventId));
      if (!delivery) {
        throw ServiceError.notFound(
          `Event ${command.eventId} was never delivered to webhook ${subscription.id}`,
        );
      }
      await this.queue.requeue(delivery);
      return { queued: 1 };
    }
    const events = await this.history.since(
      subscription.eventTypes,
      new Date(command.since!),
      WEBHOOK_REPLAY_MAX,
    );
    let queued = 0;
    for (const event of events) {
      if (!matches(subscription, event)) continue;
      const existing = await this.deliveries.get(deliveryKey(subscription.id, event.id));
      if (existing) await this.queue.requeue(existing);
      else await this.queue.queueFor(subscription, event);
      queued += 1;
    }
    return { queued };
  }
}
