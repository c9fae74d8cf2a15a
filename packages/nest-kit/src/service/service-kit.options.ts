import { type ServiceName } from '@opencen/contracts';
import { type Logger } from 'pino';
import { type BaseEnv } from '../config/env';
import { type EventsStreamOptions } from '../jetstream/events-stream';
import { type OutboxRelayOptions } from '../jetstream/outbox-relay';
import { type KeyAccessRules } from '../mongo/key-access-guard';

export interface ServiceKitOptions {
  service: ServiceName;
  env: BaseEnv;
  /** Collections whose documents carry an outbox (see withOutbox); the relay watches them. */
  outboxCollections?: string[];
  relay?: Partial<OutboxRelayOptions>;
  eventsStream?: Partial<EventsStreamOptions>;
  /** The service consumes the audit stream (the auth service): the bus creates it at boot too. */
  auditStream?: boolean;
  /** Must exceed the longest time an event may wait for redelivery; defaults to 30 days. */
  handledEventsRetentionDays?: number;
  /**
   * The service's bounded collections and the queries not by `_id` it still sends, each with why
   * (see KeyAccessGuard); the kit adds its own (outbox recovery, handled-event cleanup).
   */
  keyAccess?: KeyAccessRules;
  /**
   * The service keeps search indexes in OpenSearch (OPENSEARCH_URL): provides SearchService and
   * adds the cluster and the projections' lag to readiness.
   */
  search?: boolean;
  /** Defaults to a JSON logger named after the service. */
  logger?: Logger;
}
