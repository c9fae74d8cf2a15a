import { type PersonDraft, personDraftSchema } from '@opencen/contracts';

import { latinNamesOf, nameQueryOf, nameSearchKeys, searchKeysOf } from './person';

const draft = (input: Partial<PersonDraft> & { familyName: string }): PersonDraft =>
  personDraftSchema.parse(input);

describe('person', () => {
  it('writes names and aliases in Latin capitals', () => {
    expect(
      latinNamesOf(
        draft({ familyName: 'Иванов', givenNames: 'Иван', aliases: [{ familyName: 'Ivanov' }] }),
      ),
    ).toEqual(['IVANOV IVAN', 'IVANOV']);
  });

  it('finds a Cyrillic name by the phonetic keys of its Latin spelling', () => {
    const keys = searchKeysOf(draft({ familyName: 'Иванов', givenNames: 'Иван' }));
    expect(keys.nameKeys).toEqual(expect.arrayContaining(nameSearchKeys('Ivanov')));
    expect(keys.blockingKeys.length).toBeGreaterThan(0);
  });

  it('searches a typed name as written, in Latin and by its phonetic keys', () => {
    expect(nameQueryOf('Иванов-Петров Иван')).toEqual({
      written: 'Иванов-Петров Иван',
      latin: 'IVANOV PETROV IVAN',
      keys: nameSearchKeys('Ivanov Petrov Ivan'),
    });
  });

  it('keeps document numbers normalised', () => {
    const keys = searchKeysOf(
      draft({ familyName: 'X', documents: [{ type: 'passport', number: 'ab-12 345' }] }),
    );
    expect(keys.documentNumbers).toEqual(['AB12345']);
  });
});
