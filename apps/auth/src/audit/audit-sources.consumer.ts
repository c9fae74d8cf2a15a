import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  AUDIT_STREAM,
  type CloudEvent,
  type EventContract,
  auditAccessRecorded,
  consumerName,
  eventContracts,
} from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { auditedKindOf, entryOfAccess, entryOfEvent } from './domain/entry-sources';
import { AppendEntry } from './usecases/append-entry';

/** The domain events that record a write of personal data: every event of a kind that holds it. */
export const AUDITED_EVENTS: readonly EventContract[] = eventContracts.filter(
  (contract) => auditedKindOf(contract) !== undefined,
);

export const AUDIT_CONSUMER_OPTIONS = Symbol('AUDIT_CONSUMER_OPTIONS');

export interface AuditConsumerOptions {
  /** Take only what is published from the consumers' creation on (tests). */
  readonly fromNow: boolean;
  /** Appended to the durable names: a chain under another index prefix has consumers of its own. */
  readonly suffix: string;
}

/**
 * Feeds the chain: the gateway's access records from the audit stream, and the writes from the
 * domain events of the services that hold personal data. Both consumers are durable and take one
 * message at a time, in stream order; an append is idempotent by the message id, so a redelivery
 * appends nothing twice. Records wait in the stream while the service is down.
 */
@Injectable()
export class AuditSourcesConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly appendEntry: AppendEntry,
    @Inject(AUDIT_CONSUMER_OPTIONS) private readonly options: AuditConsumerOptions,
  ) {}

  onModuleInit(): void {
    const { fromNow, suffix } = this.options;
    this.events.consume({
      durable: consumerName('auth', `audit-access${suffix}`),
      stream: AUDIT_STREAM,
      idempotent: true,
      fromNow,
      handlers: [
        onEvent(auditAccessRecorded, async (record) => {
          await this.appendEntry.execute(entryOfAccess(record));
        }),
      ],
    });
    this.events.consume({
      durable: consumerName('auth', `audit-writes${suffix}`),
      idempotent: true,
      fromNow,
      handlers: AUDITED_EVENTS.map((contract) =>
        onEvent(contract, async (event: CloudEvent<unknown>) => {
          const entry = entryOfEvent(contract, event);
          if (entry) await this.appendEntry.execute(entry);
        }),
      ),
    });
  }
}
