import { requireAdmin } from './access';

describe('requireAdmin', () => {
  const admin = { sub: 'u-1', username: 'admin', roles: ['admin' as const] };

  it('returns the principal of an administrator', () => {
    expect(requireAdmin({ correlationId: 'c', principal: admin })).toBe(admin);
  });

  it('refuses another role as FORBIDDEN and no principal as UNAUTHENTICATED', () => {
    expect(() =>
      requireAdmin({
        correlationId: 'c',
        principal: { ...admin, roles: ['officer', 'supervisor'] },
      }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => requireAdmin({ correlationId: 'c' })).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });
});
