import {
  admin,
  contextOf,
  DAY_MS,
  options,
  refusal,
  supervisor,
  usersWorld,
} from '../testing/users.fixtures';
import { CheckAccountLifecycle } from './check-account-lifecycle';
import { UnlockUser } from './unlock-user';

const created = new Date('2026-01-01T00:00:00Z');
const day = (n: number) => new Date(created.getTime() + n * DAY_MS);

function setup() {
  const world = usersWorld(created);
  world.keycloak.add({ id: 'quiet', office: 'FRA-CDG', createdAt: created });
  world.keycloak.add({ id: 'robot', serviceAccount: true, createdAt: created });
  return {
    ...world,
    lifecycle: new CheckAccountLifecycle(world.users, options),
    unlock: new UnlockUser(world.users),
  };
}

describe('CheckAccountLifecycle and UnlockUser', () => {
  it('reminds at 80 days once, locks at 90, and an unlock restarts the period', async () => {
    const { lifecycle, unlock, clock, keycloak, directory } = setup();
    clock.set(day(79));
    await lifecycle.all();
    expect(directory.events).toEqual([]);

    clock.set(day(80));
    await lifecycle.all();
    clock.set(day(85));
    await lifecycle.all();
    expect(directory.types()).toEqual(['auth.user.inactivity-reminder.v1']);
    expect(directory.events[0]).toMatchObject({
      subject: 'quiet',
      actor: 'auth',
      data: { userId: 'quiet', lastUsedAt: created.toISOString(), lockAt: day(90).toISOString() },
    });

    clock.set(day(90));
    await lifecycle.all();
    expect(keycloak.users.get('quiet')?.enabled).toBe(false);
    expect(directory.entries.get('quiet')?.lock).toEqual({ reason: 'inactivity', at: day(90) });
    clock.set(day(91));
    await lifecycle.all();
    expect(directory.types()).toEqual(['auth.user.inactivity-reminder.v1', 'auth.user.locked.v1']);
    expect(directory.events[1]).toMatchObject({
      data: { reason: 'inactivity', lastUsedAt: created.toISOString() },
    });
    // The service account is not a person: never reminded, never locked.
    expect(keycloak.users.get('robot')?.enabled).toBe(true);

    const user = await unlock.execute({ id: 'quiet', context: contextOf(supervisor) });
    expect(user.enabled).toBe(true);
    expect(user.lock).toBeUndefined();
    expect(await lifecycle.forUser('quiet')).toBe('none');
    clock.set(day(91 + 80));
    expect(await lifecycle.forUser('quiet')).toBe('remind');
    clock.set(day(91 + 90));
    expect(await lifecycle.forUser('quiet')).toBe('lock');
    expect(directory.types()).toEqual([
      'auth.user.inactivity-reminder.v1',
      'auth.user.locked.v1',
      'auth.user.unlocked.v1',
      'auth.user.inactivity-reminder.v1',
      'auth.user.locked.v1',
    ]);
  });

  it('counts from the last sign-in', async () => {
    const { lifecycle, clock, directory } = setup();
    await directory.change('quiet', { lastLoginAt: day(50) }, []);
    clock.set(day(100));
    expect(await lifecycle.forUser('quiet')).toBe('none');
    clock.set(day(130));
    expect(await lifecycle.forUser('quiet')).toBe('remind');
  });

  it('refuses to unlock an account that is not locked, or another office’s', async () => {
    const { unlock, keycloak } = setup();
    keycloak.add({ id: 'elsewhere', office: 'FRA-ORY' });
    expect(await refusal(unlock.execute({ id: 'quiet', context: contextOf(admin) }))).toBe(
      'CONFLICT',
    );
    expect(await refusal(unlock.execute({ id: 'elsewhere', context: contextOf(supervisor) }))).toBe(
      'NOT_FOUND',
    );
  });
});
