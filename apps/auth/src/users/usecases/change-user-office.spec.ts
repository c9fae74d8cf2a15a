import { admin, contextOf, refusal, supervisor, usersWorld } from '../testing/users.fixtures';
import { ChangeUserOffice } from './change-user-office';

function setup() {
  const world = usersWorld();
  world.keycloak.add({ id: 'own', office: 'FRA-CDG' });
  return { ...world, changeOffice: new ChangeUserOffice(world.users, world.offices) };
}

describe('ChangeUserOffice', () => {
  it('lets an admin move a user to a customs office, with an event naming both', async () => {
    const { changeOffice, directory } = setup();
    const user = await changeOffice.execute({
      id: 'own',
      office: 'BEL-ANR',
      context: contextOf(admin),
    });
    expect(user.office).toBe('BEL-ANR');
    expect(directory.events[0]).toMatchObject({
      type: 'auth.user.office-changed.v1',
      data: { userId: 'own', office: 'BEL-ANR', previousOffice: 'FRA-CDG' },
    });
  });

  it('refuses a supervisor, even for a user of their office', async () => {
    const { changeOffice, keycloak } = setup();
    expect(
      await refusal(
        changeOffice.execute({ id: 'own', office: 'FRA-ORY', context: contextOf(supervisor) }),
      ),
    ).toBe('FORBIDDEN');
    expect(keycloak.users.get('own')?.office).toBe('FRA-CDG');
  });

  it('refuses an office reference data does not know', async () => {
    const { changeOffice, keycloak, directory } = setup();
    expect(
      await refusal(
        changeOffice.execute({ id: 'own', office: 'XXX-NONE', context: contextOf(admin) }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(keycloak.users.get('own')?.office).toBe('FRA-CDG');
    expect(directory.events).toEqual([]);
  });
});
