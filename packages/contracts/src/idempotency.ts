/**
 * `Idempotency-Key` on creating requests (ARCHITECTURE.md, "Conventions"): what a client may send,
 * and how the gateway passes it to the service that keeps it.
 */
import { z } from 'zod';

/** The HTTP header a client sends on a creating POST, e.g. a UUID made when the form was opened. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The HTTP header set on an answer that repeats the first answer to the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** The longest key accepted. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** Printable ASCII without spaces or commas (a header given twice would be joined by a comma). */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x2B\\x2D-\\x7E]+$';

/** A key as a client may send it. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(IDEMPOTENCY_KEY_MAX_LENGTH)
  .regex(new RegExp(IDEMPOTENCY_KEY_PATTERN), 'printable ASCII without spaces or commas')
  .describe('Any unique string per creation (a UUID is best), reused only to retry it');
