import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Notification, liveNotificationsSubject } from '@opencen/contracts';
import { KIT_LOGGER, KIT_OPTIONS, type ServiceKitOptions } from '@opencen/nest-kit';
import { JSONCodec, type NatsConnection, connect } from 'nats';
import { type Logger } from 'pino';

import { LiveNotifications } from '../usecases/ports';

const codec = JSONCodec<Notification>();

/**
 * Publishes each new in-app notification on core NATS, `notifications.live.<recipient>`: whichever
 * gateway replica streams that user's inbox receives it. Fire and forget: a stream that was away
 * asks for what it missed (notifications.notification.since).
 */
@Injectable()
export class NatsLiveNotifications
  extends LiveNotifications
  implements OnModuleInit, OnApplicationShutdown
{
  private connection: NatsConnection | undefined;

  constructor(
    @Inject(KIT_OPTIONS) private readonly options: ServiceKitOptions,
    @Inject(KIT_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    this.connection = await connect({
      servers: this.options.env.NATS_URL,
      name: 'notifications-live',
    });
  }

  push(recipient: string, notification: Notification): void {
    if (!this.connection || this.connection.isClosed()) {
      this.logger.warn({ recipient }, 'Live push skipped: NATS connection closed');
      return;
    }
    this.connection.publish(liveNotificationsSubject(recipient), codec.encode(notification));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) await this.connection.drain();
  }
}
