import {
  admin,
  contextOf,
  officer,
  refusal,
  supervisor,
  usersWorld,
} from '../testing/users.fixtures';
import { GetUser } from './get-user';
import { ListUsers } from './list-users';

function setup() {
  const world = usersWorld();
  world.keycloak.add({ id: 'cdg-1', office: 'FRA-CDG', roles: ['officer'] });
  world.keycloak.add({ id: 'cdg-2', office: 'FRA-CDG', roles: ['analyst'], enabled: false });
  world.keycloak.add({ id: 'ory-1', office: 'FRA-ORY', roles: ['officer'] });
  world.keycloak.add({ id: 'service-account-x', serviceAccount: true, office: undefined });
  return { ...world, list: new ListUsers(world.users), get: new GetUser(world.users) };
}

const ids = (reply: { items: { id: string }[] }) => reply.items.map((user) => user.id);
const page = { first: 0, max: 50 };

describe('ListUsers and GetUser', () => {
  it('shows an admin every user but service accounts', async () => {
    const { list } = setup();
    expect(ids(await list.execute({ ...page, context: contextOf(admin) }))).toEqual([
      'cdg-1',
      'cdg-2',
      'ory-1',
    ]);
  });

  it("keeps a supervisor to their own office's users", async () => {
    const { list, get } = setup();
    expect(ids(await list.execute({ ...page, context: contextOf(supervisor) }))).toEqual([
      'cdg-1',
      'cdg-2',
    ]);
    expect(
      ids(await list.execute({ ...page, office: 'FRA-ORY', context: contextOf(supervisor) })),
    ).toEqual([]);
    expect(await refusal(get.execute({ id: 'ory-1', context: contextOf(supervisor) }))).toBe(
      'NOT_FOUND',
    );
    expect((await get.execute({ id: 'cdg-1', context: contextOf(supervisor) })).id).toBe('cdg-1');
  });

  it('filters by role, state and lock, and pages', async () => {
    const { list, directory } = setup();
    const as = contextOf(admin);
    expect(ids(await list.execute({ ...page, role: 'analyst', context: as }))).toEqual(['cdg-2']);
    expect(ids(await list.execute({ ...page, enabled: true, context: as }))).toEqual([
      'cdg-1',
      'ory-1',
    ]);
    await directory.change('ory-1', { lock: { reason: 'inactivity', at: new Date() } }, []);
    expect(ids(await list.execute({ ...page, locked: true, context: as }))).toEqual(['ory-1']);
    const first = await list.execute({ first: 0, max: 2, context: as });
    expect(first.nextFirst).toBe(2);
    const second = await list.execute({ first: 2, max: 2, context: as });
    expect(ids(second)).toEqual(['ory-1']);
    // The service account fills the page in Keycloak's order, unseen: a short page, not the last.
    expect(second.nextFirst).toBe(4);
    const third = await list.execute({ first: 4, max: 2, context: as });
    expect(ids(third)).toEqual([]);
    expect(third.nextFirst).toBeUndefined();
  });

  it('refuses an officer', async () => {
    const { list } = setup();
    expect(await refusal(list.execute({ ...page, context: contextOf(officer) }))).toBe('FORBIDDEN');
  });
});
