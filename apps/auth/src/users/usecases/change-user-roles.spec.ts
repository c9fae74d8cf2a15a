import { admin, contextOf, refusal, supervisor, usersWorld } from '../testing/users.fixtures';
import { ChangeUserRoles } from './change-user-roles';

function setup() {
  const world = usersWorld();
  world.keycloak.add({ id: 'own', office: 'FRA-CDG', roles: ['officer'] });
  world.keycloak.add({ id: 'other', office: 'FRA-ORY', roles: ['officer'] });
  world.keycloak.add({ id: 'boss', office: 'FRA-CDG', roles: ['admin'] });
  return { ...world, changeRoles: new ChangeUserRoles(world.users) };
}

describe('ChangeUserRoles', () => {
  it("lets a supervisor change the roles of their office's officer, with an event", async () => {
    const { changeRoles, directory } = setup();
    const user = await changeRoles.execute({
      id: 'own',
      roles: ['officer', 'investigator'],
      context: contextOf(supervisor),
    });
    expect(user.roles).toEqual(['officer', 'investigator']);
    expect(directory.events[0]).toMatchObject({
      type: 'auth.user.roles-changed.v1',
      data: { userId: 'own', roles: ['officer', 'investigator'], previousRoles: ['officer'] },
    });
  });

  it("answers NOT_FOUND to a supervisor for another office's user", async () => {
    const { changeRoles, keycloak } = setup();
    expect(
      await refusal(
        changeRoles.execute({ id: 'other', roles: ['analyst'], context: contextOf(supervisor) }),
      ),
    ).toBe('NOT_FOUND');
    expect(keycloak.users.get('other')?.roles).toEqual(['officer']);
  });

  it('refuses a supervisor granting admin, or managing an admin', async () => {
    const { changeRoles, keycloak, directory } = setup();
    expect(
      await refusal(
        changeRoles.execute({
          id: 'own',
          roles: ['officer', 'admin'],
          context: contextOf(supervisor),
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await refusal(
        changeRoles.execute({ id: 'boss', roles: ['officer'], context: contextOf(supervisor) }),
      ),
    ).toBe('FORBIDDEN');
    expect(keycloak.users.get('own')?.roles).toEqual(['officer']);
    expect(keycloak.users.get('boss')?.roles).toEqual(['admin']);
    expect(directory.events).toEqual([]);
  });

  it('lets an admin grant admin in any office', async () => {
    const { changeRoles } = setup();
    const user = await changeRoles.execute({
      id: 'other',
      roles: ['admin'],
      context: contextOf(admin),
    });
    expect(user.roles).toEqual(['admin']);
  });

  it('stores no event when the roles are the same', async () => {
    const { changeRoles, directory } = setup();
    await changeRoles.execute({ id: 'own', roles: ['officer'], context: contextOf(admin) });
    expect(directory.events).toEqual([]);
  });
});
