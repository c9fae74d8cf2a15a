import {
  AUDIT_STREAM,
  type AuditAccessData,
  type EventOf,
  auditAccessRecorded,
} from '@opencen/contracts';
import { type JetStreamClient } from 'nats';

/** An access record as it travels on the audit stream. */
export type AuditAccessRecord = EventOf<typeof auditAccessRecorded>;

export type { AuditAccessData };

/**
 * Publishes access records on the audit stream and resolves only once JetStream has stored them
 * (its acknowledgement names the audit stream); a record JetStream does not store rejects, so the
 * caller refuses what it was about to answer. The record's id is the message id: a retried publish
 * inside the stream's duplicate window is stored once.
 */
export class AuditPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly timeoutMs: number,
  ) {}

  async publish(record: AuditAccessRecord): Promise<void> {
    const checked = auditAccessRecorded.envelope.parse(record);
    await this.js.publish(auditAccessRecorded.subject, JSON.stringify(checked), {
      msgID: record.id,
      expect: { streamName: AUDIT_STREAM },
      timeout: this.timeoutMs,
    });
  }
}
