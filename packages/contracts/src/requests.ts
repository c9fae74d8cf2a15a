/**
 * Request-reply contracts: one subject, its request schema and its reply schema, defined once and
 * validated by both the sender and the receiver.
 */
import { type z } from 'zod';

import { contractViolation } from './errors';
import { assertContractSchema, assertStrictSchema } from './schema-rules';
import { type ServiceName, requestSubject } from './subjects';
import { safeParseTolerantly } from './tolerant-reader';

/**
 * A request subject with its request and reply schemas. The schema types travel with the
 * contract, so `send(contract, payload)` is typed by the contract alone and a subject cannot be
 * paired with the wrong payload.
 */
export interface RequestContract<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  /** `<service>.<aggregate>.<verb>`, e.g. `cases.case.create`; `….v<N>` from version 2 on. */
  readonly subject: string;
  /** The service that answers. */
  readonly service: ServiceName;
  readonly aggregate: string;
  readonly verb: string;
  /** 1, or the version served beside the earlier ones while their callers move. */
  readonly version: number;
  /** What the request does, for generated documentation. */
  readonly description: string;
  readonly request: Req;
  readonly reply: Res;
}

/** What {@link defineRequest} takes. */
export interface RequestDefinition<Req extends z.ZodType, Res extends z.ZodType> {
  readonly service: ServiceName;
  readonly aggregate: string;
  /** Imperative (`create`, `get`, `list`, `assign`). */
  readonly verb: string;
  /**
   * 1 when left out. A change that breaks callers of a released version is a new version, on
   * its own subject (`….v2`), served beside the released one (README, "Versions side by side").
   */
  readonly version?: number;
  readonly description: string;
  readonly request: Req;
  readonly reply: Res;
}

/**
 * Defines a request contract. Throws when a name breaks the subject conventions, when an object of
 * the request (at any depth) accepts unknown fields instead of refusing them, when a schema has
 * no JSON Schema form (transforms, dates: both ends validate, so a transform would run twice, and
 * the wire is JSON anyway), or when it declares field names MongoDB/FerretDB cannot store.
 */
export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  definition: RequestDefinition<Req, Res>,
): RequestContract<Req, Res> {
  const { service, aggregate, verb, version = 1, description, request, reply } = definition;
  const subject = requestSubject(service, aggregate, verb, version);
  assertContractSchema(request, `request of ${subject}`);
  assertStrictSchema(request, `request of ${subject}`);
  assertContractSchema(reply, `reply of ${subject}`);
  return Object.freeze({ subject, service, aggregate, verb, version, description, request, reply });
}

/**
 * Defines the next version of a request, to be served beside `previous` (same service, aggregate
 * and verb; version + 1; subject `….v<N>`) until every caller has moved to it. `previous` stays
 * in the catalog, unchanged, as released.
 */
export function nextRequestVersion<Req extends z.ZodType, Res extends z.ZodType>(
  previous: RequestContract,
  next: Pick<RequestDefinition<Req, Res>, 'description' | 'request' | 'reply'>,
): RequestContract<Req, Res> {
  const { service, aggregate, verb, version } = previous;
  return defineRequest({ service, aggregate, verb, version: version + 1, ...next });
}

// Why input on the way in and output on the way back:
// a sender passes `RequestOf` (fields with defaults may be left out), validates it with
// `contract.request` and sends the result; the handler receives `HandlerRequestOf`, with defaults
// filled in. The handler returns `HandlerReplyOf`, validated with `contract.reply` before it is
// sent, and the sender validates it again and gets `ReplyOf`. Parsing an already parsed value gives
// the same value because contracts have no transforms (see defineRequest).

/** What a sender may pass for a request: the schema's input type. */
export type RequestOf<C extends RequestContract> = z.input<C['request']>;

/** What a sender gets back after validating the reply: the schema's output type. */
export type ReplyOf<C extends RequestContract> = z.output<C['reply']>;

/** What a handler receives after validating the request: the schema's output type. */
export type HandlerRequestOf<C extends RequestContract> = z.output<C['request']>;

/** What a handler may return as its reply, before validation: the schema's input type. */
export type HandlerReplyOf<C extends RequestContract> = z.input<C['reply']>;

/**
 * Validates a received request. Throws a `ContractViolationError` of kind `'request'` whose details
 * a handler can send back as `VALIDATION_FAILED`.
 */
export function parseRequest<C extends RequestContract>(
  contract: C,
  value: unknown,
): HandlerRequestOf<C> {
  const result = contract.request.safeParse(value);
  if (!result.success) throw contractViolation('request', contract.subject, result.error);
  return result.data as HandlerRequestOf<C>;
}

/**
 * Validates a reply, before sending it and after receiving it. Fields the reply's schema does not
 * know are ignored (left out), so that a replier may add a field without breaking older callers;
 * replies are not stored. Throws a `ContractViolationError` of kind `'reply'` for anything else: a
 * bad reply is the replier's bug, not the caller's.
 */
export function parseReply<C extends RequestContract>(contract: C, value: unknown): ReplyOf<C> {
  const result = safeParseTolerantly(contract.reply, value);
  if (!result.success) throw contractViolation('reply', contract.subject, result.error);
  return result.data as ReplyOf<C>;
}
