import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KIT_OPTIONS, type ServiceKitOptions } from '@opencen/nest-kit';
import { type NatsConnection, connect } from 'nats';

/**
 * The webhooks' own NATS connection: the directory hears the subscriptions' events on it (core
 * NATS, every replica), and a replay reads the domain stream's history through it.
 */
@Injectable()
export class WebhooksConnection implements OnModuleInit, OnApplicationShutdown {
  private connection: NatsConnection | undefined;

  constructor(@Inject(KIT_OPTIONS) private readonly options: ServiceKitOptions) {}

  async onModuleInit(): Promise<void> {
    this.connection = await connect({
      servers: this.options.env.NATS_URL,
      name: 'notifications-webhooks',
    });
  }

  get nats(): NatsConnection {
    if (!this.connection) throw new Error('Webhooks connection used before module init');
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) await this.connection.drain();
  }
}
