import { anEntry } from '../testing/entries.fixtures';
import { toDocument, toEntry } from './entry.mapper';

describe('entry mapper', () => {
  it('stores an entry under its natural id, with its revision and search keywords', () => {
    const document = toDocument(anEntry({ validTo: '2030-12-31' }), 7);
    expect(document).toMatchObject({
      _id: 'countries/FR',
      revision: 7,
      validTo: '2030-12-31',
      version: 1,
    });
    expect(document.keywords).toEqual(['fr', 'france', 'فرنسا']);
    expect(document).not.toHaveProperty('replacedBy');
  });

  it('reads back the same entry, treating null optional fields as absent', () => {
    const entry = anEntry({ deprecated: true, validTo: '2010-10-09', replacedBy: 'CW' });
    expect(toEntry(toDocument(entry, 1))).toEqual(entry);
    const stored = { ...toDocument(anEntry(), 1), validTo: null, replacedBy: null } as never;
    const read = toEntry(stored);
    expect(read).not.toHaveProperty('validTo');
    expect(read).not.toHaveProperty('replacedBy');
  });
});
