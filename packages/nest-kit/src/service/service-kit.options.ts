import { type ServiceName } from '@opencen/contracts';
import { type Logger } from 'pino';
import { type BaseEnv } from '../config/env';
import { type EventsStreamOptions } from '../jetstream/events-stream';
import { type OutboxRelayOptions } from '../jetstream/outbox-relay';

export interface ServiceKitOptions {
  service: ServiceName;
  env: BaseEnv;
  /** Collections whose documents carry an outbox (see withOutbox); the relay watches them. */
  outboxCollections?: string[];
  relay?: Partial<OutboxRelayOptions>;
  eventsStream?: Partial<EventsStreamOptions>;
  /** Must exceed the longest time an event may wait for redelivery; defaults to 30 days. */
  handledEventsRetentionDays?: number;
  /** Defaults to a JSON logger named after the service. */
  logger?: Logger;
}
