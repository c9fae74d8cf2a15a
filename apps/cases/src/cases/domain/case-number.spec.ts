import {
  type CaseNumberClaims,
  allocateCaseNumber,
  formatCaseNumber,
  officeKey,
} from './case-number';

/**
 * Claims kept like the store keeps them: a unique key per scope and sequence. Every call yields to
 * the event loop first, so concurrent allocations interleave between reading the highest number
 * and claiming, as they do against a real store.
 */
class InMemoryClaims implements CaseNumberClaims {
  readonly claims = new Map<string, string>();
  attempts = 0;

  async highest(scope: string): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    let max = 0;
    for (const key of this.claims.keys()) {
      const [s, seq] = key.split('#');
      if (s === scope) max = Math.max(max, Number(seq));
    }
    return max;
  }

  async claim(scope: string, sequence: number, caseId: string): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    this.attempts++;
    const key = `${scope}#${sequence}`;
    if (this.claims.has(key)) return false;
    this.claims.set(key, caseId);
    return true;
  }
}

describe('case numbers', () => {
  it('read office-year-sequence', () => {
    expect(officeKey('FRA-CDG')).toBe('FRACDG');
    expect(formatCaseNumber('FRACDG-2026', 42)).toBe('FRACDG-2026-000042');
    expect(formatCaseNumber('FRACDG-2026', 1234567)).toBe('FRACDG-2026-1234567');
  });

  it('are unique and gapless under 100 concurrent creations', async () => {
    const claims = new InMemoryClaims();
    const numbers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        allocateCaseNumber(claims, 'FRA-CDG', 2026, `case-${i}`),
      ),
    );
    expect(new Set(numbers).size).toBe(100);
    const sequences = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(claims.claims.size).toBe(100);
  });

  it('keep one sequence per office and year', async () => {
    const claims = new InMemoryClaims();
    await allocateCaseNumber(claims, 'FRA-CDG', 2026, 'a');
    expect(await allocateCaseNumber(claims, 'FRA-CDG', 2026, 'b')).toBe('FRACDG-2026-000002');
    expect(await allocateCaseNumber(claims, 'FRA-LEH', 2026, 'c')).toBe('FRALEH-2026-000001');
    expect(await allocateCaseNumber(claims, 'FRA-CDG', 2027, 'd')).toBe('FRACDG-2027-000001');
  });

  it('give up after the attempts allowed', async () => {
    const full: CaseNumberClaims = {
      highest: () => Promise.resolve(0),
      claim: () => Promise.resolve(false),
    };
    await expect(allocateCaseNumber(full, 'FRA-CDG', 2026, 'x', 5)).rejects.toThrow(
      /after 5 attempts/,
    );
  });
});
