/**
 * NATS naming conventions of OpenCEN (ARCHITECTURE.md, "Messaging"), as code.
 *
 * Every subject, queue group and durable consumer name is built here, so that no service types a
 * subject string by hand and a malformed name fails where it is defined instead of silently never
 * matching a subscription.
 */

/**
 * Subject tokens of the services that own NATS subjects. The gateway sends requests but owns no
 * subject, so it is not listed. `reference` is the token of `apps/reference-data`.
 */
export const SERVICES = ['reference', 'cases', 'persons', 'auth', 'notifications'] as const;

/** A service's subject token, e.g. `'cases'`. */
export type ServiceName = (typeof SERVICES)[number];

/** Name of the single JetStream stream that holds every domain event. */
export const EVENTS_STREAM = 'OPENCEN_EVENTS';

/** First token of every event subject; request subjects never start with it. */
export const EVENTS_SUBJECT_PREFIX = 'events';

/**
 * Subjects captured by {@link EVENTS_STREAM}. Read-only on purpose: spread it
 * (`[...EVENTS_STREAM_SUBJECTS]`) where a client library wants a mutable array.
 */
export const EVENTS_STREAM_SUBJECTS = [`${EVENTS_SUBJECT_PREFIX}.>`] as const;

/**
 * One aggregate or verb token: lowercase, starts with a letter, then letters, digits or hyphens.
 * NATS itself allows far more, but dots, wildcards and upper case in a token would break the
 * `<service>.<aggregate>.<verb>` shape that subscriptions and filters rely on.
 */
export const SUBJECT_TOKEN_PATTERN = /^[a-z][a-z0-9-]*$/;

const VERSION_TOKEN_PATTERN = /^v([1-9][0-9]*)$/;

/** Thrown when a subject, event type, token or version does not follow the naming conventions. */
export class InvalidSubjectError extends Error {
  override readonly name = 'InvalidSubjectError';
}

/** The parts of a request subject `<service>.<aggregate>.<verb>[.v<N>]`. */
export interface ParsedRequestSubject {
  readonly service: ServiceName;
  readonly aggregate: string;
  readonly verb: string;
  /** 1 for a subject without a version token, else N of its `.v<N>` (2 or more). */
  readonly version: number;
}

/** The parts of an event subject `events.<service>.<aggregate>.<verb>.v<N>`. */
export interface ParsedEventSubject {
  readonly service: ServiceName;
  readonly aggregate: string;
  /** Past tense, e.g. `created`. */
  readonly verb: string;
  /** Schema version of the event, a positive integer. */
  readonly version: number;
  /** The CloudEvents `type`: the subject without its `events.` prefix. */
  readonly type: string;
}

/** Whether `value` is one of {@link SERVICES}. */
export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICES as readonly string[]).includes(value);
}

/**
 * Throws {@link InvalidSubjectError} unless `value` is one of {@link SERVICES}. Checked at run time
 * too because JavaScript callers and casts bypass the `ServiceName` type.
 */
export function assertServiceName(value: unknown): asserts value is ServiceName {
  if (!isServiceName(value)) {
    throw new InvalidSubjectError(
      `Unknown service ${JSON.stringify(value)}: expected one of ${SERVICES.join(', ')}`,
    );
  }
}

/**
 * Throws {@link InvalidSubjectError} unless `value` is a valid aggregate or verb token.
 * @param role what the token stands for, used in the error message (e.g. `'aggregate'`).
 */
export function assertSubjectToken(value: unknown, role: string): asserts value is string {
  if (typeof value !== 'string' || !SUBJECT_TOKEN_PATTERN.test(value)) {
    throw new InvalidSubjectError(
      `Invalid ${role} ${JSON.stringify(value)}: expected lowercase letters, digits and hyphens, ` +
        `starting with a letter (${SUBJECT_TOKEN_PATTERN.source})`,
    );
  }
}

/** Throws {@link InvalidSubjectError} unless `version` is a positive safe integer. */
export function assertEventVersion(
  version: unknown,
  of: 'event' | 'request' = 'event',
): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidSubjectError(
      `Invalid ${of} version ${JSON.stringify(version)}: expected a positive integer`,
    );
  }
}

/**
 * Builds the subject of a request (command or query), e.g. `requestSubject('cases', 'case',
 * 'create')` → `'cases.case.create'`. A later version of a request, served beside the first
 * while its callers move, gets a version token: `requestSubject('cases', 'case', 'create', 2)` →
 * `'cases.case.create.v2'`; the first version has none, so subjects released before versions
 * existed keep their names. Throws {@link InvalidSubjectError} on a malformed part.
 */
export function requestSubject(
  service: ServiceName,
  aggregate: string,
  verb: string,
  version = 1,
): string {
  assertServiceName(service);
  assertSubjectToken(aggregate, 'aggregate');
  assertSubjectToken(verb, 'verb');
  assertEventVersion(version, 'request');
  return version === 1
    ? `${service}.${aggregate}.${verb}`
    : `${service}.${aggregate}.${verb}.v${version}`;
}

/**
 * Builds the CloudEvents `type` of an event, e.g. `eventType('cases', 'case', 'created', 1)` →
 * `'cases.case.created.v1'`. Throws {@link InvalidSubjectError} on a malformed part.
 * @param verb past tense (`created`, `assigned`); the tense itself is a review matter, not checked.
 */
export function eventType(
  service: ServiceName,
  aggregate: string,
  verb: string,
  version: number,
): string {
  assertServiceName(service);
  assertSubjectToken(aggregate, 'aggregate');
  assertSubjectToken(verb, 'verb');
  assertEventVersion(version);
  return `${service}.${aggregate}.${verb}.v${version}`;
}

/**
 * Builds the NATS subject of an event, e.g. `eventSubject('cases', 'case', 'created', 1)` →
 * `'events.cases.case.created.v1'`. Throws {@link InvalidSubjectError} on a malformed part.
 */
export function eventSubject(
  service: ServiceName,
  aggregate: string,
  verb: string,
  version: number,
): string {
  return `${EVENTS_SUBJECT_PREFIX}.${eventType(service, aggregate, verb, version)}`;
}

/**
 * Splits and validates a request subject. Throws {@link InvalidSubjectError}, naming the faulty
 * part, when `subject` is not `<service>.<aggregate>.<verb>`.
 */
export function parseRequestSubject(subject: string): ParsedRequestSubject {
  const tokens = String(subject).split('.');
  if (tokens.length !== 3 && tokens.length !== 4) {
    throw new InvalidSubjectError(
      `Invalid request subject ${JSON.stringify(subject)}: expected <service>.<aggregate>.<verb>[.v<N>]`,
    );
  }
  const [service, aggregate, verb, versionToken] = tokens;
  try {
    assertServiceName(service);
    assertSubjectToken(aggregate, 'aggregate');
    assertSubjectToken(verb, 'verb');
  } catch (error) {
    throw withContext(error, `Invalid request subject ${JSON.stringify(subject)}`);
  }
  if (versionToken === undefined) return { service, aggregate, verb, version: 1 };
  const version = Number(VERSION_TOKEN_PATTERN.exec(versionToken)?.[1] ?? Number.NaN);
  // The first version has no token: one name per version.
  if (!(version >= 2)) {
    throw new InvalidSubjectError(
      `Invalid request subject ${JSON.stringify(subject)}: version ${JSON.stringify(versionToken)} must be v<N> with N of 2 or more (the first version has no version token)`,
    );
  }
  return { service, aggregate, verb, version };
}

/**
 * Splits and validates an event type `<service>.<aggregate>.<verb>.v<N>` (a subject without its
 * `events.` prefix). Throws {@link InvalidSubjectError}, naming the faulty part.
 */
export function parseEventType(type: string): ParsedEventSubject {
  const tokens = String(type).split('.');
  if (tokens.length !== 4) {
    throw new InvalidSubjectError(
      `Invalid event type ${JSON.stringify(type)}: expected <service>.<aggregate>.<verb>.v<N>`,
    );
  }
  const [service, aggregate, verb, versionToken] = tokens;
  try {
    assertServiceName(service);
    assertSubjectToken(aggregate, 'aggregate');
    assertSubjectToken(verb, 'verb');
  } catch (error) {
    throw withContext(error, `Invalid event type ${JSON.stringify(type)}`);
  }
  const version = VERSION_TOKEN_PATTERN.exec(versionToken ?? '')?.[1];
  if (version === undefined) {
    throw new InvalidSubjectError(
      `Invalid event type ${JSON.stringify(type)}: version ${JSON.stringify(versionToken)} must be v<N> with N a positive integer`,
    );
  }
  return { service, aggregate, verb, version: Number(version), type: tokens.join('.') };
}

/**
 * Splits and validates an event subject `events.<service>.<aggregate>.<verb>.v<N>`. Throws
 * {@link InvalidSubjectError}, naming the faulty part.
 */
export function parseEventSubject(subject: string): ParsedEventSubject {
  const text = String(subject);
  const prefix = `${EVENTS_SUBJECT_PREFIX}.`;
  if (!text.startsWith(prefix)) {
    throw new InvalidSubjectError(
      `Invalid event subject ${JSON.stringify(subject)}: expected ${prefix}<service>.<aggregate>.<verb>.v<N>`,
    );
  }
  try {
    return parseEventType(text.slice(prefix.length));
  } catch (error) {
    throw withContext(error, `Invalid event subject ${JSON.stringify(subject)}`);
  }
}

/** Throws {@link InvalidSubjectError} unless `subject` is a well-formed request subject. */
export function assertRequestSubject(subject: string): void {
  parseRequestSubject(subject);
}

/** Throws {@link InvalidSubjectError} unless `subject` is a well-formed event subject. */
export function assertEventSubject(subject: string): void {
  parseEventSubject(subject);
}

/** Whether `subject` is a well-formed request subject. */
export function isRequestSubject(subject: string): boolean {
  return succeeds(() => parseRequestSubject(subject));
}

/** Whether `subject` is a well-formed event subject. */
export function isEventSubject(subject: string): boolean {
  return succeeds(() => parseEventSubject(subject));
}

/**
 * The queue group a service's replicas join for its request subjects. It is the service name, so
 * that every replica of one service shares the load while two services never steal each other's
 * messages.
 */
export function queueGroup(service: ServiceName): string {
  assertServiceName(service);
  return service;
}

/**
 * The name of a durable JetStream consumer, `<service>-<purpose>` (e.g. `persons-case-counts`), so
 * that a consumer found on the stream tells who owns it and why it exists.
 */
export function consumerName(service: ServiceName, purpose: string): string {
  assertServiceName(service);
  assertSubjectToken(purpose, 'consumer purpose');
  return `${service}-${purpose}`;
}

/**
 * A JetStream filter subject for every event of a service, or of one of its aggregates
 * (`events.cases.>`, `events.cases.case.>`), for consumers that keep a read model of them.
 */
export function eventFilterSubject(service: ServiceName, aggregate?: string): string {
  assertServiceName(service);
  if (aggregate === undefined) return `${EVENTS_SUBJECT_PREFIX}.${service}.>`;
  assertSubjectToken(aggregate, 'aggregate');
  return `${EVENTS_SUBJECT_PREFIX}.${service}.${aggregate}.>`;
}

/** Prefixes an {@link InvalidSubjectError}'s message with the whole name being checked. */
function withContext(error: unknown, context: string): unknown {
  return error instanceof InvalidSubjectError
    ? new InvalidSubjectError(`${context}: ${error.message}`)
    : error;
}

function succeeds(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}
