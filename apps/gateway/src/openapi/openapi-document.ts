/**
 * The OpenAPI 3.1 document of the gateway, built from the contract routes: every parameter, body
 * and reply schema is the contract's zod schema converted to JSON Schema, so the document is the
 * client's contract and cannot drift from what the gateway checks.
 */
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENT_REPLAYED_HEADER,
  type JsonSchema,
  LANGUAGES,
  PURPOSE_HEADER,
  ROLE_POLICIES,
  toContractJsonSchema,
} from '@opencen/contracts';
import { type z } from 'zod';
import { rolesOf } from '../auth/access';
import { type ContractRoute, IF_MATCH_PATTERN } from '../http/contract-route';
import { CORRELATION_ID_PATTERN } from '../http/correlation-id.middleware';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '../problems/problem';

/** An OpenAPI 3.1 document (the subset this builder writes, kept loose on purpose). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, unknown>;
    headers: Record<string, unknown>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
  security: Record<string, string[]>[];
}

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
  'x-opencen-roles'?: string[];
}

export interface OpenApiOptions {
  version: string;
  /** Names for schemas shared by several replies, e.g. the reference entry. */
  namedSchemas?: readonly (readonly [z.ZodType, string])[];
  /** Where tokens come from, for the security scheme's description. */
  tokenIssuer?: string;
}

const SECURITY_SCHEME = 'bearer';
/** `HEADERS.correlationId` as clients usually spell it; header names are case-insensitive. */
const CORRELATION_HEADER = 'X-Correlation-Id';

const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': {
    name: 'BadRequest',
    description:
      'The query string, headers or body are not valid, and nothing was changed. `errors` names each ' +
      'faulty field; a field the API does not know is refused, never ignored, and named too: a body ' +
      'field at any depth ("Unknown field"), a query parameter ("Unknown query parameter"), a form ' +
      'field of an upload, a column of an import file',
  },
  '401': {
    name: 'Unauthorized',
    description: 'No bearer token, or one that is not valid (see WWW-Authenticate)',
  },
  '403': {
    name: 'Forbidden',
    description:
      'The caller lacks the role this needs, or the service refuses this caller (e.g. a record of another office)',
  },
  '404': {
    name: 'NotFound',
    description: 'No such resource (list, entry, person...), or none the caller may read',
  },
  '409': {
    name: 'Conflict',
    description: 'The resource changed since that version, or already exists',
  },
  '412': { name: 'PreconditionFailed', description: 'A precondition does not hold' },
  '415': { name: 'UnsupportedMediaType', description: 'The body is not JSON' },
  '422': {
    name: 'IdempotencyKeyReused',
    description: 'The Idempotency-Key was already sent with another request: use a new key',
  },
  '428': {
    name: 'PreconditionRequired',
    description: 'No version given: send If-Match (or the version in the body)',
  },
  '429': { name: 'TooManyRequests', description: 'Rate limit reached; see Retry-After' },
  '500': { name: 'InternalError', description: 'Unexpected error; quote the correlation id' },
  '503': {
    name: 'ServiceUnavailable',
    description:
      'A service behind the gateway is down; or, for a read of personal data, the audit trail cannot record it (type urn:opencen:problem:audit-trail-unavailable), so it is not answered: try again later',
  },
  '504': { name: 'GatewayTimeout', description: 'A service behind the gateway did not answer' },
};

/** Builds the document. Throws if two routes share an operation id or a method and path. */
export function buildOpenApiDocument(
  routes: readonly ContractRoute[],
  options: OpenApiOptions,
): OpenApiDocument {
  const schemas = new SchemaRegistry(options.namedSchemas ?? []);
  schemas.add(problemSchema, 'Problem', 'output');
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    if (operationIds.has(route.operationId)) {
      throw new Error(`Duplicate operation id ${route.operationId}`);
    }
    operationIds.add(route.operationId);
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const method = route.method.toLowerCase();
    const item = (paths[path] ??= {});
    if (item[method]) throw new Error(`Two routes for ${route.method} ${path}`);
    item[method] = operation(route, schemas);
  }
  Object.assign(paths, healthPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenCEN API',
      version: options.version,
      description:
        'The HTTP API of OpenCEN, the Customs Enforcement Network. Every request needs a bearer token ' +
        'from the Keycloak realm `opencen`; errors are RFC 9457 problem documents; every response ' +
        'carries X-Correlation-Id. Persons, companies, conveyances and cases are classified ' +
        '(restricted, confidential, secret): a record above the caller’s clearance (the token’s ' +
        '`clearance`, restricted when absent) is answered 404 and never listed, counted or exported.',
    },
    tags: [
      { name: 'reference', description: 'Code lists: countries, currencies, HS codes...' },
      {
        name: 'persons',
        description:
          'Subjects of interest: natural persons (with matching against people already known), companies, means of conveyance, and watchlist alerts on them',
      },
      {
        name: 'cases',
        description:
          'Seizure and offence cases and investigations: draft → submitted → validated → closed, with rejection, reopening, assigned investigators, tasks and comments',
      },
      {
        name: 'auth',
        description:
          'The audit trail, for auditors: who read or changed a record, what a user did, and whether the chain still holds',
      },
    ],
    paths,
    components: {
      schemas: schemas.all(),
      parameters: {
        CorrelationId: {
          name: CORRELATION_HEADER,
          in: 'header',
          required: false,
          description:
            'Ties together everything this call causes, in logs and events; generated when absent. 1 to 128 visible ASCII characters: anything else is refused with 400 naming the header.',
          schema: { type: 'string', minLength: 1, maxLength: 128, pattern: CORRELATION_ID_PATTERN },
        },
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: `Label language, with q-values (RFC 9110): the best of ${LANGUAGES.join(', ')}; English by default and as fallback.`,
          schema: { type: 'string' },
          example: 'fr-CA, fr;q=0.9, en;q=0.5',
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description:
            'The ETag of the version the change is made from, e.g. "3". Required unless the body gives `version`; 409 if the entry changed since.',
          schema: { type: 'string', pattern: IF_MATCH_PATTERN },
        },
        IdempotencyKey: {
          name: IDEMPOTENCY_KEY_HEADER,
          in: 'header',
          required: false,
          description:
            'Makes a retry of this creation safe: any unique string (a UUID is best), sent again only to retry. ' +
            'The same key (per user) with the same request answers the first result again, with `Idempotent-Replayed: true`, ' +
            'and creates nothing more, even if the first request was cut off before its answer; with another request, 422; ' +
            'while the first is still being handled, 409. Keys are kept 24 hours (IDEMPOTENCY_KEY_RETENTION_MS of the services).',
          schema: {
            type: 'string',
            minLength: 1,
            maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
            pattern: IDEMPOTENCY_KEY_PATTERN,
          },
          example: '5f0c6b2e-8d1a-4c1e-9f57-0b1f4a7c2d13',
        },
      },
      headers: {
        IdempotentReplayed: {
          description:
            '`true` when the answer repeats the first answer to this Idempotency-Key (nothing new was created)',
          schema: { type: 'string', enum: ['true'] },
        },
        CorrelationId: {
          description: 'The correlation id of the call (the one sent, or a new one)',
          schema: { type: 'string' },
        },
        ETag: {
          description: 'The version of the entry, to send back in If-Match',
          schema: { type: 'string' },
        },
        Location: { description: 'The URL of the new entry', schema: { type: 'string' } },
        ContentLanguage: {
          description: 'The language of the labels (an entry: the language its label is in)',
          schema: { type: 'string', enum: [...LANGUAGES] },
        },
        RetryAfter: {
          description: 'Seconds to wait before sending again',
          schema: { type: 'integer' },
        },
        WWWAuthenticate: {
          description: 'The authentication scheme (Bearer) and, for a bad token, the error',
          schema: { type: 'string' },
        },
      },
      responses: errorResponses(),
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            `An access token of the Keycloak realm opencen${options.tokenIssuer ? ` (${options.tokenIssuer})` : ''} ` +
            'whose audience includes opencen-gateway.',
        },
      },
    },
    security: [{ [SECURITY_SCHEME]: [] }],
  };
}

function operation(route: ContractRoute, schemas: SchemaRegistry): Operation {
  const { contract } = route;
  const parameters: unknown[] = route.pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: route.fieldSchemas[name],
  }));
  const required = new Set(
    (toContractJsonSchema(route.inputSchema, 'input').required ?? []) as string[],
  );
  if (route.input === 'query') {
    for (const name of route.inputFields) {
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        schema: route.fieldSchemas[name],
      });
    }
  }
  parameters.push({ $ref: '#/components/parameters/CorrelationId' });
  if (route.languageField) parameters.push({ $ref: '#/components/parameters/AcceptLanguage' });
  if (route.versionField && route.bodyField) {
    // The body is the resource itself, so the version can only come from If-Match.
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      description:
        'The ETag of the version the change is made from, e.g. "3"; 428 without it, 409 if the resource changed since.',
      schema: { type: 'string', pattern: IF_MATCH_PATTERN },
    });
  } else if (route.versionField) {
    parameters.push({ $ref: '#/components/parameters/IfMatch' });
  }
  if (route.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  if (route.audit) {
    const required = route.audit.purpose === 'required';
    parameters.push({
      name: PURPOSE_HEADER,
      in: 'header',
      required,
      description:
        `Why you ${route.audit.action === 'disclosure' ? 'export' : 'read or search'}: a case number or a short text (UTF-8 may be percent-encoded), recorded in the audit trail. ` +
        (required
          ? 'Required: without it, 400 naming the header, and nothing is searched.'
          : 'Optional; recorded when sent.'),
      schema: { type: 'string', minLength: 3, maxLength: 200 },
      example: 'FRACDG-2026-000042',
    });
  }

  const reply = () => {
    const replyName = schemas.add(route.replySchema, `${pascal(route.operationId)}Reply`, 'output');
    return { 'application/json': { schema: ref(replyName) } };
  };
  const download = route.files?.download;
  const responses: Record<string, unknown> = {
    [String(route.status)]: {
      description: route.successDescription ?? (route.status === 201 ? 'Created' : 'OK'),
      headers: successHeaders(route),
      content: download
        ? Object.fromEntries(
            // A JSON file is parsed by clients (and checkers) as JSON, not read as bytes.
            download.contentTypes.map((type) => [
              type,
              /json/.test(type)
                ? { schema: { description: 'The file, in JSON' } }
                : { schema: { type: 'string', format: 'binary' } },
            ]),
          )
        : reply(),
    },
  };
  if (route.otherSuccess) {
    responses[String(route.otherSuccess.status)] = {
      description: route.otherSuccess.description,
      headers: successHeaders(),
      content: reply(),
    };
  }
  const errors = ['400', '401', '403', '429', '500', '503', '504'];
  if (route.pathParams.length > 0) errors.push('404');
  if (route.method !== 'GET') errors.push('409', '415');
  if (route.versionField) errors.push('412', '428');
  if (route.idempotent) errors.push('422');
  for (const status of errors.sort()) {
    responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}` };
  }
  const upload = route.files?.upload;
  if (upload) responses['415'] = problemResponse('The body is not multipart/form-data');
  if (upload?.tooLarge) responses['413'] = problemResponse(upload.tooLarge);

  const roles = route.policy ? `Needs the role ${rolesOf(route.policy)}.` : 'Any signed-in user.';
  const audited = route.audit
    ? ` Reads personal data: each answer is recorded in the audit trail (who, what, from where, why) before it is sent, and refused with 503 when the trail cannot record it.`
    : '';
  const result: Operation = {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description ?? contract.description}\n\n${roles} Sent to the ${contract.service} service as NATS request \`${contract.subject}\`.${audited}`,
    tags: [contract.service],
    parameters,
    responses,
    // The roles of the route's policy as data, for clients and tools (the API fuzzer picks its user
    // by them); absent when any signed-in user may call it.
    ...(route.policy ? { 'x-opencen-roles': [...ROLE_POLICIES[route.policy]] } : {}),
  };
  if (upload) {
    result.requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: [...(upload.required ?? []), upload.fileField],
            properties: {
              ...upload.fields,
              [upload.fileField]: { type: 'string', format: 'binary' },
            },
            // Another part is refused with a 400 naming it (http/chunked-upload.ts).
            additionalProperties: false,
          },
          encoding: { [upload.fileField]: { contentType: upload.fileTypes.join(', ') } },
        },
      },
    };
  } else if (route.input === 'body') {
    const bodyName = schemas.add(route.bodySchema, `${pascal(route.operationId)}Body`, 'input');
    result.requestBody = {
      required: route.bodyField !== undefined || required.size > 0,
      content: { 'application/json': { schema: ref(bodyName) } },
    };
  }
  return result;
}

/** The headers of a success: those the route declares a source for, and a download's. */
function successHeaders(route?: ContractRoute): Record<string, unknown> {
  const headers: Record<string, unknown> = {
    [CORRELATION_HEADER]: { $ref: '#/components/headers/CorrelationId' },
  };
  if (route?.location) headers.Location = { $ref: '#/components/headers/Location' };
  if (route?.etag) headers.ETag = { $ref: '#/components/headers/ETag' };
  if (route?.contentLanguage) {
    headers['Content-Language'] = { $ref: '#/components/headers/ContentLanguage' };
  }
  if (route?.idempotent) {
    headers[IDEMPOTENT_REPLAYED_HEADER] = { $ref: '#/components/headers/IdempotentReplayed' };
  }
  for (const [name, description] of Object.entries(route?.files?.download?.headers ?? {})) {
    headers[name] = { description, schema: { type: 'string' } };
  }
  return headers;
}

function problemResponse(description: string): unknown {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('Problem') } } };
}

function errorResponses(): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    const headers: Record<string, unknown> = {
      [CORRELATION_HEADER]: { $ref: '#/components/headers/CorrelationId' },
    };
    if (status === '401')
      headers['WWW-Authenticate'] = { $ref: '#/components/headers/WWWAuthenticate' };
    if (status === '429') headers['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
    responses[name] = {
      description,
      headers,
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: ref('Problem'),
          ...(status === '400' ? { example: BAD_REQUEST_EXAMPLE } : {}),
        },
      },
    };
  }
  return responses;
}

/** A misspelled case draft, as the 400 answers it. */
const BAD_REQUEST_EXAMPLE = {
  type: 'urn:opencen:problem:validation-failed',
  title: 'The request is not valid',
  status: 400,
  detail: 'The body is not valid',
  instance: '/api/v1/cases',
  correlationId: '5f0c6f7e-8d0a-4c43-9b8e-0d6d1c1f2a3b',
  code: 'VALIDATION_FAILED',
  errors: [
    { path: 'draft.itemz', reason: 'Unknown field' },
    { path: 'draft.narative', reason: 'Unknown field' },
  ],
};

function healthPaths(): OpenApiDocument['paths'] {
  const health = (operationId: string, summary: string): Operation => ({
    operationId,
    summary,
    description: 'For orchestrators; needs no token.',
    tags: ['health'],
    parameters: [],
    security: [],
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      ...(operationId === 'ready'
        ? {
            '503': {
              description:
                'A dependency (NATS, the audit stream, Keycloak) does not answer: reads of personal data are refused while the audit stream is down',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          }
        : {}),
    },
  });
  return {
    '/health/live': { get: health('live', 'The process answers') },
    '/health/ready': { get: health('ready', 'NATS, the audit stream and Keycloak answer') },
  };
}

/**
 * Component schemas, one per zod schema: a schema used by several routes (the reference entry) is
 * written once and referenced. Definitions that the JSON Schema conversion hoists are moved into
 * components, their references rewritten.
 */
class SchemaRegistry {
  private readonly names = new Map<z.ZodType, string>();
  private readonly schemas: Record<string, JsonSchema> = {};

  constructor(private readonly preferredNames: readonly (readonly [z.ZodType, string])[]) {}

  add(schema: z.ZodType, fallbackName: string, side: 'input' | 'output'): string {
    const known = this.names.get(schema);
    if (known) return known;
    const name =
      this.preferredNames.find(([candidate]) => candidate === schema)?.[1] ?? fallbackName;
    if (this.schemas[name]) throw new Error(`Two schemas named ${name}`);
    const {
      $schema: _dialect,
      definitions,
      ...json
    } = toContractJsonSchema(schema, side) as JsonSchema & {
      definitions?: Record<string, JsonSchema>;
    };
    const prefix = `${name}_`;
    for (const [key, definition] of Object.entries(definitions ?? {})) {
      this.schemas[prefix + key] = rewriteRefs(definition, prefix) as JsonSchema;
    }
    this.schemas[name] = rewriteRefs(json, prefix) as JsonSchema;
    this.names.set(schema, name);
    return name;
  }

  all(): Record<string, JsonSchema> {
    return { ...this.schemas };
  }
}

function rewriteRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, prefix));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] =
      key === '$ref' && typeof item === 'string' && item.startsWith('#/definitions/')
        ? `#/components/schemas/${prefix}${item.slice('#/definitions/'.length)}`
        : rewriteRefs(item, prefix);
  }
  return result;
}

function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
