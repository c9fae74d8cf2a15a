/**
 * HTTP routes that map to request contracts. A route is declared once (method, path, contract,
 * where each contract field comes from, the role policy, and what a success answers: status,
 * ETag, Location, Content-Language) and that declaration drives the Nest route, the validation of
 * what the client sent, the reply and the OpenAPI document, so they cannot drift.
 */
import { UnsupportedMediaTypeException } from '@nestjs/common';
import {
  type ErrorDetail,
  type HandlerRequestOf,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENT_REPLAYED_HEADER,
  type JsonSchema,
  type Language,
  type RequestContract,
  type RequestOf,
  type RolePolicy,
  detailsFromZodError,
  idempotencyKeySchema,
  toContractJsonSchema,
} from '@opencen/contracts';
import {
  type ContractClient,
  type RequestContext,
  type SendOptions,
  ServiceError,
} from '@opencen/nest-kit';
import { type Response } from 'express';
import { type Logger } from 'pino';
import { z } from 'zod';
import { type AccessRecorder, type RouteAudit } from '../audit/access-audit';
import { negotiateLanguage } from '../i18n/accept-language';
import { preconditionRequired } from '../problems/problem';
import { type LiveFeed } from '../notifications/live-feed';
import { type GatewayRequest } from './gateway-request';

type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';
type SuccessStatus = 200 | 201 | 202;

/**
 * What a route that streams files takes or answers instead of the contract's JSON. The
 * documentation reads it; the route's own handler reads or writes the bytes.
 */
export interface RouteFiles {
  /** A multipart/form-data body: text fields first, then one file part. */
  upload?: {
    /** The text fields, each with its schema; they come before the file part. */
    fields: Readonly<Record<string, JsonSchema>>;
    /** Which of the fields are required. */
    required?: readonly string[];
    /** The name of the file part. */
    fileField: string;
    /** The media types the file part may have. */
    fileTypes: readonly string[];
    /** What a file over the size limit gets (413), when there is one. */
    tooLarge?: string;
  };
  /**
   * The success body is a file in one of these media types, not the contract's reply; the
   * handler writes the response itself. `headers`: what it sets besides, with their meaning.
   */
  download?: { contentTypes: readonly string[]; headers?: Readonly<Record<string, string>> };
}

/** Everything a route's handler works with. */
export interface RouteExchange {
  route: ContractRoute;
  req: GatewayRequest;
  res: Response;
  /** Who asks, and the correlation id, to send with every NATS request. */
  caller: RequestContext;
  client: Pick<ContractClient, 'send'>;
  logger: Logger;
  /**
   * Records the answer in the audit trail when the route declares `audit` (a no-op otherwise):
   * every handler awaits it after its reply and before it answers.
   */
  access: AccessRecorder;
  /** Users' live notifications (the notification stream's handler reads them). */
  live?: LiveFeed;
}

/**
 * What answers a route. Most routes use the generic one (forwardToContract); a route has its own
 * only for what a declaration cannot say, such as parsing an upload or streaming a download. Its
 * result is the JSON body; a route with `files.download` writes the response itself.
 */
export type RouteHandler = (exchange: RouteExchange) => Promise<unknown>;

/** How an HTTP route maps to a request contract. */
export interface ContractRouteDefinition<
  C extends RequestContract = RequestContract,
  R extends z.ZodType = C['reply'],
> {
  /** OpenAPI operation id, e.g. `getReferenceEntry`; also the name of the Nest handler. */
  operationId: string;
  method: RouteMethod;
  /** Express path, e.g. `/api/v1/reference/:list/:code`; each parameter is a contract field. */
  path: string;
  contract: C;
  summary: string;
  /**
   * What the route does, for the documentation, when the contract's description does not say it
   * all (e.g. a route that sends several requests).
   */
  description?: string;
  /** Where the contract fields that are neither path parameters nor headers come from. */
  input: 'query' | 'body';
  /**
   * The contract field that the whole body fills (e.g. `draft` for a PUT whose body is the
   * draft), instead of one body property per contract field. Field paths in problems, the
   * gateway's and the service's, are then relative to the body. With a `versionField`, the
   * version comes from `If-Match` only.
   */
  bodyField?: string;
  /** The contract field that `Accept-Language` fills. */
  languageField?: string;
  /**
   * The contract field that `If-Match: "<version>"` fills (or the body, for clients that cannot
   * set headers). One of the two is required: 428 without either.
   */
  versionField?: string;
  /**
   * What the client sends, when the contract's request cannot be written as a query string as it
   * is (a nested object as two parameters), and how it becomes the contract's request.
   */
  clientRequest?: {
    schema: z.ZodObject;
    toContract(input: Record<string, unknown>): RequestOf<C>;
  };
  /** The caller needs one of the roles of this policy; any authenticated user when absent. */
  policy?: RolePolicy;
  /** The status of a success. */
  status: SuccessStatus;
  /** What the main success means, for the documentation (`Created` / `OK` by default). */
  successDescription?: string;
  /**
   * Another success status, and when a reply gets it: e.g. a create that records nothing and
   * answers 200 with candidates instead of 201.
   */
  otherSuccess?: { status: SuccessStatus; description: string; when(reply: z.output<R>): boolean };
  /**
   * The schema of a success's body when it is not the contract's reply: a route whose handler
   * sends several requests (an upload: begin, append…, finish).
   */
  reply?: R;
  /** The version of what the reply holds, sent as `ETag: "<version>"`; none when undefined. */
  etag?(reply: z.output<R>): number | undefined;
  /** The URL of what the reply created, sent as Location; none when undefined. */
  location?(reply: z.output<R>): string | undefined;
  /** The language of the reply's labels, sent as Content-Language (and Vary: Accept-Language). */
  contentLanguage?(reply: z.output<R>, request: HandlerRequestOf<C>): Language;
  /** A multipart upload or a file download instead of JSON; see {@link RouteFiles}. */
  files?: RouteFiles;
  /** The route's own handler; forwardToContract when absent. See {@link RouteHandler}. */
  handler?: RouteHandler;
  /**
   * Whether the route takes an `Idempotency-Key` (see {@link readIdempotencyKey}). By default,
   * every POST answered 201 by the generic handler: a creation.
   */
  idempotent?: boolean;
  /**
   * The route reads personal data: each success is recorded in the audit trail, and stored there,
   * before it is answered (see audit/access-audit.ts); its `OpenCEN-Purpose` is required or not.
   * The request it is given is the one sent to the service.
   */
  audit?: RouteAudit<HandlerRequestOf<C>, z.output<R>>;
}

/** A route definition with what is derived from its contract, computed once at startup. */
export interface ContractRoute<
  C extends RequestContract = RequestContract,
  R extends z.ZodType = C['reply'],
> extends ContractRouteDefinition<C, R> {
  /** What the client's path, query or body and headers are read into. */
  requestSchema: z.ZodObject;
  /** Names of the path parameters, in order. */
  pathParams: readonly string[];
  /** Contract fields taken from the query string or the body. */
  inputFields: readonly string[];
  /** What the client sends in the query string or the body: unknown fields are refused. */
  inputSchema: z.ZodObject;
  /** The schema of the body as the client writes it, for the documentation. */
  bodySchema: z.ZodType;
  /** The schema of a success's body, for the documentation. */
  replySchema: z.ZodType;
  /** JSON Schema of each request field (input side), for parameters and query coercion. */
  fieldSchemas: Readonly<Record<string, JsonSchema>>;
  /** The route takes an `Idempotency-Key`. */
  idempotent: boolean;
}

/** Derives what a route needs from its contract; throws when the definition does not fit it. */
export function contractRoute<C extends RequestContract, R extends z.ZodType = C['reply']>(
  definition: ContractRouteDefinition<C, R>,
): ContractRoute<C, R> {
  const request = definition.clientRequest?.schema ?? definition.contract.request;
  if (!(request instanceof z.ZodObject)) {
    throw new Error(`The request of ${definition.contract.subject} is not an object schema`);
  }
  const fields = Object.keys(request.shape);
  const pathParams = [...definition.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
  const fromHeaders = [definition.languageField].filter((f): f is string => f !== undefined);
  const named = [
    ...pathParams,
    ...fromHeaders,
    ...(definition.versionField ? [definition.versionField] : []),
    ...(definition.bodyField ? [definition.bodyField] : []),
  ];
  if (definition.bodyField && definition.input !== 'body') {
    throw new Error(`${definition.path}: a bodyField needs input 'body'`);
  }
  for (const field of named) {
    if (!fields.includes(field)) {
      throw new Error(
        `${definition.path} names ${field}, which ${definition.contract.subject} lacks`,
      );
    }
  }
  const inputFields = fields.filter((f) => !pathParams.includes(f) && !fromHeaders.includes(f));
  const inputShape: Record<string, z.ZodType> = {};
  for (const field of inputFields) {
    const schema = request.shape[field] as z.ZodType;
    inputShape[field] = field === definition.versionField ? schema.optional() : schema;
  }
  const json = toContractJsonSchema(request, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const inputSchema = z.strictObject(inputShape);
  return {
    ...definition,
    requestSchema: request,
    pathParams,
    inputFields,
    inputSchema,
    bodySchema: definition.bodyField
      ? (request.shape[definition.bodyField] as z.ZodType)
      : inputSchema,
    replySchema: definition.reply ?? definition.contract.reply,
    fieldSchemas: properties,
    idempotent:
      definition.idempotent ??
      (definition.method === 'POST' && definition.status === 201 && !definition.handler),
  };
}

/**
 * The generic handler: the validated request goes to the route's contract with the caller's
 * context, and the reply is answered as the route declares it.
 */
export async function forwardToContract({
  route,
  req,
  res,
  caller,
  client,
  access,
}: RouteExchange): Promise<unknown> {
  const request = readContractRequest(route, req);
  const idempotencyKey = readIdempotencyKey(route, req);
  const payload = route.clientRequest
    ? route.clientRequest.toContract(request as Record<string, unknown>)
    : request;
  const reply = await sendContractRequest(route, client, payload, caller, {
    idempotencyKey,
    onReplayed: () => res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true'),
  });
  await access.recorded(payload, reply, statusOf(route, reply));
  answer(route, res, reply, request);
  return reply;
}

/**
 * Sends a route's validated request to its contract. On a route whose body is one contract field
 * (e.g. `draft`), the service's field paths (`draft.containerNumber`) are named as the client
 * wrote them (`containerNumber`).
 */
async function sendContractRequest(
  route: ContractRoute,
  client: Pick<ContractClient, 'send'>,
  payload: unknown,
  caller: RequestContext,
  options: Omit<SendOptions, 'context'> = {},
): Promise<unknown> {
  try {
    return await client.send(route.contract, payload, { ...options, context: caller });
  } catch (error) {
    if (error instanceof ServiceError && error.details.length > 0 && route.bodyField) {
      throw new ServiceError(
        error.code,
        error.message,
        relativeToBody(route, error.details),
        error.correlationId,
      );
    }
    throw error;
  }
}

/** Sets the status and the headers that the route declares for this reply. */
export function answer(
  route: ContractRoute,
  res: Response,
  reply: unknown,
  request?: unknown,
): void {
  res.status(statusOf(route, reply));
  const location = route.location?.(reply);
  if (location !== undefined) res.location(location);
  const version = route.etag?.(reply);
  if (version !== undefined) res.setHeader('ETag', entityTag(version));
  if (route.contentLanguage) {
    res.setHeader('Content-Language', route.contentLanguage(reply, request));
    res.vary('Accept-Language');
  }
}

/** The status a success with this reply is answered with. */
export function statusOf(route: ContractRoute, reply: unknown): number {
  return route.otherSuccess?.when(reply) ? route.otherSuccess.status : route.status;
}

/**
 * The validated request of a route, assembled from path parameters, query or body, and headers.
 * A path parameter that is not valid names no resource (404); bad input is a 400 naming each
 * field; a route with a version needs one (428).
 */
export function readContractRequest(route: ContractRoute, req: GatewayRequest): unknown {
  const request = route.requestSchema;
  const params = readPathParams(route, req);
  const input =
    route.input === 'query'
      ? queryInput(route, req)
      : route.bodyField
        ? { [route.bodyField]: bodyInput(route, req) }
        : bodyInput(route, req);
  if (route.versionField) {
    const fromHeader = ifMatchVersion(req.headers['if-match']);
    const fromBody = input[route.versionField];
    if (fromHeader === undefined && fromBody === undefined) {
      throw preconditionRequired(
        'This change needs the version it was made from: send If-Match with the ETag you read',
        route.bodyField === undefined,
      );
    }
    if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
      throw ServiceError.validation('If-Match and the body give different versions', [
        { path: route.versionField, reason: `differs from If-Match (${fromHeader})` },
      ]);
    }
    if (fromHeader !== undefined) input[route.versionField] = fromHeader;
  }
  const checked = route.inputSchema.safeParse(input);
  if (!checked.success) {
    throw ServiceError.validation(
      `The ${route.input === 'query' ? 'query string' : 'body'} is not valid`,
      relativeToBody(route, detailsFromZodError(checked.error)),
    );
  }

  const assembled: Record<string, unknown> = { ...input, ...params };
  if (route.languageField) {
    assembled[route.languageField] = negotiateLanguage(req.headers['accept-language']);
  }
  const parsed = request.safeParse(assembled);
  if (!parsed.success) {
    throw ServiceError.validation(
      'The request is not valid',
      relativeToBody(route, detailsFromZodError(parsed.error)),
    );
  }
  return parsed.data;
}

/** The path parameters of a route, each checked by its contract field: 404 when one names nothing. */
export function readPathParams(route: ContractRoute, req: GatewayRequest): Record<string, string> {
  const params: Record<string, string> = {};
  const badParams: ErrorDetail[] = [];
  for (const name of route.pathParams) {
    const value = String(req.params?.[name]);
    const parsed = (route.requestSchema.shape[name] as z.ZodType).safeParse(value);
    if (parsed.success) params[name] = value;
    else badParams.push(...prefixed(detailsFromZodError(parsed.error), name));
  }
  if (badParams.length > 0) {
    throw new ServiceError(
      'NOT_FOUND',
      `There is no such resource: ${badParams.map((d) => `${d.path}: ${d.reason}`).join('; ')}`,
      badParams,
    );
  }
  return params;
}

/**
 * Field paths as the client sees them: on a route whose body is one contract field, that field's
 * name is not part of them (`draft.nationalities.0` → `nationalities.0`, `draft` → `""`).
 */
function relativeToBody(route: ContractRoute, details: ErrorDetail[]): ErrorDetail[] {
  const field = route.bodyField;
  if (field === undefined) return details;
  return details.map((detail) => {
    if (detail.path === field) return { ...detail, path: '' };
    if (detail.path.startsWith(`${field}.`)) {
      return { ...detail, path: detail.path.slice(field.length + 1) };
    }
    return detail;
  });
}

/**
 * Query parameters as contract values: numbers and booleans are read from their text (the
 * contract says which), a parameter given twice is refused unless the field is an array.
 */
function queryInput(route: ContractRoute, req: GatewayRequest): Record<string, unknown> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  const problems: ErrorDetail[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const schema = route.fieldSchemas[name];
    if (!route.inputFields.includes(name) || !schema) {
      problems.push({ path: name, reason: 'Unknown query parameter', code: 'unrecognized_keys' });
      continue;
    }
    if (Array.isArray(raw) && schema.type !== 'array') {
      problems.push({ path: name, reason: 'Given more than once', code: 'invalid_type' });
      continue;
    }
    input[name] = typeof raw === 'string' ? fromQueryText(raw, schema) : raw;
  }
  if (problems.length > 0) throw ServiceError.validation('The query string is not valid', problems);
  return input;
}

function fromQueryText(text: string, schema: JsonSchema): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) {
    return Number(text);
  }
  if (schema.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text; // left as text, so validation names the field with the expected type
}

function bodyInput(route: ContractRoute, req: GatewayRequest): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) {
    if (hasBody(req) && !isJson(req)) {
      throw new UnsupportedMediaTypeException('The body must be JSON (application/json)');
    }
    return {};
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw ServiceError.validation('The body must be a JSON object', [
      { path: '', reason: 'Expected a JSON object' },
    ]);
  }
  return { ...(body as Record<string, unknown>) };
}

function hasBody(req: GatewayRequest): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function isJson(req: GatewayRequest): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '');
}

/**
 * The `Idempotency-Key` of a creating request, checked; undefined when absent. The service that
 * creates the record keeps it per user (nest-kit's IdempotencyKeys): the same key and body answer
 * the first result again (with `Idempotent-Replayed: true`), another body 422, a replay while the
 * first still runs 409. A route that takes none ignores it (its OpenAPI operation lists none).
 */
export function readIdempotencyKey(route: ContractRoute, req: GatewayRequest): string | undefined {
  const header = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (header === undefined || !route.idempotent) return undefined;
  const checked = idempotencyKeySchema.safeParse(header);
  if (!checked.success) {
    throw ServiceError.validation(`The ${IDEMPOTENCY_KEY_HEADER} header is not valid`, [
      {
        path: IDEMPOTENCY_KEY_HEADER,
        reason: `Expected 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters without spaces or commas`,
      },
    ]);
  }
  return checked.data;
}

/**
 * A strong ETag as the API gives them, `"<version>"`: the OpenAPI document's pattern of If-Match.
 * At most 15 digits, so that every version it names is a safe integer.
 */
export const IF_MATCH_PATTERN = '^"([1-9][0-9]{0,14})"$';
const IF_MATCH = new RegExp(IF_MATCH_PATTERN);

/** The version in `If-Match: "<version>"`; undefined when the header is absent. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header);
  if (!match) {
    throw ServiceError.validation('If-Match must hold one ETag as returned by the API', [
      { path: 'If-Match', reason: 'Expected one strong ETag such as "3"' },
    ]);
  }
  return Number(match[1]);
}

/** The strong ETag of a versioned resource. */
function entityTag(version: number): string {
  return `"${version}"`;
}

function prefixed(details: ErrorDetail[], field: string): ErrorDetail[] {
  return details.map((detail) => ({
    ...detail,
    path: detail.path === '' ? field : `${field}.${detail.path}`,
  }));
}
