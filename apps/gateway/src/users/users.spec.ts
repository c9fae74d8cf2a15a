import { type User } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
} from '../testing/gateway-harness';

// The users of the realm over HTTP, with Keycloak and NATS stubbed.

function user(overrides: Partial<User> = {}): User {
  return {
    id: 'u-1',
    username: 'ida',
    enabled: true,
    office: 'FRA-CDG',
    roles: ['officer'],
    clearance: 'restricted',
    requiredActions: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'auth.user.list':
      return { items: [user()], nextFirst: 50 };
    case 'auth.user.create':
      return { user: user({ id: 'u/2' }), temporaryPassword: 'once-only-password' };
    case 'auth.user.get':
      return user({ id: String(payload.id) });
    case 'auth.user.change-roles':
      return user({ roles: payload.roles as User['roles'] });
    case 'auth.user.change-office':
      return user({ office: String(payload.office) });
    case 'auth.user.change-clearance':
      return user({ clearance: payload.clearance as User['clearance'] });
    case 'auth.user.disable':
      return user({ enabled: false });
    case 'auth.user.enable':
    case 'auth.user.unlock':
    case 'auth.user.logout':
      return user();
    case 'auth.user.reset-password':
      return user({ requiredActions: ['UPDATE_PASSWORD'] });
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const draft = {
  username: 'ida.test',
  firstName: 'Ida',
  lastName: 'Test',
  email: 'ida@example.org',
  office: 'FRA-CDG',
  roles: ['officer'],
  clearance: 'restricted',
};

describe('users over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, audit, call } = useStubbedGateway(defaultReply);

  it('list: filters and paging from the query string, booleans and numbers read as such', async () => {
    const response = await call(
      '/api/v1/users?text=ida&office=FRA-CDG&role=officer&enabled=true&locked=false&first=50&max=25',
      { as: 'admin' },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [user()], nextFirst: 50 });
    expect(nats.sent[0]).toMatchObject({
      subject: 'auth.user.list',
      payload: {
        text: 'ida',
        office: 'FRA-CDG',
        role: 'officer',
        enabled: true,
        locked: false,
        first: 50,
        max: 25,
      },
    });
    // Officers' details are personal data: the listing is in the audit trail, with its criteria.
    expect(audit.published).toHaveLength(1);
    expect(audit.published[0]!.data).toMatchObject({
      operation: 'listUsers',
      records: [{ kind: 'user', id: 'u-1' }],
      criteria: { text: 'ida', office: 'FRA-CDG', role: 'officer', enabled: true, locked: false },
    });
  });

  it('get: one user, recorded in the audit trail', async () => {
    const response = await call('/api/v1/users/u-9', { as: 'admin' });
    expect(response.status).toBe(200);
    expect(audit.published.map((record) => record.data.records)).toEqual([
      [{ kind: 'user', id: 'u-9' }],
    ]);
  });

  it('create: a write, recorded from its event rather than by the gateway', async () => {
    const response = await call('/api/v1/users', { method: 'POST', as: 'admin', body: draft });
    expect(response.status).toBe(201);
    expect(audit.published).toHaveLength(0);
  });

  it('create: 201 with Location and the temporary password, once', async () => {
    const response = await call('/api/v1/users', { method: 'POST', as: 'supervisor', body: draft });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/v1/users/u%2F2');
    expect(await response.json()).toMatchObject({ temporaryPassword: 'once-only-password' });
    expect(nats.sent[0]).toMatchObject({ subject: 'auth.user.create', payload: draft });
  });

  it('create: names faulty fields (400) and sends nothing', async () => {
    const response = await call('/api/v1/users', {
      method: 'POST',
      as: 'admin',
      body: { ...draft, office: 'cdg', roles: ['king'], email: 'nope' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await response.json()) as Problem).errors.map((e) => e.path).sort()).toEqual([
      'email',
      'office',
      'roles.0',
    ]);
    expect(nats.sent).toEqual([]);
  });

  it("maps the service's refusals: 404 for another office's user, 409 for a taken username", async () => {
    nats.reply = async () => {
      throw ServiceError.notFound('No user u-9');
    };
    expect((await call('/api/v1/users/u-9', { as: 'supervisor' })).status).toBe(404);
    nats.reply = async () => {
      throw ServiceError.conflict('taken', [{ path: 'username', reason: 'already taken' }]);
    };
    const taken = await call('/api/v1/users', { method: 'POST', as: 'admin', body: draft });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as Problem).errors.map((e) => e.path)).toEqual(['username']);
  });

  it('changes: the id from the path, the change from the body', async () => {
    const roles = await call('/api/v1/users/u-1/roles', {
      method: 'PUT',
      as: 'admin',
      body: { roles: ['officer', 'analyst'] },
    });
    expect(roles.status).toBe(200);
    expect(nats.sent.at(-1)).toMatchObject({
      subject: 'auth.user.change-roles',
      payload: { id: 'u-1', roles: ['officer', 'analyst'] },
    });
    await call('/api/v1/users/u-1/office', {
      method: 'PUT',
      as: 'admin',
      body: { office: 'FRA-ORY' },
    });
    expect(nats.sent.at(-1)).toMatchObject({
      subject: 'auth.user.change-office',
      payload: { id: 'u-1', office: 'FRA-ORY' },
    });
    await call('/api/v1/users/u-1/clearance', {
      method: 'PUT',
      as: 'admin',
      body: { clearance: 'secret' },
    });
    expect(nats.sent.at(-1)).toMatchObject({
      subject: 'auth.user.change-clearance',
      payload: { id: 'u-1', clearance: 'secret' },
    });
    for (const [action, subject] of [
      ['disable', 'auth.user.disable'],
      ['enable', 'auth.user.enable'],
      ['unlock', 'auth.user.unlock'],
      ['reset-password', 'auth.user.reset-password'],
      ['logout', 'auth.user.logout'],
    ] as const) {
      const response = await call(`/api/v1/users/u-1/${action}`, {
        method: 'POST',
        as: 'supervisor',
      });
      expect(response.status).toBe(200);
      expect(nats.sent.at(-1)).toEqual(
        expect.objectContaining({ subject, payload: { id: 'u-1' } }),
      );
    }
  });

  describe('roles', () => {
    const managers = ['supervisor', 'admin'];
    const routes = [
      { name: 'list', method: 'GET', path: '/api/v1/users', status: 200 },
      { name: 'create', method: 'POST', path: '/api/v1/users', body: draft, status: 201 },
      { name: 'get', method: 'GET', path: '/api/v1/users/u-1', status: 200 },
      {
        name: 'roles',
        method: 'PUT',
        path: '/api/v1/users/u-1/roles',
        body: { roles: ['officer'] },
        status: 200,
      },
      {
        name: 'office',
        method: 'PUT',
        path: '/api/v1/users/u-1/office',
        body: { office: 'FRA-ORY' },
        status: 200,
      },
      {
        name: 'clearance',
        method: 'PUT',
        path: '/api/v1/users/u-1/clearance',
        body: { clearance: 'restricted' },
        status: 200,
      },
      ...['disable', 'enable', 'unlock', 'reset-password', 'logout'].map((action) => ({
        name: action,
        method: 'POST',
        path: `/api/v1/users/u-1/${action}`,
        status: 200,
      })),
    ];
    it.each(routes)('$name: admins and supervisors only', async (route) => {
      expect(await roleOutcomes(nats, call, route)).toEqual(
        expectedOutcomes(managers, route.status),
      );
    });
  });
});
