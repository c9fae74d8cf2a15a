import { admin, contextOf, refusal, supervisor, usersWorld } from '../testing/users.fixtures';
import { ChangeUserClearance } from './change-user-clearance';

function setup() {
  const world = usersWorld();
  world.keycloak.add({ id: 'own', office: 'FRA-CDG', clearance: 'restricted' });
  return { ...world, changeClearance: new ChangeUserClearance(world.users) };
}

describe('ChangeUserClearance', () => {
  it('raises a clearance up to the caller’s own, with an event', async () => {
    const { changeClearance, directory } = setup();
    const user = await changeClearance.execute({
      id: 'own',
      clearance: 'confidential',
      context: contextOf(supervisor),
    });
    expect(user.clearance).toBe('confidential');
    expect(directory.events[0]).toMatchObject({
      type: 'auth.user.clearance-changed.v1',
      data: { clearance: 'confidential', previousClearance: 'restricted' },
    });
  });

  it('refuses a clearance above the caller’s own', async () => {
    const { changeClearance, keycloak, directory } = setup();
    expect(
      await refusal(
        changeClearance.execute({ id: 'own', clearance: 'secret', context: contextOf(supervisor) }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(keycloak.users.get('own')?.clearance).toBe('restricted');
    expect(directory.events).toEqual([]);
    const user = await changeClearance.execute({
      id: 'own',
      clearance: 'secret',
      context: contextOf(admin),
    });
    expect(user.clearance).toBe('secret');
  });
});
