import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { webhookCreated } from '@opencen/contracts';
import { KIT_LOGGER } from '@opencen/nest-kit';
import { type Subscription } from 'nats';
import { type Logger } from 'pino';

import {
  type StoredSubscription,
  SubscriptionDirectory,
  WebhookSubscriptions,
} from '../usecases/ports';
import { WebhooksConnection } from './webhooks-connection';

/** How often every replica reads the subscriptions again, whatever it heard (ms). */
export const WEBHOOKS_REFRESH_MS = Symbol('WEBHOOKS_REFRESH_MS');

/**
 * The subscriptions, in memory in every replica, so matching an event costs no read. They are a
 * bounded set (one per connected external system: tens), read whole at start, again at once after
 * a write of this replica, when any replica's subscription event passes on the domain stream
 * (heard on core NATS: every replica hears it, where a durable consumer would tell one), and every
 * `WEBHOOKS_REFRESH_MS` in case an event was missed while disconnected.
 */
@Injectable()
export class NatsSubscriptionDirectory
  extends SubscriptionDirectory
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private subscriptions: readonly StoredSubscription[] | undefined;
  private heard: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly store: WebhookSubscriptions,
    private readonly connection: WebhooksConnection,
    @Inject(WEBHOOKS_REFRESH_MS) private readonly refreshMs: number,
    @Inject(KIT_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  /** Read before any consumer starts: an event matched against nothing would be lost. */
  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  async onApplicationBootstrap(): Promise<void> {
    // `events.notifications.webhook.*.v1`: created, updated, secret-rotated, disabled.
    const subject = webhookCreated.subject.replace(`.${webhookCreated.verb}.`, '.*.');
    this.heard = this.connection.nats.subscribe(subject, {
      callback: () => void this.refresh().catch(() => undefined),
    });
    // What changed between the first read and the subscription above.
    await this.refresh();
    if (this.refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
      this.timer.unref();
    }
  }

  current(): readonly StoredSubscription[] {
    // Never read (the store was down at start): the event is handed back, not matched to nothing.
    if (!this.subscriptions) throw new Error('Webhook subscriptions not read yet');
    return this.subscriptions;
  }

  /** Reads them again; a call during a read makes one more read after it (nothing is missed). */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          this.subscriptions = await this.store.all();
        } while (this.again);
      } catch (error) {
        this.logger.warn({ err: error }, 'Webhook subscriptions not read; the last ones stay');
        throw error;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.heard?.unsubscribe();
  }
}
