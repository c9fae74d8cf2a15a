import { aPerson, ivanovInCyrillic } from '../testing/persons.fixtures';
import { toDocument, toPerson } from './person.mapper';

describe('person mapper', () => {
  const person = aPerson(ivanovInCyrillic, { id: 'p1', latinNames: ['IVANOV IVAN'] });

  it('stores the person with dates, search keys and no absent optional field', () => {
    const document = toDocument(person);
    expect(document).toMatchObject({
      _id: 'p1',
      familyName: 'Иванов',
      createdAt: new Date(person.createdAt),
      documentNumbers: ['751234567'],
    });
    expect(document.blockingKeys).toContain('doc:751234567');
    expect(document.nameKeys.length).toBeGreaterThan(0);
    expect(document).not.toHaveProperty('occupation');
  });

  it('reads back the same person, nulls of absent fields and store-only fields dropped', () => {
    const stored = { ...toDocument(person), occupation: null, history: [], outbox: [] };
    expect(toPerson(stored as unknown as Parameters<typeof toPerson>[0])).toEqual(person);
  });
});

describe('person mapper on a broken document', () => {
  it('fails naming the id and the paths, without the values', () => {
    const broken = { ...toDocument(aPerson(ivanovInCyrillic, { id: 'p9' })), familyName: 42 };
    expect(() => toPerson(broken as unknown as Parameters<typeof toPerson>[0])).toThrow(
      'Stored person p9 does not match the person contract at: familyName',
    );
  });
});
