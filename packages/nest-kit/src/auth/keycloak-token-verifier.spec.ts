import { principalFromClaims } from './keycloak-token-verifier';

describe('principalFromClaims', () => {
  it('keeps the realm roles OpenCEN knows and the office', () => {
    expect(
      principalFromClaims({
        sub: 'u-1',
        preferred_username: 'supervisor',
        office: 'FRCDG',
        realm_access: { roles: ['supervisor', 'offline_access', 'default-roles-opencen'] },
      }),
    ).toEqual({ sub: 'u-1', username: 'supervisor', roles: ['supervisor'], office: 'FRCDG' });
  });

  it('keeps a clearance it knows, and none for one it does not (the lowest then applies)', () => {
    const claims = { sub: 'u-1', preferred_username: 'analyst', realm_access: { roles: [] } };
    expect(principalFromClaims({ ...claims, clearance: 'confidential' })).toMatchObject({
      clearance: 'confidential',
    });
    expect(principalFromClaims({ ...claims, clearance: 'top-secret' })).not.toHaveProperty(
      'clearance',
    );
    expect(principalFromClaims(claims)).not.toHaveProperty('clearance');
  });

  it('refuses claims without a subject', () => {
    expect(() => principalFromClaims({ preferred_username: 'x' })).toThrow(/no subject/);
  });
});
