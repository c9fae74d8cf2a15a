import { admin, contextOf, refusal, supervisor, usersWorld } from '../testing/users.fixtures';
import { DisableUser } from './disable-user';
import { EnableUser } from './enable-user';

function setup() {
  const world = usersWorld();
  world.keycloak.add({ id: 'own', office: 'FRA-CDG' });
  world.keycloak.add({ id: 'boss', office: 'FRA-CDG', roles: ['admin'] });
  return {
    ...world,
    disable: new DisableUser(world.users),
    enable: new EnableUser(world.users),
  };
}

describe('DisableUser and EnableUser', () => {
  it('disables a user, ends their sessions and enables them again, each with an event', async () => {
    const { disable, enable, keycloak, directory } = setup();
    expect((await disable.execute({ id: 'own', context: contextOf(supervisor) })).enabled).toBe(
      false,
    );
    expect(keycloak.loggedOut).toEqual(['own']);
    // Disabling a disabled user changes nothing and says nothing.
    await disable.execute({ id: 'own', context: contextOf(supervisor) });
    expect((await enable.execute({ id: 'own', context: contextOf(supervisor) })).enabled).toBe(
      true,
    );
    expect(directory.types()).toEqual(['auth.user.disabled.v1', 'auth.user.enabled.v1']);
  });

  it('refuses a supervisor disabling an admin', async () => {
    const { disable, keycloak } = setup();
    expect(await refusal(disable.execute({ id: 'boss', context: contextOf(supervisor) }))).toBe(
      'FORBIDDEN',
    );
    expect(keycloak.users.get('boss')?.enabled).toBe(true);
    expect((await disable.execute({ id: 'boss', context: contextOf(admin) })).enabled).toBe(false);
  });

  it('refuses to enable an account locked for inactivity: it is unlocked instead', async () => {
    const { enable, keycloak, directory } = setup();
    await keycloak.update('own', { enabled: false });
    await directory.change('own', { lock: { reason: 'inactivity', at: new Date() } }, []);
    expect(await refusal(enable.execute({ id: 'own', context: contextOf(admin) }))).toBe(
      'CONFLICT',
    );
    expect(keycloak.users.get('own')?.enabled).toBe(false);
  });
});
