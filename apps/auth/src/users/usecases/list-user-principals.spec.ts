import { contextOf, officer, refusal, usersWorld } from '../testing/users.fixtures';
import { ListUserPrincipals } from './list-user-principals';

function setup() {
  const world = usersWorld();
  world.keycloak.add({ id: 'off-1', office: 'FRA-CDG', roles: ['officer'], clearance: 'secret' });
  world.keycloak.add({ id: 'off-2', office: 'FRA-LEH', roles: ['officer'], enabled: false });
  world.keycloak.add({ id: 'service-account-x', serviceAccount: true, roles: ['supervisor'] });
  return new ListUserPrincipals(world.keycloak);
}

describe('ListUserPrincipals', () => {
  it('answers the users named that exist as principals with their roles, office, clearance and state', async () => {
    const principals = setup();
    const reply = await principals.execute({
      users: ['off-1', 'off-2', 'nobody', 'service-account-x'],
      context: contextOf(),
    });
    expect(reply.items).toEqual([
      {
        sub: 'off-1',
        username: 'off-1',
        roles: ['officer'],
        office: 'FRA-CDG',
        clearance: 'secret',
        enabled: true,
      },
      {
        sub: 'off-2',
        username: 'off-2',
        roles: ['officer'],
        office: 'FRA-LEH',
        clearance: 'restricted',
        enabled: false,
      },
    ]);
  });

  it("refuses a user's request: a user may not act as another", async () => {
    const principals = setup();
    expect(
      await refusal(principals.execute({ users: ['off-1'], context: contextOf(officer) })),
    ).toBe('FORBIDDEN');
  });
});
