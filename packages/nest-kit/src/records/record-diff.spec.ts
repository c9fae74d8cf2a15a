import { changedFields, draftPart, givenFields } from './record-diff';

interface Draft {
  name?: string;
  tags?: string[];
  place?: { city: string; country: string };
}
const FIELDS = ['name', 'tags', 'place'] as const;

describe('record diff', () => {
  it('names the fields that changed, ignoring key order and absent-versus-empty lists', () => {
    const before: Draft = { name: 'a', place: { city: 'x', country: 'FR' } };
    expect(
      changedFields(FIELDS, before, { ...before, tags: [], place: { country: 'FR', city: 'x' } }),
    ).toEqual([]);
    expect(changedFields(FIELDS, before, { name: 'b', tags: ['t'], place: before.place })).toEqual([
      'name',
      'tags',
    ]);
  });

  it('names the fields a creation gave and keeps only draft fields', () => {
    expect(givenFields<Draft>(FIELDS, { name: 'a', tags: [] })).toEqual(['name']);
    expect(draftPart(FIELDS, { name: 'a', id: 'x' } as Draft)).toEqual({ name: 'a' });
  });
});
