import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/** A request handled under an `Idempotency-Key`: where its ids come from, and whether it repeats. */
interface IdempotentRun {
  /** Random, kept in the key document: the ids of every run of this request derive from it. */
  readonly seed: string;
  /** True when an earlier run of the same request died before it answered. */
  readonly retry: boolean;
  /** How many ids this run has given so far. */
  count: number;
  /** What the earlier run recorded last (see recordIdempotentProgress), when this one repeats it. */
  readonly progress?: string;
  /** Keeps this run's progress in its key document. */
  readonly record?: (progress: string) => Promise<void>;
}

/** One run of an idempotent request, as its key document starts it. */
export interface IdempotentRunStart {
  readonly seed: string;
  readonly retry: boolean;
  /** What an earlier run of the request recorded last, if anything. */
  readonly progress?: string;
  /** Where this run's progress is kept (the key document); without it, recording does nothing. */
  readonly record?: (progress: string) => Promise<void>;
}

const runs = new AsyncLocalStorage<IdempotentRun>();

/**
 * Runs `work` as one run of an idempotent request: every id `RandomIds` gives inside it is derived
 * from `seed` (the n-th id of every run is the same), so a run that repeats one that crashed
 * stores its records under the same ids, and a record the first run stored is found, not doubled.
 */
export function runIdempotent<T>(run: IdempotentRunStart, work: () => T): T {
  return runs.run({ ...run, count: 0 }, work);
}

/** The next id of the idempotent run in progress; undefined outside one. */
export function nextIdempotentId(): string | undefined {
  const run = runs.getStore();
  if (!run) return undefined;
  run.count += 1;
  return uuidFrom(createHash('sha256').update(`${run.seed}/${run.count}`).digest());
}

/**
 * True inside a run that repeats an earlier run of the same request which died before answering:
 * records under the ids it is given may exist already, and a creation answers them.
 */
export function isIdempotentRetry(): boolean {
  return runs.getStore()?.retry ?? false;
}

/** A version-4 UUID made of the first 16 bytes of `bytes` (they are as random as the seed). */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Records how far the idempotent run in progress got, before a write whose key is none of its ids
 * (a message takes the next free number): a run that repeats it after a crash reads it back with
 * `earlierIdempotentProgress` and finds that write. Does nothing outside an idempotent run.
 */
export async function recordIdempotentProgress(progress: string): Promise<void> {
  await runs.getStore()?.record?.(progress);
}

/** What the earlier run recorded last, inside a run that repeats it; undefined otherwise. */
export function earlierIdempotentProgress(): string | undefined {
  const run = runs.getStore();
  return run?.retry ? run.progress : undefined;
}
