import { RandomIds, SystemClock } from './clock';

describe('SystemClock', () => {
  it("takes today's date in the administration's time zone", () => {
    const instant = new Date('2026-03-15T23:30:00Z');
    const paris = new SystemClock('Europe/Paris');
    const honolulu = new SystemClock('Pacific/Honolulu');
    jest.spyOn(paris, 'now').mockReturnValue(instant);
    jest.spyOn(honolulu, 'now').mockReturnValue(instant);
    expect(paris.today()).toBe('2026-03-16');
    expect(honolulu.today()).toBe('2026-03-15');
  });
});

describe('RandomIds', () => {
  it('never gives the same id twice', () => {
    const ids = new RandomIds();
    const made = new Set(Array.from({ length: 1000 }, () => ids.next()));
    expect(made.size).toBe(1000);
  });
});
