/**
 * Domain events: CloudEvents 1.0 JSON envelopes on JetStream subjects
 * `events.<service>.<aggregate>.<verb>.v<N>` (ARCHITECTURE.md, "Messaging").
 *
 * A change of version is a new contract (and a new subject): within one version, only optional
 * fields may be added, so that existing consumers keep working.
 */
import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import { ContractViolationError, contractViolation } from './errors';
import { assertContractSchema, findUnstorableKeys } from './schema-rules';
import { type ServiceName, assertServiceName, eventSubject, eventType } from './subjects';
import { droppedFields, safeParseTolerantly } from './tolerant-reader';

/** The CloudEvents specification version of every envelope. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/**
 * The CloudEvents `source` of a service's events, e.g. `/opencen/cases`: a URI-reference that
 * names the producer without tying it to a host name that differs per deployment.
 */
export function eventSource(service: ServiceName): string {
  assertServiceName(service);
  return `/opencen/${service}`;
}

/**
 * Builds the schema of a CloudEvents 1.0 JSON envelope carrying `data`. Attribute names are
 * CloudEvents' own (lowercase, no separators), which also keeps them storable in MongoDB.
 */
export function cloudEventSchema<D extends z.ZodType>(data: D) {
  return z.object({
    specversion: z.literal(CLOUDEVENTS_SPEC_VERSION),
    id: z.uuid().describe('Unique per event; consumers deduplicate on it'),
    source: z.string().min(1).describe('Producing service, e.g. /opencen/cases'),
    type: z
      .string()
      .min(1)
      .describe('<service>.<aggregate>.<verb>.v<N>, e.g. cases.case.created.v1'),
    subject: z.string().min(1).describe('Id of the aggregate the event is about'),
    time: z.iso.datetime({ offset: true }).describe('When it happened, ISO 8601 with time zone'),
    datacontenttype: z.literal('application/json'),
    dataschema: z.url().optional(),
    correlationid: z.string().min(1).describe('Id shared by everything one client call caused'),
    causationid: z.string().min(1).optional().describe('Id of the message that caused this one'),
    actor: z.string().min(1).describe("The principal's sub or a service name; never personal data"),
    data,
  });
}

/** Schema of a CloudEvents envelope carrying data of schema `D`. */
export type CloudEventSchema<D extends z.ZodType = z.ZodType> = ReturnType<
  typeof cloudEventSchema<D>
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A CloudEvents 1.0 envelope carrying `T`, as it is on the wire. */
export type CloudEvent<T = unknown> = Simplify<
  Omit<z.output<CloudEventSchema<z.ZodUnknown>>, 'data'> & { data: T }
>;

/** Schema of any envelope, whatever its data, e.g. to read `type` before choosing a contract. */
export const anyCloudEventSchema = cloudEventSchema(z.unknown());

/** The envelope of one event contract: `type` and `source` must be that contract's. */
function contractEnvelopeSchema<D extends z.ZodType>(data: D, type: string, source: string) {
  return cloudEventSchema(data).extend({ source: z.literal(source), type: z.literal(type) });
}

/** Schema of the envelope of one event contract. */
export type EventEnvelopeSchema<D extends z.ZodType = z.ZodType> = ReturnType<
  typeof contractEnvelopeSchema<D>
>;

/**
 * One kind of message carried in a CloudEvents envelope on a JetStream stream: a domain event, or
 * a record of another stream (the audit stream's access records).
 */
export interface MessageContract<D extends z.ZodType = z.ZodType> {
  /** CloudEvents `type`. */
  readonly type: string;
  /** NATS subject. */
  readonly subject: string;
  /** CloudEvents `source`. */
  readonly source: string;
  /** What happened, for generated documentation. */
  readonly description: string;
  /** Schema of the message's `data`. */
  readonly data: D;
  /** Schema of the whole envelope, with `type` and `source` pinned to this contract. */
  readonly envelope: z.ZodType;
}

/** One kind of domain event, with the schema of its data. */
export interface EventContract<D extends z.ZodType = z.ZodType> extends MessageContract<D> {
  readonly service: ServiceName;
  readonly aggregate: string;
  /** Past tense, e.g. `created`. */
  readonly verb: string;
  readonly version: number;
  /** CloudEvents `type`, `<service>.<aggregate>.<verb>.v<N>`; its NATS subject is `events.` + type. */
  readonly type: string;
  /** Schema of the whole envelope, with `type` and `source` pinned to this contract. */
  readonly envelope: EventEnvelopeSchema<D>;
}

/** What {@link defineEvent} takes. */
export interface EventDefinition<D extends z.ZodType> {
  readonly service: ServiceName;
  readonly aggregate: string;
  /** Past tense, e.g. `created`, `assigned`. */
  readonly verb: string;
  /** Starts at 1; a breaking change of `data` means a new contract with the next version. */
  readonly version: number;
  readonly description: string;
  readonly data: D;
}

/**
 * Defines an event contract. Throws when a name breaks the subject conventions, or when the data
 * schema has no JSON Schema form or declares field names MongoDB/FerretDB cannot store (events ride
 * in the aggregate's document until they are relayed).
 */
export function defineEvent<D extends z.ZodType>(definition: EventDefinition<D>): EventContract<D> {
  const { service, aggregate, verb, version, description, data } = definition;
  const type = eventType(service, aggregate, verb, version);
  const source = eventSource(service);
  assertContractSchema(data, `data of ${type}`);
  return Object.freeze({
    service,
    aggregate,
    verb,
    version,
    type,
    subject: eventSubject(service, aggregate, verb, version),
    source,
    description,
    data,
    envelope: contractEnvelopeSchema(data, type, source),
  });
}

/**
 * Defines the next version of an event, published beside `previous` (same service, aggregate and
 * verb; version + 1) until every consumer reads the new one. `previous` stays in the catalog,
 * unchanged, as released; the producer builds both events in the same write (README, "Versions
 * side by side").
 */
export function nextEventVersion<D extends z.ZodType>(
  previous: EventContract,
  next: Pick<EventDefinition<D>, 'description' | 'data'>,
): EventContract<D> {
  const { service, aggregate, verb, version } = previous;
  return defineEvent({ service, aggregate, verb, version: version + 1, ...next });
}

/** The data of an event as consumers receive it (the schema's output type). */
export type EventDataOf<C extends MessageContract> = z.output<C['data']>;

/** The data a producer may pass to {@link buildEvent} (the schema's input type). */
export type EventDataInputOf<C extends MessageContract> = z.input<C['data']>;

/** A whole event of contract `C`, as on the wire. */
export type EventOf<C extends MessageContract> = CloudEvent<EventDataOf<C>>;

/** What {@link buildEvent} takes; the rest of the envelope comes from the contract. */
export interface BuildEventInput<C extends MessageContract> {
  /** A UUID; generated when left out. Give one when the event must be rebuilt identically. */
  readonly id?: string;
  /** Id of the aggregate the event is about. */
  readonly subject: string;
  readonly data: EventDataInputOf<C>;
  readonly correlationId: string;
  readonly causationId?: string;
  /** The principal's `sub` or a service name; never personal data. */
  readonly actor: string;
  /** When it happened; now when left out. A string must be ISO 8601 with a time zone. */
  readonly time?: Date | string;
  readonly dataschema?: string;
}

/**
 * Builds a validated event of `contract`, ready to be stored with its aggregate and relayed.
 * Throws a `ContractViolationError` of kind `'event'` if the data or an attribute is invalid, or if
 * a key of the data (e.g. of a record) cannot be stored in MongoDB/FerretDB.
 */
export function buildEvent<C extends MessageContract>(
  contract: C,
  input: BuildEventInput<C>,
): EventOf<C> {
  const time = input.time ?? new Date();
  const candidate = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: input.id ?? randomUUID(),
    source: contract.source,
    type: contract.type,
    subject: input.subject,
    time: time instanceof Date ? isoTime(time, contract.type) : time,
    datacontenttype: 'application/json',
    // Absent, not undefined: the MongoDB driver would store an undefined attribute as null.
    ...(input.dataschema === undefined ? {} : { dataschema: input.dataschema }),
    correlationid: input.correlationId,
    ...(input.causationId === undefined ? {} : { causationid: input.causationId }),
    actor: input.actor,
    data: input.data,
  };
  const result = contract.envelope.safeParse(candidate);
  if (!result.success) throw contractViolation('event', contract.type, result.error);
  // An event is stored (outbox, stream) as it is built: a field the contract does not declare is
  // refused rather than silently dropped by a non-strict object.
  const dropped = droppedFields(candidate.data, (result.data as CloudEvent).data, ['data']);
  if (dropped.length > 0) throw new ContractViolationError('event', contract.type, dropped);
  const unstorable = findUnstorableKeys((result.data as CloudEvent).data, ['data']);
  if (unstorable.length > 0) {
    throw new ContractViolationError(
      'event',
      contract.type,
      unstorable.map((path) => ({
        path,
        reason: 'Field names may not contain "." or start with "$" (MongoDB/FerretDB)',
        code: 'unstorable_key',
      })),
    );
  }
  return result.data as EventOf<C>;
}

/**
 * Validates a received envelope (already decoded from JSON) against `contract`, including its
 * `type` and `source`. Fields the contract does not know are ignored (left out): a producer may add
 * optional fields within a version. Throws a `ContractViolationError` of kind `'event'`, which a consumer
 * should treat as poison (retrying cannot fix it), not as a transient failure.
 */
export function parseEvent<C extends EventContract>(contract: C, json: unknown): EventOf<C> {
  const result = safeParseTolerantly(contract.envelope, json);
  if (!result.success) throw contractViolation('event', contract.type, result.error);
  return result.data as EventOf<C>;
}

function isoTime(date: Date, type: string): string {
  // toISOString would throw a bare RangeError; say which event and which attribute instead.
  if (Number.isNaN(date.getTime())) {
    throw new ContractViolationError('event', type, [
      { path: 'time', reason: 'Invalid Date', code: 'invalid_date' },
    ]);
  }
  return date.toISOString();
}
