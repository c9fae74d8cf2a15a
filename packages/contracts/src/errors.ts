/**
 * The typed error envelope that failures travel in over NATS (ARCHITECTURE.md, "Messaging").
 *
 * Codes are transport-neutral on purpose: no HTTP status appears here, because the gateway maps
 * codes to HTTP in one place and services must not have to know about HTTP.
 */
import { z } from 'zod';

/** Every error code a service may reply with. */
export const ERROR_CODES = [
  /** The payload does not match its contract; `details` lists the faulty fields. */
  'VALIDATION_FAILED',
  /** No principal, or one that could not be trusted. */
  'UNAUTHENTICATED',
  /** The principal is known but may not do this. */
  'FORBIDDEN',
  /** The addressed aggregate does not exist (or is not visible to the principal). */
  'NOT_FOUND',
  /** The change clashes with the current state: stale `version`, duplicate key, wrong workflow state. */
  'CONFLICT',
  /** A precondition given by the caller (e.g. an expected version) does not hold. */
  'PRECONDITION_FAILED',
  /** An idempotency key already used for another request; `details` names the key. */
  'IDEMPOTENCY_KEY_REUSED',
  /** The caller sent too much too fast. */
  'RATE_LIMITED',
  /** A dependency did not answer in time; the outcome of a command is unknown. */
  'TIMEOUT',
  /** A dependency is down; retrying later may succeed. */
  'UNAVAILABLE',
  /** A bug or an unexpected failure; the message says nothing more to the caller. */
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Schema of an {@link ErrorCode}. */
export const errorCodeSchema = z.enum(ERROR_CODES);

/** One problem with a payload, tied to the field it concerns. */
export const errorDetailSchema = z.object({
  path: z
    .string()
    .describe('Dotted field path such as "items.2.code"; "" when the problem is the whole payload'),
  reason: z.string().min(1).describe('A sentence a human can act on'),
  code: z.string().min(1).optional().describe('Machine-readable code, e.g. the zod issue code'),
});

/** One problem with a payload, tied to the field it concerns. */
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** How a failure travels from a service to its caller. */
export const errorEnvelopeSchema = z.object({
  code: errorCodeSchema,
  message: z.string().min(1).describe('What went wrong, safe to show and to log: no personal data'),
  details: z.array(errorDetailSchema).default([]),
  correlationId: z.string().min(1).optional(),
});

/** An error envelope as it is on the wire: `details` is always present (possibly empty). */
export type ErrorEnvelope = z.output<typeof errorEnvelopeSchema>;

/** What may be passed to `errorEnvelopeSchema.parse` to build an {@link ErrorEnvelope}. */
export type ErrorEnvelopeInput = z.input<typeof errorEnvelopeSchema>;

/**
 * Whether `value` is an error envelope in its wire form. `details` must be present: senders build
 * envelopes with `errorEnvelopeSchema.parse`, which fills it, and a guard that let it be missing
 * would promise an array that is not there.
 */
export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { details?: unknown }).details) &&
    errorEnvelopeSchema.safeParse(value).success
  );
}

/**
 * Formats a zod issue path as a dotted field path: `['items', 2, 'code']` → `'items.2.code'`, and
 * `[]` → `''` (the whole payload).
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'symbol' ? (key.description ?? '') : String(key)))
    .join('.');
}

/**
 * Turns a zod error into error details, one per faulty field. Unknown keys of strict objects get
 * one detail each, at the path of the key itself, so that a client can highlight the field.
 * Reasons are zod's messages, which never repeat the input value and so are safe to log.
 */
export function detailsFromZodError(error: z.core.$ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        reason: 'Unknown field',
        code: issue.code,
      }));
    }
    return [{ path: formatPath(issue.path), reason: issue.message, code: issue.code }];
  });
}

/** Which part of a contract a {@link ContractViolationError} is about. */
export type ContractViolationKind = 'request' | 'reply' | 'event';

/**
 * Thrown when a request, reply or event does not match its contract. It carries the details so
 * that a receiver can answer `VALIDATION_FAILED` with field paths, and its message lists the
 * faulty paths and reasons only, never the values, so it can be logged.
 */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';

  /**
   * @param kind whether the request, the reply or an event is at fault.
   * @param target the request subject or the event type.
   * @param details the problems, with field paths.
   */
  constructor(
    readonly kind: ContractViolationKind,
    readonly target: string,
    readonly details: readonly ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(`Invalid ${kind} for ${target}: ${summarize(details)}`, options);
  }
}

/** Builds a {@link ContractViolationError} from a failed zod parse. */
export function contractViolation(
  kind: ContractViolationKind,
  target: string,
  error: z.core.$ZodError,
): ContractViolationError {
  return new ContractViolationError(kind, target, detailsFromZodError(error), { cause: error });
}

const SUMMARY_LIMIT = 5;

function summarize(details: readonly ErrorDetail[]): string {
  if (details.length === 0) return 'no details';
  const shown = details
    .slice(0, SUMMARY_LIMIT)
    .map((detail) => `${detail.path === '' ? '(payload)' : detail.path}: ${detail.reason}`);
  const more = details.length - SUMMARY_LIMIT;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** The codes a domain rule may refuse with; the rest (INTERNAL, UNAVAILABLE, …) are not rules. */
export type RefusalCode = Extract<
  ErrorCode,
  'VALIDATION_FAILED' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN'
>;

/**
 * What a domain rule throws when it refuses: framework-free, so `domain/` code can throw it. The
 * kit's request handler answers it as the error envelope with the same code, message and details,
 * so no use case translates refusals by hand.
 */
export class DomainRefusal extends Error {
  override readonly name = 'DomainRefusal';

  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }

  static validation(message: string, details: readonly ErrorDetail[] = []): DomainRefusal {
    return new DomainRefusal('VALIDATION_FAILED', message, details);
  }

  static notFound(message: string): DomainRefusal {
    return new DomainRefusal('NOT_FOUND', message);
  }

  static conflict(message: string, details: readonly ErrorDetail[] = []): DomainRefusal {
    return new DomainRefusal('CONFLICT', message, details);
  }

  static unauthenticated(message: string): DomainRefusal {
    return new DomainRefusal('UNAUTHENTICATED', message);
  }

  static forbidden(message: string): DomainRefusal {
    return new DomainRefusal('FORBIDDEN', message);
  }
}
