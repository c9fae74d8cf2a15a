import { backoffDelayMs, classifySendFailure } from './retry';

const options = { initialMs: 1000, maxMs: 60_000 };

describe('backoffDelayMs', () => {
  it('doubles from the first delay up to the longest, between half of it and all of it', () => {
    const lowest = [1, 2, 3, 4, 7, 10].map((attempt) => backoffDelayMs(attempt, options, () => 0));
    const highest = [1, 2, 3, 4, 7, 10].map((attempt) =>
      backoffDelayMs(attempt, options, () => 0.999999),
    );
    expect(lowest).toEqual([500, 1000, 2000, 4000, 30_000, 30_000]);
    expect(highest).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
  });

  it('spreads the replicas that failed together', () => {
    expect(backoffDelayMs(3, options, () => 0.1)).not.toBe(backoffDelayMs(3, options, () => 0.7));
  });
});

describe('classifySendFailure', () => {
  it('retries a 4xx reply and a connection error, not a 5xx reply', () => {
    expect(classifySendFailure({ responseCode: 421, code: 'EENVELOPE' })).toBe('transient');
    expect(classifySendFailure({ responseCode: 451 })).toBe('transient');
    expect(classifySendFailure({ code: 'ECONNECTION' })).toBe('transient');
    expect(classifySendFailure({ code: 'ECONNREFUSED' })).toBe('transient');
    expect(classifySendFailure({ code: 'ETIMEDOUT' })).toBe('transient');
    expect(classifySendFailure({ responseCode: 550, code: 'EENVELOPE' })).toBe('permanent');
    expect(classifySendFailure({ responseCode: 535, code: 'EAUTH' })).toBe('permanent');
    expect(classifySendFailure(new Error('bug'))).toBe('permanent');
  });
});
