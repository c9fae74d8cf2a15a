import { describe, expect, it } from 'vitest';
import { auditPeriod } from './audit-period';

describe('auditPeriod', () => {
  it('runs from the first day’s start to the start of the day after the last (excluded)', () => {
    const { from, to } = auditPeriod('2026-12-01', '2026-12-07');
    expect(new Date(from!).getTime()).toBe(new Date('2026-12-01T00:00:00').getTime());
    expect(new Date(to!).getTime()).toBe(new Date('2026-12-08T00:00:00').getTime());
    expect(auditPeriod('', '')).toEqual({});
  });
});
