import { dayAfter, isActiveAt, validityAt } from './validity';

describe('validity at a date', () => {
  const open = { validFrom: '2020-01-01', deprecated: false };
  const ending = { validFrom: '2020-01-01', validTo: '2021-12-31', deprecated: false };
  const retired = {
    validFrom: '2019-01-01',
    validTo: '2021-12-31',
    deprecated: true,
    replacedBy: 'NEW',
  };

  it('is valid from the first day, with no end while validTo is absent', () => {
    expect(validityAt(open, '2020-01-01')).toEqual({ valid: true });
    expect(validityAt(open, '2999-12-31')).toEqual({ valid: true });
    expect(validityAt(open, '2019-12-31')).toEqual({
      valid: false,
      reason: 'not yet valid: valid from 2020-01-01',
    });
  });

  it('includes the last day and says "expired" after it', () => {
    expect(validityAt(ending, '2021-12-31')).toEqual({ valid: true });
    expect(validityAt(ending, '2022-01-01')).toEqual({
      valid: false,
      reason: 'expired: its last valid day was 2021-12-31',
    });
  });

  it('keeps a deprecated code valid for days before its retirement, and names the replacement after', () => {
    expect(validityAt(retired, '2019-06-30')).toEqual({ valid: true });
    expect(validityAt(retired, '2021-12-31')).toEqual({ valid: true });
    expect(validityAt(retired, '2022-03-01')).toEqual({
      valid: false,
      reason: 'deprecated since 2022-01-01; replaced by NEW',
    });
    expect(validityAt({ ...retired, replacedBy: undefined }, '2022-03-01')).toEqual({
      valid: false,
      reason: 'deprecated since 2022-01-01',
    });
  });

  it('tells whether a period covers a day', () => {
    expect(isActiveAt(ending, '2020-06-01')).toBe(true);
    expect(isActiveAt(ending, '2022-01-01')).toBe(false);
    expect(isActiveAt(ending, '2019-12-31')).toBe(false);
  });

  it('counts days across months, years and leap days', () => {
    expect(dayAfter('2021-12-31')).toBe('2022-01-01');
    expect(dayAfter('2024-02-28')).toBe('2024-02-29');
    expect(dayAfter('2023-02-28')).toBe('2023-03-01');
  });
});
