import { options, usersWorld } from '../testing/users.fixtures';
import { ReadLoginEvents } from './read-login-events';

const now = new Date('2026-03-01T10:00:00Z').getTime();
const minutes = (n: number) => now + n * 60_000;

function setup() {
  const world = usersWorld(new Date(minutes(60)));
  world.keycloak.add({ id: 'u1', office: 'FRA-CDG' });
  return { ...world, reader: new ReadLoginEvents(world.users, options) };
}

describe('ReadLoginEvents', () => {
  it('records the last sign-in and reads each event once', async () => {
    const { reader, keycloak, directory } = setup();
    keycloak.events = [
      { id: 'e1', type: 'LOGIN', time: minutes(1), userId: 'u1' },
      { id: 'e2', type: 'LOGIN', time: minutes(2), userId: 'u1' },
    ];
    expect(await reader.pass()).toBe(2);
    expect(directory.entries.get('u1')?.lastLoginAt).toEqual(new Date(minutes(2)));
    expect(directory.cursor).toEqual({ time: minutes(2), ids: ['e2'] });
    // The next pass asks from the same instant, and skips what it read there.
    expect(await reader.pass()).toBe(0);
    keycloak.events.push({ id: 'e3', type: 'LOGIN', time: minutes(2), userId: 'u1' });
    expect(await reader.pass()).toBe(1);
    expect(directory.cursor).toEqual({ time: minutes(2), ids: ['e2', 'e3'] });
    expect(directory.events).toEqual([]);
  });

  it('turns five failures within fifteen minutes into one login-failures event', async () => {
    const { reader, keycloak, directory } = setup();
    keycloak.events = [0, 1, 2, 3, 4, 5].map((n) => ({
      id: `f${n}`,
      type: 'LOGIN_ERROR' as const,
      time: minutes(n),
      userId: 'u1',
    }));
    await reader.pass();
    expect(directory.types()).toEqual(['auth.user.login-failures.v1']);
    expect(directory.events[0]).toMatchObject({
      subject: 'u1',
      actor: 'auth',
      data: {
        userId: 'u1',
        office: 'FRA-CDG',
        failures: 5,
        from: new Date(minutes(0)).toISOString(),
        to: new Date(minutes(4)).toISOString(),
      },
    });
    expect(directory.entries.get('u1')?.failures).toEqual([new Date(minutes(5))]);
  });

  it('ignores failures of unknown usernames (no user id)', async () => {
    const { reader, keycloak, directory } = setup();
    keycloak.events = [0, 1, 2, 3, 4].map((n) => ({
      type: 'LOGIN_ERROR' as const,
      time: minutes(n),
    }));
    await reader.pass();
    expect(directory.entries.size).toBe(0);
  });
});
