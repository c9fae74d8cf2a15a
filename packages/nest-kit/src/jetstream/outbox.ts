import { type CloudEvent, EVENTS_SUBJECT_PREFIX } from '@opencen/contracts';
import { Schema, type UpdateQuery, type mongo } from 'mongoose';
import { currentTraceparent } from '../tracing/tracing';

/**
 * An event waiting in its aggregate's document until the relay has published it. The event is
 * kept as its serialized JSON so that the bytes published are the bytes stored, and so that its
 * data may use field names MongoDB would refuse.
 */
export interface OutboxEntry {
  id: string;
  subject: string;
  payload: string;
  createdAt: Date;
  /** The trace of the change that raised the event, continued when the relay publishes it. */
  traceparent?: string;
}

const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    subject: { type: String, required: true },
    payload: { type: String, required: true },
    createdAt: { type: Date, required: true },
    traceparent: { type: String },
  },
  { _id: false },
);

/** The document field that holds pending events; the relay looks for it. */
export const OUTBOX_FIELD = 'outbox';

/**
 * The field of a document inserted with its events in the marker (OutboxRelay.insert): the id of
 * that write, which tells recovery whether the insert stored is the one whose events it holds.
 */
export const OUTBOX_WRITE_FIELD = 'outboxWrite';

/** Spread into a read's projection: what only the relay reads of an aggregate. */
export const WITHOUT_OUTBOX = { [OUTBOX_FIELD]: 0, [OUTBOX_WRITE_FIELD]: 0 } as const;

/**
 * Gives an aggregate schema its outbox. The change and its events are then written by one
 * single-document update, which is atomic on MongoDB and FerretDB alike.
 */
export function withOutbox(schema: Schema): void {
  // No index: the relay finds documents with events through its pending markers, by key.
  schema.add({
    [OUTBOX_FIELD]: { type: [outboxEntrySchema], default: [] },
    [OUTBOX_WRITE_FIELD]: { type: String },
  });
}

/** Turns events into outbox entries, in the order given (the order they will be published in). */
export function toOutboxEntries(events: readonly CloudEvent<unknown>[]): OutboxEntry[] {
  const createdAt = new Date();
  const traceparent = currentTraceparent();
  return events.map((event) => ({
    id: event.id,
    subject: `${EVENTS_SUBJECT_PREFIX}.${event.type}`,
    payload: JSON.stringify(event),
    createdAt,
    ...(traceparent ? { traceparent } : {}),
  }));
}

/**
 * Adds events to an update of the aggregate: `updateOne(filter, withEvents({ $set: ... }, events))`.
 * A new aggregate is inserted with its events through `EventBus.insertWithEvents`.
 */
export function withEvents<T>(
  update: UpdateQuery<T>,
  events: readonly CloudEvent<unknown>[],
): UpdateQuery<T> {
  return {
    ...update,
    $push: { ...(update.$push ?? {}), [OUTBOX_FIELD]: { $each: toOutboxEntries(events) } },
  } as UpdateQuery<T>;
}

/** The documents that still hold events: for tests and tools that inspect a store. */
export const PENDING_EVENTS_FILTER = { [`${OUTBOX_FIELD}.id`]: { $exists: true } } as const;

export type OutboxCollection = mongo.Collection<mongo.Document>;

/** A new aggregate document, as an insert with events (EventBus.insertWithEvents) takes it. */
export type NewDocument = { _id: unknown } & Record<string, unknown>;
