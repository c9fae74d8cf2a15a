import { type AccountUse, lastUseOf, lifecycleStep } from './account-lifecycle';

const DAY_MS = 24 * 60 * 60 * 1000;
const created = new Date('2026-01-01T00:00:00Z');
const policy = { inactivityDays: 90, reminderDaysBefore: 10 };
const after = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS);
const account = (use: Partial<AccountUse> = {}): AccountUse => ({
  createdAt: created,
  locked: false,
  enabled: true,
  ...use,
});

describe('the account lifecycle', () => {
  it('counts from the creation of an account that never signed in', () => {
    expect(lastUseOf(account())).toEqual(created);
    expect(lifecycleStep(after(created, 79), account(), policy).kind).toBe('none');
    expect(lifecycleStep(after(created, 80), account(), policy)).toEqual({
      kind: 'remind',
      lastUsedAt: created,
      lockAt: after(created, 90),
    });
    expect(lifecycleStep(after(created, 90), account(), policy)).toEqual({
      kind: 'lock',
      lastUsedAt: created,
    });
  });

  it('counts from the last sign-in', () => {
    const lastLoginAt = after(created, 30);
    expect(lifecycleStep(after(created, 100), account({ lastLoginAt }), policy).kind).toBe('none');
    expect(lifecycleStep(after(lastLoginAt, 80), account({ lastLoginAt }), policy).kind).toBe(
      'remind',
    );
    expect(lifecycleStep(after(lastLoginAt, 90), account({ lastLoginAt }), policy).kind).toBe(
      'lock',
    );
  });

  it('reminds once per period', () => {
    const reminded = account({ remindedFor: created });
    expect(lifecycleStep(after(created, 85), reminded, policy).kind).toBe('none');
    // A later sign-in starts a new period, with a reminder of its own.
    const lastLoginAt = after(created, 60);
    expect(
      lifecycleStep(after(lastLoginAt, 81), account({ remindedFor: created, lastLoginAt }), policy)
        .kind,
    ).toBe('remind');
  });

  it('leaves locked and disabled accounts alone, and restarts the period at an unlock', () => {
    expect(lifecycleStep(after(created, 200), account({ locked: true }), policy).kind).toBe('none');
    expect(lifecycleStep(after(created, 200), account({ enabled: false }), policy).kind).toBe(
      'none',
    );
    const periodStartedAt = after(created, 91);
    const unlocked = account({ periodStartedAt, remindedFor: created });
    expect(lifecycleStep(after(created, 92), unlocked, policy).kind).toBe('none');
    expect(lifecycleStep(after(periodStartedAt, 80), unlocked, policy).kind).toBe('remind');
    expect(lifecycleStep(after(periodStartedAt, 90), unlocked, policy).kind).toBe('lock');
  });
});
