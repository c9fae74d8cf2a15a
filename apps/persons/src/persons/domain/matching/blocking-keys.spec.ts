import { personBlockingKeys } from './blocking-keys';
import { type PersonForMatching } from './person';

const shared = (a: PersonForMatching, b: PersonForMatching) => {
  const keys = new Set(personBlockingKeys(a));
  return personBlockingKeys(b).filter((key) => keys.has(key));
};

describe('personBlockingKeys', () => {
  const ivanovInCyrillic: PersonForMatching = {
    family: 'Иванов',
    given: 'Иван',
    dateOfBirth: '1980-05-12',
    documents: [{ type: 'passport', number: '75 1234567', issuingCountry: 'RUS' }],
  };

  it('builds name pairs, name and birth year, and document keys', () => {
    expect(personBlockingKeys(ivanovInCyrillic)).toEqual([
      'doc:751234567',
      'np:VN+VNV',
      'ny:VN:1980',
      'ny:VNV:1980',
    ]);
  });

  it.each<[string, PersonForMatching]>([
    ['Latin with a typo and a year only', { family: 'Ivanov', given: 'Iven', dateOfBirth: '1980' }],
    ['German spelling', { family: 'Iwanow', given: 'Iwan' }],
    ['swapped given and family names', { family: 'Ivan', given: 'Ivanov' }],
    [
      'a given name misspelt beyond its key',
      { family: 'Ivanoff', given: 'Jvan', dateOfBirth: '1980' },
    ],
    [
      'only the passport',
      { family: 'Smith', documents: [{ type: 'passport', number: '751-234-567' }] },
    ],
    [
      'an alias',
      { family: 'Petrov', given: 'Oleg', aliases: [{ family: 'Ivanov', given: 'Ivan' }] },
    ],
  ])('shares a key with a variant of the same person: %s', (_, variant) => {
    expect(shared(ivanovInCyrillic, variant)).not.toEqual([]);
  });

  it('shares keys between Arabic and Latin spellings', () => {
    const arabic = { family: 'الحسن', given: 'محمد', dateOfBirth: '1975' };
    const latin = { family: 'Al-Hassan', given: 'Muhamad', dateOfBirth: '1975-03-02' };
    expect(shared(arabic, latin)).toContain('np:HSN+MHMT');
  });

  it('shares keys between Greek and Latin spellings', () => {
    const greek = { family: 'Παπαδόπουλος', given: 'Γεώργιος' };
    expect(shared(greek, { family: 'Papadopoulos', given: 'Georgios' })).not.toEqual([]);
  });

  it.each<[string, PersonForMatching]>([
    [
      'another name, same birth date',
      { family: 'Petrov', given: 'Sergei', dateOfBirth: '1980-05-12' },
    ],
    [
      'same given name, other family name and year',
      { family: 'Sidorov', given: 'Ivan', dateOfBirth: '1990' },
    ],
    ['same family name, other given name, no date', { family: 'Ivanov', given: 'Pavel' }],
    [
      'another passport',
      { family: 'Smith', documents: [{ type: 'passport', number: '751234568' }] },
    ],
  ])('shares no key with an unrelated person: %s', (_, other) => {
    expect(shared(ivanovInCyrillic, other)).toEqual([]);
  });

  it('still gives a key to a person known by one name only', () => {
    expect(personBlockingKeys({ given: 'Madonna' })).toEqual(['n:MTN']);
    expect(personBlockingKeys({})).toEqual([]);
  });
});
