/**
 * The account lifecycle, as the WCO CEN has it: an account unused for the inactivity period is
 * locked, after one reminder some days before. An account's last use is its last sign-in (from
 * Keycloak's login events), its creation when it never signed in, or the moment it was last
 * unlocked, whichever is latest.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LifecyclePolicy {
  /** Days without use after which an account is locked. */
  readonly inactivityDays: number;
  /** How many days before the lock the reminder goes out. */
  readonly reminderDaysBefore: number;
}

/** What the lifecycle knows of an account. */
export interface AccountUse {
  readonly createdAt: Date;
  readonly lastLoginAt?: Date;
  /** When the period last started again (an unlock). */
  readonly periodStartedAt?: Date;
  /** The last use a reminder was sent for: one reminder per period. */
  readonly remindedFor?: Date;
  readonly locked: boolean;
  readonly enabled: boolean;
}

export type LifecycleStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'remind'; readonly lastUsedAt: Date; readonly lockAt: Date }
  | { readonly kind: 'lock'; readonly lastUsedAt: Date };

/** The account's last use: the latest of its creation, last sign-in and last unlock. */
export function lastUseOf(account: AccountUse): Date {
  const times = [account.createdAt, account.lastLoginAt, account.periodStartedAt]
    .filter((time): time is Date => time !== undefined)
    .map((time) => time.getTime());
  return new Date(Math.max(...times));
}

/** What is due for an account now: nothing, its reminder, or its lock. */
export function lifecycleStep(
  now: Date,
  account: AccountUse,
  policy: LifecyclePolicy,
): LifecycleStep {
  // A disabled or locked account is not in use: nothing to remind of, nothing more to lock.
  if (account.locked || !account.enabled) return { kind: 'none' };
  const lastUsedAt = lastUseOf(account);
  const lockAt = new Date(lastUsedAt.getTime() + policy.inactivityDays * DAY_MS);
  if (now.getTime() >= lockAt.getTime()) return { kind: 'lock', lastUsedAt };
  const remindAt = lockAt.getTime() - policy.reminderDaysBefore * DAY_MS;
  const reminded = account.remindedFor?.getTime() === lastUsedAt.getTime();
  if (now.getTime() >= remindAt && !reminded) return { kind: 'remind', lastUsedAt, lockAt };
  return { kind: 'none' };
}
