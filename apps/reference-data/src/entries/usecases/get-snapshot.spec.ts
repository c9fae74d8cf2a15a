import { InMemoryEntries, anEntry } from '../testing/entries.fixtures';
import { GetSnapshot } from './get-snapshot';

describe('GetSnapshot', () => {
  it('returns the whole list, deprecated entries included, with its version and labels in the language', async () => {
    const entries = new InMemoryEntries([
      anEntry({ code: 'FR' }),
      anEntry({ code: 'AN', deprecated: true, validTo: '2010-10-09' }),
      anEntry({ list: 'currencies', code: 'EUR', attributes: {} }),
    ]);
    entries.revision = 7;
    const snapshot = await new GetSnapshot(entries).execute({ list: 'countries', language: 'ar' });
    expect(snapshot.list).toBe('countries');
    expect(snapshot.version).toBe(7);
    expect(snapshot.entries.map((entry) => [entry.code, entry.deprecated, entry.label])).toEqual([
      ['AN', true, 'فرنسا'],
      ['FR', false, 'فرنسا'],
    ]);
  });
});
