import { DEMO_USERS, decodeJwtPayload, demoUserToken } from '../src';

describe('demo users of the local realm', () => {
  it.each(DEMO_USERS)(
    '%s gets a token with its role, its office and the gateway as audience',
    async (user) => {
      const claims = decodeJwtPayload((await demoUserToken(user)).access_token) as {
        preferred_username: string;
        office?: string;
        aud: string | string[];
        realm_access: { roles: string[] };
      };
      const role = user === 'officer2' ? 'officer' : user;
      expect(claims.preferred_username).toBe(user);
      expect(claims.realm_access.roles).toContain(role);
      expect(claims.office).toMatch(/^[A-Z0-9-]+$/);
      expect([claims.aud].flat()).toContain('opencen-gateway');
    },
  );

  it('is refused a token with a wrong password', async () => {
    const response = await fetch(
      `${process.env.KEYCLOAK_URL}/realms/opencen/protocol/openid-connect/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'opencen-cli',
          username: 'officer',
          password: 'wrong',
        }),
      },
    );
    expect(response.status).toBe(401);
  });
});
