import { type FailureState, recordFailure } from './login-failures';

const policy = { threshold: 5, windowMs: 15 * 60_000 };
const start = new Date('2026-03-01T10:00:00Z').getTime();
const at = (minutes: number) => new Date(start + minutes * 60_000);

function failAt(state: FailureState, minutes: number[]) {
  const bursts = [];
  for (const minute of minutes) {
    const result = recordFailure(state, at(minute), policy);
    state = result.state;
    if (result.burst) bursts.push(result.burst);
  }
  return { state, bursts };
}

describe('bursts of failed sign-ins', () => {
  it('makes one burst of five failures within the window', () => {
    const { bursts } = failAt({ failures: [] }, [0, 1, 2, 3, 4]);
    expect(bursts).toEqual([{ failures: 5, from: at(0), to: at(4) }]);
  });

  it('does not count failures that left the window', () => {
    const { bursts, state } = failAt({ failures: [] }, [0, 1, 2, 3, 20]);
    expect(bursts).toEqual([]);
    expect(state.failures).toEqual([at(20)]);
  });

  it('reports a burst once, and counts the next one from after it', () => {
    const { bursts } = failAt({ failures: [] }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bursts).toEqual([
      { failures: 5, from: at(0), to: at(4) },
      { failures: 5, from: at(5), to: at(9) },
    ]);
  });
});
