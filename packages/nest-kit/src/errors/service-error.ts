import {
  ContractViolationError,
  DomainRefusal,
  type ErrorCode,
  type ErrorDetail,
  type ErrorEnvelope,
  detailsFromZodError,
  isErrorEnvelope,
} from '@opencen/contracts';
import { ZodError } from 'zod';

/**
 * The one exception type that crosses service boundaries. It travels as the contracts' error
 * envelope, and the gateway maps its code to an HTTP status.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly correlationId?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  static validation(message: string, details: ErrorDetail[]): ServiceError {
    return new ServiceError('VALIDATION_FAILED', message, details);
  }

  static notFound(message: string): ServiceError {
    return new ServiceError('NOT_FOUND', message);
  }

  static conflict(message: string, details: ErrorDetail[] = []): ServiceError {
    return new ServiceError('CONFLICT', message, details);
  }

  static unauthenticated(message: string): ServiceError {
    return new ServiceError('UNAUTHENTICATED', message);
  }

  static forbidden(message: string): ServiceError {
    return new ServiceError('FORBIDDEN', message);
  }

  static fromEnvelope(envelope: ErrorEnvelope): ServiceError {
    return new ServiceError(
      envelope.code,
      envelope.message,
      envelope.details,
      envelope.correlationId,
    );
  }

  toEnvelope(correlationId?: string): ErrorEnvelope {
    return {
      code: this.code,
      message: this.message,
      details: this.details,
      ...((this.correlationId ?? correlationId)
        ? { correlationId: this.correlationId ?? correlationId }
        : {}),
    };
  }
}

const DUPLICATE_KEY = 11000;

/** True for MongoDB's (and FerretDB's) duplicate key error, from the driver or from mongoose. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === DUPLICATE_KEY
  );
}

/**
 * Turns anything thrown while handling a request into the error envelope. Unknown errors become
 * INTERNAL with a generic message: their text may hold personal data or internals, so it is logged
 * by the caller, never sent.
 */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof DomainRefusal) {
    return new ServiceError(error.code, error.message, [...error.details]);
  }
  if (error instanceof ZodError) {
    return ServiceError.validation(
      'The request does not match its contract',
      detailsFromZodError(error),
    );
  }
  if (error instanceof ContractViolationError) {
    // A bad request is the caller's to fix; a bad reply or event is a bug on our side.
    return error.kind === 'request'
      ? ServiceError.validation(error.message, [...error.details])
      : new ServiceError('INTERNAL', 'Internal error');
  }
  if (isDuplicateKeyError(error)) {
    const keyValue = (error as { keyValue?: Record<string, unknown> }).keyValue ?? {};
    return ServiceError.conflict(
      'A record with the same unique key already exists',
      Object.keys(keyValue).map((path) => ({
        path,
        reason: 'already exists',
        code: 'duplicate_key',
      })),
    );
  }
  if (isErrorEnvelope(error)) return ServiceError.fromEnvelope(error);
  return new ServiceError('INTERNAL', 'Internal error');
}
