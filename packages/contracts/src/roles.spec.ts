import { ROLES } from './principal';
import { ROLE_POLICIES, describePolicy, holdsPolicy } from './roles';

describe('role policies', () => {
  it('name only known roles, each policy at least one', () => {
    for (const roles of Object.values(ROLE_POLICIES)) {
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(ROLES).toContain(role);
    }
  });

  it('are held by a principal with one of their roles, and only then', () => {
    expect(holdsPolicy({ roles: ['analyst', 'liaison'] }, 'caseReaders')).toBe(true);
    expect(holdsPolicy({ roles: ['analyst'] }, 'caseWriters')).toBe(false);
    expect(holdsPolicy({ roles: [] }, 'recordReaders')).toBe(false);
  });

  it('are described in words for a refusal', () => {
    expect(describePolicy('caseSupervisors')).toBe('the supervisor role');
    expect(describePolicy('caseWriters')).toBe('the officer, supervisor or investigator role');
  });
});
