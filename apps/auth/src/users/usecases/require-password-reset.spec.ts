import { contextOf, refusal, supervisor, usersWorld } from '../testing/users.fixtures';
import { EndUserSessions } from './end-user-sessions';
import { RequirePasswordReset } from './require-password-reset';

describe('RequirePasswordReset and EndUserSessions', () => {
  it('adds UPDATE_PASSWORD once and ends sessions, each with an event', async () => {
    const world = usersWorld();
    world.keycloak.add({ id: 'own', office: 'FRA-CDG', requiredActions: ['UPDATE_PROFILE'] });
    const reset = new RequirePasswordReset(world.users);
    const logout = new EndUserSessions(world.users);
    await reset.execute({ id: 'own', context: contextOf(supervisor) });
    const user = await reset.execute({ id: 'own', context: contextOf(supervisor) });
    expect(user.requiredActions).toEqual(['UPDATE_PROFILE', 'UPDATE_PASSWORD']);
    await logout.execute({ id: 'own', context: contextOf(supervisor) });
    expect(world.keycloak.loggedOut).toEqual(['own']);
    expect(world.directory.types()).toEqual([
      'auth.user.password-reset-required.v1',
      'auth.user.password-reset-required.v1',
      'auth.user.sessions-ended.v1',
    ]);
  });

  it("answers NOT_FOUND to a supervisor for another office's user", async () => {
    const world = usersWorld();
    world.keycloak.add({ id: 'other', office: 'FRA-ORY' });
    const logout = new EndUserSessions(world.users);
    expect(await refusal(logout.execute({ id: 'other', context: contextOf(supervisor) }))).toBe(
      'NOT_FOUND',
    );
    expect(world.keycloak.loggedOut).toEqual([]);
  });
});
