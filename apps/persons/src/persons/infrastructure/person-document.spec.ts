import { aPerson, ivanovInCyrillic } from '../testing/persons.fixtures';
import {
  type StoredDocument,
  fromStored,
  toStored,
} from '../../office-records/office-records.module';
import { personKind } from '../domain/person-kind';

describe('a person as the kernel stores it', () => {
  const person = aPerson(ivanovInCyrillic, { id: 'p1', latinNames: ['IVANOV IVAN'] });

  it('stores the person with dates, search keys and no absent optional field', () => {
    const document = toStored(personKind, person);
    expect(document).toMatchObject({
      _id: 'p1',
      familyName: 'Иванов',
      createdAt: new Date(person.createdAt),
      documentNumbers: ['751234567'],
    });
    expect(document.blockingKeys).toContain('doc:751234567');
    expect(document.nameKeys).not.toHaveLength(0);
    expect(document).not.toHaveProperty('occupation');
  });

  it('reads back the same person, nulls of absent fields and store-only fields dropped', () => {
    const stored = { ...toStored(personKind, person), occupation: null, history: [], outbox: [] };
    expect(fromStored(personKind, stored as unknown as StoredDocument)).toEqual(person);
  });
});

describe('a broken person document', () => {
  it('fails naming the id and the paths, without the values', () => {
    const broken = {
      ...toStored(personKind, aPerson(ivanovInCyrillic, { id: 'p9' })),
      familyName: 42,
    };
    expect(() => fromStored(personKind, broken as unknown as StoredDocument)).toThrow(
      'Stored person p9 does not match the person contract at: familyName',
    );
  });
});
