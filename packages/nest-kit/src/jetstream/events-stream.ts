import {
  AUDIT_STREAM,
  AUDIT_STREAM_SUBJECTS,
  EVENTS_STREAM,
  EVENTS_STREAM_SUBJECTS,
} from '@opencen/contracts';
import {
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  nanos,
} from 'nats';

export interface EventsStreamOptions {
  /** How long JetStream remembers event ids to drop a re-published event; covers a relay restart. */
  duplicateWindowMs: number;
  /** How long events stay replayable for new consumers and external subscribers. */
  maxAgeDays: number;
  /** Copies kept in a NATS cluster; 1 on a single local server. */
  replicas: number;
}

export const DEFAULT_EVENTS_STREAM_OPTIONS: EventsStreamOptions = {
  duplicateWindowMs: 10 * 60_000,
  maxAgeDays: 365,
  replicas: 1,
};

/**
 * The audit stream keeps records until the auth service has appended them (it reads them at once,
 * so a month covers a long outage), and is never what external systems subscribe to.
 */
export const DEFAULT_AUDIT_STREAM_OPTIONS: EventsStreamOptions = {
  duplicateWindowMs: 10 * 60_000,
  maxAgeDays: 30,
  replicas: 1,
};

/**
 * Creates the domain-event stream, or brings an existing one to this configuration. Every service
 * calls it at boot, so whichever starts first creates it and the others find it.
 */
export function ensureEventsStream(
  jsm: JetStreamManager,
  options: EventsStreamOptions = DEFAULT_EVENTS_STREAM_OPTIONS,
): Promise<void> {
  return ensureStream(jsm, EVENTS_STREAM, [...EVENTS_STREAM_SUBJECTS], options);
}

/** Creates the audit stream or brings it to this configuration: the gateway and auth call it. */
export function ensureAuditStream(
  jsm: JetStreamManager,
  options: EventsStreamOptions = DEFAULT_AUDIT_STREAM_OPTIONS,
): Promise<void> {
  return ensureStream(jsm, AUDIT_STREAM, [...AUDIT_STREAM_SUBJECTS], options);
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
  options: EventsStreamOptions,
): Promise<void> {
  const config: Partial<StreamConfig> = {
    name,
    subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(options.duplicateWindowMs),
    max_age: nanos(options.maxAgeDays * 24 * 60 * 60_000),
    num_replicas: options.replicas,
  };
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
      return;
    } catch (addError) {
      // Another replica created it between our look-up and our add.
      if (!/already in use/i.test(String(addError))) throw addError;
    }
  }
  await jsm.streams.update(name, config);
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(error instanceof Error ? error.message : String(error));
}
