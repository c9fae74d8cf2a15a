/**
 * RFC 9457 problem details: the one place where error codes of the contracts become HTTP statuses
 * and where every error response of the gateway is shaped.
 */
import { type ErrorCode, type ErrorDetail } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The HTTP status of each error code. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/**
 * The detail code that turns PRECONDITION_FAILED into 428 Precondition Required: the request gave
 * no precondition at all (no `If-Match`), rather than one that does not hold (412).
 */
export const PRECONDITION_REQUIRED = 'precondition_required';

const TITLES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Authentication is required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict with the current state',
  PRECONDITION_FAILED: 'Precondition failed',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key already used for another request',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Service unavailable',
  TIMEOUT: 'Timed out',
};

/** Details that callers get instead of the real message, which is logged, not sent. */
const OPAQUE_DETAILS: Partial<Record<ErrorCode, string>> = {
  INTERNAL: 'An unexpected error occurred. Quote the correlation id when you report it.',
  UNAVAILABLE: 'A service behind the gateway is unavailable. Try again later.',
  TIMEOUT:
    'A service behind the gateway did not answer in time; the outcome of a change is unknown, so read before retrying.',
};

/** The problem document, as published in the OpenAPI document. */
export const problemSchema = z.object({
  type: z.string().describe('URI reference that identifies the problem type'),
  title: z.string().describe('Short summary of the problem type'),
  status: z.number().int().describe('The HTTP status code'),
  detail: z.string().describe('What went wrong in this occurrence'),
  instance: z.string().describe('The request path'),
  correlationId: z.string().describe('Quote it when reporting a problem; also in X-Correlation-Id'),
  code: z
    .string()
    .optional()
    .describe('The OpenCEN error code (VALIDATION_FAILED, NOT_FOUND...), when there is one'),
  errors: z
    .array(
      z.object({
        path: z
          .string()
          .describe('Dotted path of the field, parameter or header; "" for the whole body'),
        reason: z
          .string()
          .describe(
            'Why, e.g. "Unknown field" for a field the API does not know (refused at any depth, never ignored)',
          ),
      }),
    )
    .describe(
      'One entry per faulty field, each unknown field included; empty when the problem is not about fields',
    ),
});
export type Problem = z.infer<typeof problemSchema>;

/** Where a problem happened, to fill `instance` and `correlationId`. */
export interface ProblemContext {
  instance: string;
  correlationId: string;
}

/** The HTTP status of a service error. */
export function httpStatusOf(error: ServiceError): number {
  if (
    error.code === 'PRECONDITION_FAILED' &&
    error.details.some((detail) => detail.code === PRECONDITION_REQUIRED)
  ) {
    return 428;
  }
  return HTTP_STATUS_BY_CODE[error.code];
}

/**
 * A read of personal data that was not answered because its access record could not be stored in
 * the audit trail (JetStream unreachable, the audit stream missing, no acknowledgement in time):
 * the gateway fails closed. Its problem has a type of its own, so clients can tell it from a
 * service that is down.
 */
export class AuditTrailUnavailableError extends ServiceError {
  static readonly TYPE = 'urn:opencen:problem:audit-trail-unavailable';
  static readonly TITLE = 'The audit trail is unavailable';
  static readonly DETAIL =
    'This read of personal data could not be recorded in the audit trail, so it was not answered. Try again later.';

  constructor(correlationId?: string) {
    super('UNAVAILABLE', 'The access record was not stored in the audit stream', [], correlationId);
  }
}

/** The problem document of a service error (from a service's envelope or from the gateway). */
export function problemFromServiceError(error: ServiceError, context: ProblemContext): Problem {
  if (error instanceof AuditTrailUnavailableError) {
    return {
      type: AuditTrailUnavailableError.TYPE,
      title: AuditTrailUnavailableError.TITLE,
      status: 503,
      detail: AuditTrailUnavailableError.DETAIL,
      instance: context.instance,
      correlationId: context.correlationId,
      code: error.code,
      errors: [],
    };
  }
  return {
    type: problemType(error.code),
    title: TITLES[error.code],
    status: httpStatusOf(error),
    detail: OPAQUE_DETAILS[error.code] ?? error.message,
    instance: context.instance,
    correlationId: context.correlationId,
    code: error.code,
    errors: error.details.map(toProblemError),
  };
}

/**
 * The problem document of an HTTP error that no error code covers (413 Content Too Large, 415
 * Unsupported Media Type...), raised by the HTTP layer itself.
 */
export function problemFromHttpStatus(
  status: number,
  detail: string,
  context: ProblemContext,
  title = 'HTTP error',
): Problem {
  return {
    type: 'about:blank',
    title,
    status,
    detail,
    instance: context.instance,
    correlationId: context.correlationId,
    errors: [],
  };
}

/** A URN per error code, e.g. `urn:opencen:problem:validation-failed`. */
export function problemType(code: ErrorCode): string {
  return `urn:opencen:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** The error code a plain HTTP status stands for, if one does. */
export function codeOfHttpStatus(status: number): ErrorCode | undefined {
  if (status === 428) return 'PRECONDITION_FAILED';
  const entry = Object.entries(HTTP_STATUS_BY_CODE).find(([, value]) => value === status);
  return entry?.[0] as ErrorCode | undefined;
}

/** The gateway's own "give a version" problem: 428 with the header to send. */
export function preconditionRequired(message: string, versionInBody = true): ServiceError {
  return new ServiceError('PRECONDITION_FAILED', message, [
    {
      path: 'If-Match',
      reason: versionInBody
        ? 'Send If-Match with the ETag you read, or the version in the body'
        : 'Send If-Match with the ETag you read',
      code: PRECONDITION_REQUIRED,
    },
  ]);
}

function toProblemError(detail: ErrorDetail): { path: string; reason: string } {
  return { path: detail.path, reason: detail.reason };
}
