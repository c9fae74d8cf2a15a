import { ServiceError } from '@opencen/nest-kit';

/** Attempts of a read-then-versioned-write before its CONFLICT reaches the caller. */
const ATTEMPTS = 5;

/**
 * Runs `change` (which reads the conversation and writes it under its version) again when another
 * write came between its read and its write: members and receipts are merged, not overwritten.
 */
export async function retryOnConflict<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      const stale =
        error instanceof ServiceError &&
        error.code === 'CONFLICT' &&
        error.details.some((detail) => detail.path === 'version');
      if (!stale || attempt >= ATTEMPTS) throw error;
    }
  }
}
