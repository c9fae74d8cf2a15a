import { InMemoryClaims } from '../testing/case-ports.fakes';
import {
  CLAIM_LEASE_MS,
  type CaseNumberClaims,
  allocateCaseNumber,
  formatCaseNumber,
  officeKey,
} from './case-number';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const allocate = (claims: CaseNumberClaims, office: string, year: number, caseId: string) =>
  allocateCaseNumber(claims, office, year, caseId, { now: NOW }).then((c) => c.number);

describe('case numbers', () => {
  it('read office-year-sequence', () => {
    expect(officeKey('FRA-CDG')).toBe('FRACDG');
    expect(formatCaseNumber('FRACDG-2026', 42)).toBe('FRACDG-2026-000042');
    expect(formatCaseNumber('FRACDG-2026', 1234567)).toBe('FRACDG-2026-1234567');
  });

  it('are unique and gapless under 100 concurrent creations', async () => {
    const claims = new InMemoryClaims();
    const numbers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => allocate(claims, 'FRA-CDG', 2026, `case-${i}`)),
    );
    expect(new Set(numbers).size).toBe(100);
    const sequences = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(claims.claims.size).toBe(100);
  });

  it('keep one sequence per office and year', async () => {
    const claims = new InMemoryClaims();
    await allocate(claims, 'FRA-CDG', 2026, 'a');
    expect(await allocate(claims, 'FRA-CDG', 2026, 'b')).toBe('FRACDG-2026-000002');
    expect(await allocate(claims, 'FRA-LEH', 2026, 'c')).toBe('FRALEH-2026-000001');
    expect(await allocate(claims, 'FRA-CDG', 2027, 'd')).toBe('FRACDG-2027-000001');
  });

  it('give up after the attempts allowed', async () => {
    const full = new InMemoryClaims();
    full.claim = () => Promise.resolve(false);
    await expect(
      allocateCaseNumber(full, 'FRA-CDG', 2026, 'x', { now: NOW, maxAttempts: 5 }),
    ).rejects.toThrow(/after 5 attempts/);
  });

  it('take over the lowest claim whose case was released, before claiming a new number', async () => {
    const claims = new InMemoryClaims();
    for (const id of ['a', 'b', 'c']) await allocate(claims, 'FRA-CDG', 2026, id);
    await claims.markUsed('FRACDG-2026', 1, 'a');
    await claims.release('FRACDG-2026', 3, 'c');
    await claims.release('FRACDG-2026', 2, 'b');
    expect(await allocate(claims, 'FRA-CDG', 2026, 'd')).toBe('FRACDG-2026-000002');
    expect(await allocate(claims, 'FRA-CDG', 2026, 'e')).toBe('FRACDG-2026-000003');
    expect(await allocate(claims, 'FRA-CDG', 2026, 'f')).toBe('FRACDG-2026-000004');
    expect(claims.claims.get('FRACDG-2026#2')).toMatchObject({ caseId: 'd', used: false });
  });

  it('take over a claim left unused past the lease, but not one still within it', async () => {
    const claims = new InMemoryClaims();
    await allocate(claims, 'FRA-CDG', 2026, 'crashed');
    const claim = claims.claims.get('FRACDG-2026#1')!;
    claim.claimedAt = new Date(NOW.getTime() - CLAIM_LEASE_MS + 1000);
    expect(await allocate(claims, 'FRA-CDG', 2026, 'b')).toBe('FRACDG-2026-000002');
    claim.claimedAt = new Date(NOW.getTime() - CLAIM_LEASE_MS - 1000);
    expect(await allocate(claims, 'FRA-CDG', 2026, 'c')).toBe('FRACDG-2026-000001');
  });

  it('never take over a claim whose number a stored case holds', async () => {
    const claims = new InMemoryClaims((number) => number === 'FRACDG-2026-000001');
    await allocate(claims, 'FRA-CDG', 2026, 'stored-but-not-marked');
    await claims.release('FRACDG-2026', 1, 'stored-but-not-marked');
    expect(await allocate(claims, 'FRA-CDG', 2026, 'b')).toBe('FRACDG-2026-000002');
  });

  it('give one released claim to one of many concurrent creations', async () => {
    const claims = new InMemoryClaims();
    await allocate(claims, 'FRA-CDG', 2026, 'failed');
    await claims.release('FRACDG-2026', 1, 'failed');
    const numbers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => allocate(claims, 'FRA-CDG', 2026, `case-${i}`)),
    );
    expect([...numbers].sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => formatCaseNumber('FRACDG-2026', i + 1)),
    );
  });
});
