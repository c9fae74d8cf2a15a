import { type Principal } from '@opencen/contracts';

import {
  admin,
  contextOf,
  officer,
  refusal,
  supervisor,
  usersWorld,
} from '../testing/users.fixtures';
import { CreateUser, type CreateUserCommand, NEW_USER_ACTIONS } from './create-user';

type Draft = Omit<CreateUserCommand, 'context'>;

const draft: Draft = {
  username: 'new.officer',
  firstName: 'Nora',
  lastName: 'New',
  email: 'nora@example.org',
  office: 'FRA-CDG',
  roles: ['officer'],
  clearance: 'restricted',
};

function setup() {
  const world = usersWorld();
  return { ...world, createUser: new CreateUser(world.users, world.offices) };
}

describe('CreateUser', () => {
  it('creates a user with a generated temporary password, required actions, roles and an event', async () => {
    const { createUser, keycloak, directory } = setup();
    const reply = await createUser.execute({ ...draft, context: contextOf(admin) });
    expect(reply.temporaryPassword.length).toBeGreaterThanOrEqual(20);
    expect(reply.user).toMatchObject({
      username: 'new.officer',
      office: 'FRA-CDG',
      roles: ['officer'],
      clearance: 'restricted',
      enabled: true,
      requiredActions: [...NEW_USER_ACTIONS],
    });
    expect(JSON.stringify(reply.user)).not.toContain(reply.temporaryPassword);
    expect(keycloak.users.get(reply.user.id)?.roles).toEqual(['officer']);
    expect(directory.types()).toEqual(['auth.user.created.v1']);
    expect(directory.events[0]).toMatchObject({
      subject: reply.user.id,
      actor: admin.sub,
      correlationid: 'corr-1',
      data: {
        userId: reply.user.id,
        office: 'FRA-CDG',
        roles: ['officer'],
        clearance: 'restricted',
      },
    });
    expect(JSON.stringify(directory.events)).not.toContain(reply.temporaryPassword);
  });

  it('keeps a given temporary password', async () => {
    const { createUser } = setup();
    const reply = await createUser.execute({
      ...draft,
      temporaryPassword: 'a-given-password-1',
      context: contextOf(admin),
    });
    expect(reply.temporaryPassword).toBe('a-given-password-1');
  });

  it('lets a supervisor create users of their office with roles and clearance up to their own', async () => {
    const { createUser } = setup();
    const reply = await createUser.execute({
      ...draft,
      roles: ['officer', 'analyst'],
      clearance: 'confidential',
      context: contextOf(supervisor),
    });
    expect(reply.user.clearance).toBe('confidential');
  });

  it.each<[string, Partial<Draft>, Principal, string]>([
    ['a supervisor, in another office', { office: 'FRA-ORY' }, supervisor, 'FORBIDDEN'],
    ['a supervisor, an admin', { roles: ['admin'] }, supervisor, 'FORBIDDEN'],
    ['a supervisor, an auditor', { roles: ['auditor'] }, supervisor, 'FORBIDDEN'],
    [
      'a supervisor, above their clearance',
      { clearance: 'secret' },
      supervisor,
      'VALIDATION_FAILED',
    ],
    ['an admin, in an unknown office', { office: 'XXX-NONE' }, admin, 'VALIDATION_FAILED'],
    ['an officer', {}, officer, 'FORBIDDEN'],
  ])('refuses %s, and creates nothing', async (_, change, actor, code) => {
    const { createUser, keycloak, directory } = setup();
    expect(
      await refusal(createUser.execute({ ...draft, ...change, context: contextOf(actor) })),
    ).toBe(code);
    expect(keycloak.users.size).toBe(0);
    expect(directory.events).toEqual([]);
  });

  it('names the office field of an unknown office', async () => {
    const { createUser } = setup();
    await expect(
      createUser.execute({ ...draft, office: 'XXX-NONE', context: contextOf(admin) }),
    ).rejects.toMatchObject({ details: [{ path: 'office', code: 'unknown_office' }] });
  });

  it('refuses an anonymous caller', async () => {
    const { createUser } = setup();
    expect(await refusal(createUser.execute({ ...draft, context: contextOf() }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});
