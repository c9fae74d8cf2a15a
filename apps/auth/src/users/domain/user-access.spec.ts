import { type Principal } from '@opencen/contracts';

import {
  assertClearanceWithin,
  assertMayChangeRoles,
  assertMayManage,
  assertMayMove,
  assertMayPlaceIn,
  listingOffice,
  maySee,
} from './user-access';

const admin: Principal = { sub: 'a', username: 'a', roles: ['admin'], clearance: 'secret' };
const supervisor: Principal = {
  sub: 's',
  username: 's',
  roles: ['supervisor'],
  office: 'FRA-CDG',
  clearance: 'confidential',
};
const code = (work: () => void) => {
  try {
    work();
    return 'NONE';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('who may see and manage which user', () => {
  it('lets an admin see every office, a supervisor their own only', () => {
    expect(maySee(admin, { office: 'BEL-ANR' })).toBe(true);
    expect(maySee(admin, {})).toBe(true);
    expect(maySee(supervisor, { office: 'FRA-CDG' })).toBe(true);
    expect(maySee(supervisor, { office: 'FRA-ORY' })).toBe(false);
    expect(maySee(supervisor, {})).toBe(false);
  });

  it("narrows a supervisor's listing to their office, whatever they ask", () => {
    expect(listingOffice(admin, 'FRA-ORY')).toBe('FRA-ORY');
    expect(listingOffice(admin)).toBeUndefined();
    expect(listingOffice(supervisor, 'FRA-ORY')).toBe('FRA-CDG');
    expect(listingOffice(supervisor)).toBe('FRA-CDG');
  });

  it('keeps admin, auditor and integration accounts and roles to admins', () => {
    const adminUser = { id: 'u', office: 'FRA-CDG', roles: ['admin' as const] };
    const auditorUser = { id: 'u', office: 'FRA-CDG', roles: ['auditor' as const] };
    const officerUser = { id: 'u', office: 'FRA-CDG', roles: ['officer' as const] };
    expect(code(() => assertMayManage(supervisor, adminUser))).toBe('FORBIDDEN');
    expect(code(() => assertMayManage(supervisor, auditorUser))).toBe('FORBIDDEN');
    expect(code(() => assertMayManage(supervisor, officerUser))).toBe('NONE');
    expect(code(() => assertMayManage(admin, adminUser))).toBe('NONE');
    expect(code(() => assertMayChangeRoles(supervisor, ['officer'], ['officer', 'admin']))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => assertMayChangeRoles(supervisor, ['integration'], ['officer']))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => assertMayChangeRoles(supervisor, ['officer'], ['officer', 'analyst']))).toBe(
      'NONE',
    );
    expect(code(() => assertMayChangeRoles(admin, ['officer'], ['admin']))).toBe('NONE');
  });

  it('lets only an admin place a user in another office or move one', () => {
    expect(code(() => assertMayPlaceIn(supervisor, 'FRA-CDG'))).toBe('NONE');
    expect(code(() => assertMayPlaceIn(supervisor, 'FRA-ORY'))).toBe('FORBIDDEN');
    expect(code(() => assertMayPlaceIn(admin, 'FRA-ORY'))).toBe('NONE');
    expect(code(() => assertMayMove(supervisor))).toBe('FORBIDDEN');
    expect(code(() => assertMayMove(admin))).toBe('NONE');
  });

  it('refuses a clearance above the actor’s own, naming the field', () => {
    expect(code(() => assertClearanceWithin(supervisor, 'confidential'))).toBe('NONE');
    expect(code(() => assertClearanceWithin(supervisor, 'secret'))).toBe('VALIDATION_FAILED');
    expect(code(() => assertClearanceWithin(admin, 'secret'))).toBe('NONE');
    const noClearance: Principal = { ...admin, clearance: undefined };
    expect(code(() => assertClearanceWithin(noClearance, 'confidential'))).toBe(
      'VALIDATION_FAILED',
    );
    try {
      assertClearanceWithin(supervisor, 'secret');
    } catch (error) {
      expect((error as { details: { path: string }[] }).details[0]?.path).toBe('clearance');
    }
  });
});
