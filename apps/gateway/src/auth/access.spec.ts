import { type Principal } from '@opencen/contracts';
import { AUTHENTICATED, decideAccess } from './access';
import { bearerToken } from './auth.guard';

const officer: Principal = {
  sub: 's-1',
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const admin: Principal = { sub: 's-2', username: 'admin', roles: ['admin'] };
const nobody: Principal = { sub: 's-3', username: 'newcomer', roles: [] };

describe('role rules', () => {
  it('opens public routes to anyone, token or not', () => {
    expect(decideAccess({ public: true }, undefined)).toEqual({ allowed: true });
  });

  it('opens routes without roles to any authenticated user, even one with no OpenCEN role', () => {
    expect(decideAccess(AUTHENTICATED, officer)).toEqual({ allowed: true });
    expect(decideAccess(AUTHENTICATED, nobody)).toEqual({ allowed: true });
    expect(decideAccess(AUTHENTICATED, undefined)).toMatchObject({ allowed: false });
  });

  it('needs one of the roles of the route', () => {
    const adminOnly = { public: false, policy: 'administrators' } as const;
    expect(decideAccess(adminOnly, admin)).toEqual({ allowed: true });
    expect(decideAccess(adminOnly, officer)).toEqual({
      allowed: false,
      reason: 'This needs the role admin, which the caller does not have',
    });
    const either = { public: false, policy: 'recordMergers' } as const;
    expect(decideAccess(either, { ...officer, roles: ['officer', 'supervisor'] })).toEqual({
      allowed: true,
    });
    expect(decideAccess(either, officer)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/admin or supervisor/),
    });
  });

  it('never names the caller in the reason (a username may be a person’s name)', () => {
    const decision = decideAccess(
      { public: false, policy: 'administrators' },
      { ...officer, username: 'Jeanne Dupont' },
    );
    expect(JSON.stringify(decision)).not.toMatch(/Jeanne/);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, whatever the case of the scheme', () => {
    expect(bearerToken('Bearer abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(bearerToken('bearer abc')).toBe('abc');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens'])(
    'refuses %j with UNAUTHENTICATED',
    (header) => {
      expect(() => bearerToken(header)).toThrow(
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      );
    },
  );
});
