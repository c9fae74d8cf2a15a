import { officer } from '../testing/office-records.fixtures';
import { decodeIdCursor, readablePage } from './id-cursor';

// Ten records in id order, every other one above a restricted officer's clearance.
const stored = Array.from({ length: 10 }, (_, i) => ({
  id: `r${i}`,
  classification: i % 2 === 0 ? 'restricted' : 'confidential',
}));

describe('readablePage', () => {
  const fetched: (string | undefined)[] = [];
  const fetch = async (after: string | undefined, count: number) => {
    fetched.push(after);
    return stored.filter((record) => after === undefined || record.id > after).slice(0, count);
  };

  beforeEach(() => fetched.splice(0));

  it('fills a page with readable records only, reading on until it has one more', async () => {
    const first = await readablePage(fetch, undefined, 3, officer);
    expect(first.items.map((r) => r.id)).toEqual(['r0', 'r2', 'r4']);
    expect(fetched).toEqual([undefined, 'r3']);
    const second = await readablePage(fetch, decodeIdCursor(first.nextCursor!), 3, officer);
    expect(second.items.map((r) => r.id)).toEqual(['r6', 'r8']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('reads one page when nothing is hidden', async () => {
    const page = await readablePage(fetch, undefined, 3, { ...officer, clearance: 'secret' });
    expect(page.items.map((r) => r.id)).toEqual(['r0', 'r1', 'r2']);
    expect(page.nextCursor).toBeDefined();
    expect(fetched).toEqual([undefined]);
  });
});
