import { type ProblemBody, api, tokenOf, uniqueCode } from './support/gateway';

describe('authentication and roles, with real Keycloak tokens', () => {
  it('answers 401 without a token, asking for a bearer token', async () => {
    const reply = await api<ProblemBody>('/api/v1/reference/countries/FR');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="opencen"');
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      instance: '/api/v1/reference/countries/FR',
    });
  });

  it('answers 401 to a token that is not one, and to a real token whose claims were changed', async () => {
    const garbage = await api<ProblemBody>('/api/v1/reference/countries/FR', {
      as: { authorization: 'Bearer not-a-token' },
    });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    const [header, payload, signature] = (await tokenOf('officer')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      realm_access: { roles: string[] };
    };
    claims.realm_access.roles.push('admin');
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const raised = await api<ProblemBody>('/api/v1/reference/countries/FR', {
      as: { authorization: `Bearer ${tampered}` },
    });
    expect(raised.status).toBe(401);
    expect(raised.body.detail).toMatch(/signature/);
  });

  it('lets every demo user read', async () => {
    for (const user of ['officer', 'analyst', 'liaison', 'admin'] as const) {
      expect((await api('/api/v1/reference/countries/FR', { as: user })).status).toBe(200);
    }
  });

  it('answers 403 to a write by a non-admin, and changes nothing', async () => {
    const code = uniqueCode();
    const reply = await api<ProblemBody>('/api/v1/reference/offence-types', {
      method: 'POST',
      as: 'supervisor',
      body: { code, labels: { en: 'Should not exist' } },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((await api(`/api/v1/reference/offence-types/${code}`, { as: 'admin' })).status).toBe(
      404,
    );
  });
});
