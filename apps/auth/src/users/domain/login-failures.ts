/**
 * Bursts of failed sign-ins: `threshold` failures of one user within `windowMs` make one burst,
 * reported once; the next burst counts only failures after it.
 */

export interface FailurePolicy {
  readonly threshold: number;
  readonly windowMs: number;
}

/** The failures of a user still in the window, and the end of the last burst reported. */
export interface FailureState {
  readonly failures: readonly Date[];
  readonly reportedUntil?: Date;
}

export interface Burst {
  readonly failures: number;
  readonly from: Date;
  readonly to: Date;
}

/** The state after a failure at `at`, and the burst it completes, if it does. */
export function recordFailure(
  state: FailureState,
  at: Date,
  policy: FailurePolicy,
): { state: FailureState; burst?: Burst } {
  const since = at.getTime() - policy.windowMs;
  const after = state.reportedUntil?.getTime() ?? -Infinity;
  const failures = [...state.failures, at]
    .filter((time) => time.getTime() > since && time.getTime() > after)
    .sort((a, b) => a.getTime() - b.getTime());
  if (failures.length < policy.threshold) {
    return { state: { failures, reportedUntil: state.reportedUntil } };
  }
  const burst = { failures: failures.length, from: failures[0]!, to: at };
  return { state: { failures: [], reportedUntil: at }, burst };
}
