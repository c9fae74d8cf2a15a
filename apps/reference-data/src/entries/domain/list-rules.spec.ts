import { type ReferenceList } from '@opencen/contracts';

import { attributeViolations, codeViolations, isWellFormed, referencesOf } from './list-rules';

describe('code formats per list', () => {
  const cases: [ReferenceList, string[], string[]][] = [
    ['countries', ['FR', 'XK'], ['FRA', 'fr', 'F1', '']],
    ['currencies', ['EUR', 'XOF'], ['EU', 'eur', 'EURO']],
    ['hs-codes', ['09', '0901'], ['9', '090', '090111', 'ab']],
    [
      'customs-offices',
      ['FRA-CDG', 'DEU-HAM1', 'USA-JFK2024TX'],
      ['FRCDG', 'FRA-C', 'fra-cdg', 'FR-CDG', 'FRA-ABCDEFGHIJK'],
    ],
    ['concealment-methods', ['BODY_CAVITY', 'X2'], ['body_cavity', '_X', '2X', 'BODY-CAVITY']],
    ['units', ['KGM', 'LITRE'], ['kg']],
    ['offence-types', ['SMUGGLING'], ['Smuggling']],
  ];

  it.each(cases)('%s accepts %j and refuses %j', (list, good, bad) => {
    for (const code of good) expect(isWellFormed(list, code)).toBe(true);
    for (const code of bad) expect(isWellFormed(list, code)).toBe(false);
  });

  it('names the field and the expected format', () => {
    expect(codeViolations('countries', 'FRA')).toEqual([
      {
        path: 'code',
        reason: 'countries codes are ISO 3166-1 alpha-2: two capital letters (e.g. FR)',
        code: 'invalid_code_format',
      },
    ]);
    expect(codeViolations('countries', 'FR')).toEqual([]);
  });
});

describe('attributes per list', () => {
  it('requires alpha-3 and numeric codes of a country', () => {
    expect(attributeViolations('countries', 'FR', { alpha3: 'FRA', numeric: '250' })).toEqual([]);
    expect(attributeViolations('countries', 'FR', { alpha3: 'fr', numeric: null })).toEqual([
      {
        path: 'attributes.alpha3',
        reason: 'must be ISO 3166-1 alpha-3, three capital letters',
        code: 'invalid_attribute',
      },
      expect.objectContaining({ path: 'attributes.numeric', code: 'required' }),
    ]);
  });

  it('requires type, country and coordinates of a customs office', () => {
    const office = { type: 'airport', country: 'FR', latitude: 49.0097, longitude: 2.5479 };
    expect(attributeViolations('customs-offices', 'FRA-CDG', office)).toEqual([]);
    expect(attributeViolations('customs-offices', 'FRA-CDG', {}).map((v) => v.path)).toEqual([
      'attributes.type',
      'attributes.country',
      'attributes.latitude',
      'attributes.longitude',
    ]);
    expect(
      attributeViolations('customs-offices', 'FRA-CDG', {
        ...office,
        latitude: 91,
        longitude: '2.5',
        parent: 'FRA-CDG',
      }).map((v) => v.path),
    ).toEqual(['attributes.latitude', 'attributes.longitude', 'attributes.parent']);
  });

  it('checks the optional attributes of a currency when present', () => {
    expect(attributeViolations('currencies', 'EUR', {})).toEqual([]);
    expect(attributeViolations('currencies', 'EUR', { numeric: '978', minorUnits: 2 })).toEqual([]);
    expect(
      attributeViolations('currencies', 'EUR', { minorUnits: 2.5 }).map((v) => v.path),
    ).toEqual(['attributes.minorUnits']);
  });

  it("ties a heading's chapter attribute to its code", () => {
    expect(attributeViolations('hs-codes', '0901', { chapter: '09' })).toEqual([]);
    expect(attributeViolations('hs-codes', '0901', { chapter: '10' })).toEqual([
      expect.objectContaining({
        path: 'attributes.chapter',
        reason: 'must be 09, the first two digits of the heading',
      }),
    ]);
  });

  it("ties an HS entry's level to the length of its code", () => {
    expect(attributeViolations('hs-codes', '09', { level: 'chapter', reserved: false })).toEqual(
      [],
    );
    expect(attributeViolations('hs-codes', '0901', { level: 'chapter' })).toEqual([
      expect.objectContaining({
        path: 'attributes.level',
        reason: 'must be heading for a code of 4 digits',
      }),
    ]);
    expect(attributeViolations('hs-codes', '09', { level: 'section' }).map((v) => v.path)).toEqual([
      'attributes.level',
    ]);
  });

  it('keeps attributes a list does not know', () => {
    expect(attributeViolations('units', 'KGM', { symbol: 'kg' })).toEqual([]);
  });
});

describe('codes an entry points at', () => {
  it("are an office's country and parent, and a heading's chapter", () => {
    expect(
      referencesOf('customs-offices', 'FRA-CDG', {
        type: 'airport',
        country: 'FR',
        latitude: 0,
        longitude: 0,
        parent: 'FRA-PAR',
      }),
    ).toEqual([
      { path: 'attributes.country', list: 'countries', code: 'FR' },
      { path: 'attributes.parent', list: 'customs-offices', code: 'FRA-PAR' },
    ]);
    expect(referencesOf('hs-codes', '0901', {})).toEqual([
      { path: 'code', list: 'hs-codes', code: '09' },
    ]);
    expect(referencesOf('hs-codes', '09', {})).toEqual([]);
    expect(referencesOf('countries', 'FR', { alpha3: 'FRA' })).toEqual([]);
  });
});
