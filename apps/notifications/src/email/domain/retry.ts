/**
 * How a failed send is retried: transient failures (an SMTP 4xx reply, a connection that could
 * not be made or was lost, a timeout) again after an exponential backoff with jitter, until the
 * retry period is over; permanent ones (a 5xx reply: address refused, message refused) never.
 */
export type SendFailure = 'transient' | 'permanent';

export interface BackoffOptions {
  /** The first delay, in ms. */
  readonly initialMs: number;
  /** The longest delay, in ms. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 5 * 60_000 };

/**
 * The delay before retry number `attempt` (1 after the first failure): `initialMs × 2^(attempt-1)`,
 * at most `maxMs`, then "full jitter" between half of it and all of it (`random` in [0, 1)), so
 * that the replicas that failed together do not retry together.
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** Connection errors that a later attempt may not meet. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
]);

/**
 * Whether a send failure may pass: by the SMTP reply code when there is one (4xx transient, 5xx
 * permanent), else by the error's code (connection errors are transient). Anything else is
 * permanent: it would fail again the same way.
 */
export function classifySendFailure(error: unknown): SendFailure {
  const failure = error as { responseCode?: unknown; code?: unknown } | null;
  const reply = typeof failure?.responseCode === 'number' ? failure.responseCode : undefined;
  if (reply !== undefined) return reply >= 400 && reply < 500 ? 'transient' : 'permanent';
  const code = typeof failure?.code === 'string' ? failure.code : undefined;
  return code !== undefined && TRANSIENT_CODES.has(code) ? 'transient' : 'permanent';
}
