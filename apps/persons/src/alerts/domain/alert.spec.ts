import { appliesOn, changedAlertFields, dayOf, hasExpired } from './alert';

const alert = {
  status: 'active' as const,
  validFrom: '2026-11-01',
  validTo: '2026-11-30',
};

describe('alert rules', () => {
  it('reads the UTC calendar day of an instant', () => {
    expect(dayOf(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30');
  });

  it('expires an active alert only after its last valid day', () => {
    expect(hasExpired(alert, '2026-11-30')).toBe(false);
    expect(hasExpired(alert, '2026-12-01')).toBe(true);
    expect(hasExpired({ ...alert, status: 'withdrawn' }, '2026-12-01')).toBe(false);
  });

  it('applies on the days of its validity, both ends included, while active', () => {
    expect(appliesOn(alert, '2026-10-31')).toBe(false);
    expect(appliesOn(alert, '2026-11-01')).toBe(true);
    expect(appliesOn(alert, '2026-11-30')).toBe(true);
    expect(appliesOn({ ...alert, status: 'expired' }, '2026-11-15')).toBe(false);
  });

  it('names the draft fields that changed', () => {
    const current = {
      id: 'a',
      subject: { subjectType: 'person' as const, subjectId: 'p' },
      reason: 'r',
      category: 'other' as const,
      validFrom: '2026-11-01',
      validTo: '2026-11-30',
      handlingInstruction: 'h',
      ownerOffice: 'O',
      ownerOfficer: 's',
      status: 'active' as const,
      createdAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
      version: 1,
    };
    expect(
      changedAlertFields(current, {
        reason: 'r',
        category: 'wanted',
        validFrom: '2026-11-01',
        validTo: '2026-12-31',
        handlingInstruction: 'h',
      }),
    ).toEqual(['category', 'validTo']);
  });
});
