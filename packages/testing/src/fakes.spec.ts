import { FixedClock, SequentialIds } from './fakes';

describe('test fakes', () => {
  it('keep the time the test set, and move it only when told', () => {
    const clock = new FixedClock(new Date('2026-05-31T23:59:00.000Z'));
    expect(clock.now().toISOString()).toBe('2026-05-31T23:59:00.000Z');
    clock.now().setFullYear(2000); // a caller changing its copy changes nothing
    expect(clock.today()).toBe('2026-05-31');
    clock.advance(60_000);
    expect(clock.today()).toBe('2026-06-01');
    clock.set(new Date('2027-01-01T00:00:00.000Z'));
    expect(clock.now().getUTCFullYear()).toBe(2027);
  });

  it('number ids in the order they are made', () => {
    const ids = new SequentialIds('case');
    expect([ids.next(), ids.next()]).toEqual(['case-1', 'case-2']);
  });
});
