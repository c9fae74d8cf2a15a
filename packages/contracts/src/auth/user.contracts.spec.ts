import { buildEvent } from '../events';
import { createUser, listUsers, userCreated, userSchema } from './user.contracts';

const draft = {
  username: 'ida.test',
  firstName: 'Ida',
  lastName: 'Test',
  email: 'ida@example.org',
  office: 'FRA-CDG',
  roles: ['officer'],
};

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();

describe('user contracts', () => {
  it('takes a new user with the lowest clearance by default', () => {
    expect(createUser.request.parse(draft)).toMatchObject({ clearance: 'restricted' });
  });

  it('refuses office codes, roles and usernames of the wrong shape, a role twice, and unknown fields', () => {
    expect(
      paths(
        createUser.request.safeParse({
          ...draft,
          username: 'Ida Test',
          office: 'cdg',
          roles: ['officer', 'officer'],
          password: 'x',
        }),
      ),
    ).toEqual(['', 'office', 'roles', 'username']);
    expect(paths(createUser.request.safeParse({ ...draft, roles: ['king'] }))).toEqual(['roles.0']);
    expect(paths(createUser.request.safeParse({ ...draft, roles: [] }))).toEqual(['roles']);
  });

  it('pages a listing by first and max', () => {
    expect(listUsers.request.parse({})).toEqual({ first: 0, max: 50 });
    expect(paths(listUsers.request.safeParse({ max: 500 }))).toEqual(['max']);
  });

  it('shows a user without any credential field', () => {
    expect(
      Object.keys(userSchema.shape).filter((key) => /password|credential|secret/i.test(key)),
    ).toEqual([]);
  });

  it('builds a created event of ids, office, roles and clearance', () => {
    const event = buildEvent(userCreated, {
      subject: 'u-1',
      data: { userId: 'u-1', office: 'FRA-CDG', roles: ['officer'], clearance: 'restricted' },
      correlationId: 'c-1',
      actor: 'sub-admin',
    });
    expect(event.type).toBe('auth.user.created.v1');
  });
});
