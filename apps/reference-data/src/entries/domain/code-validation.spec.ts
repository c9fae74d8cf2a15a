import { type Entry } from './entry';
import { lookupFor, validateCode } from './code-validation';

const heading = (overrides: Partial<Entry> = {}): Entry => ({
  list: 'hs-codes',
  code: '0901',
  labels: { en: 'Coffee' },
  attributes: { chapter: '09' },
  validFrom: '2022-01-01',
  deprecated: false,
  version: 1,
  updatedAt: new Date('2022-01-01T00:00:00Z'),
  ...overrides,
});

describe('which entry decides a code', () => {
  it('is the entry itself for a well-formed code', () => {
    expect(lookupFor('hs-codes', '0901')).toEqual({ kind: 'entry', code: '0901' });
    expect(lookupFor('hs-codes', '09')).toEqual({ kind: 'entry', code: '09' });
    expect(lookupFor('countries', 'FR')).toEqual({ kind: 'entry', code: 'FR' });
  });

  it.each(['090111', '09011100', '090111001', '0901110010'])(
    'is the 4-digit heading for the HS code %s',
    (code) => {
      expect(lookupFor('hs-codes', code)).toEqual({ kind: 'heading', heading: '0901' });
    },
  );

  it.each(['090', '0901110', '09011100101', '0901.11', 'COFFEE'])(
    'is none for the malformed HS code %s',
    (code) => {
      expect(lookupFor('hs-codes', code)).toMatchObject({ kind: 'malformed' });
    },
  );

  it('is none for a code of the wrong format, and says the format', () => {
    expect(lookupFor('countries', 'FRA')).toEqual({
      kind: 'malformed',
      reason: 'malformed: countries codes are ISO 3166-1 alpha-2: two capital letters (e.g. FR)',
    });
    expect(lookupFor('countries', '090111')).toMatchObject({ kind: 'malformed' });
  });
});

describe('validating a code on a date', () => {
  const at = '2024-05-01';

  it('accepts a 6-, 8- or 10-digit HS code whose heading is valid on the day', () => {
    for (const code of ['090111', '09011100', '0901110010']) {
      expect(validateCode('hs-codes', code, lookupFor('hs-codes', code), heading(), at)).toEqual({
        code,
        valid: true,
      });
    }
  });

  it('refuses a national HS code by the reason of its heading', () => {
    const code = '09011100';
    const lookup = lookupFor('hs-codes', code);
    expect(validateCode('hs-codes', code, lookup, undefined, at)).toEqual({
      code,
      valid: false,
      reason: 'heading 0901: unknown: no such code in hs-codes',
    });
    expect(validateCode('hs-codes', code, lookup, heading(), '2021-12-31')).toEqual({
      code,
      valid: false,
      reason: 'heading 0901: not yet valid: valid from 2022-01-01',
    });
    const retired = heading({ deprecated: true, validTo: '2023-12-31', replacedBy: '0902' });
    expect(validateCode('hs-codes', code, lookup, retired, at)).toEqual({
      code,
      valid: false,
      reason: 'heading 0901: deprecated since 2024-01-01; replaced by 0902',
    });
    expect(validateCode('hs-codes', code, lookup, retired, '2023-06-01')).toEqual({
      code,
      valid: true,
    });
  });

  it('refuses codes under a reserved chapter', () => {
    const reserved = heading({ code: '77', attributes: { level: 'chapter', reserved: true } });
    expect(validateCode('hs-codes', '77', lookupFor('hs-codes', '77'), reserved, at)).toEqual({
      code: '77',
      valid: false,
      reason: 'reserved for future use: no code may use it yet',
    });
  });

  it('says unknown, malformed, expired or deprecated for other lists', () => {
    const fr = heading({ list: 'countries', code: 'FR', validFrom: '1900-01-01' });
    expect(validateCode('countries', 'FR', lookupFor('countries', 'FR'), fr, at)).toEqual({
      code: 'FR',
      valid: true,
    });
    expect(
      validateCode('countries', 'QQ', lookupFor('countries', 'QQ'), undefined, at).reason,
    ).toBe('unknown: no such code in countries');
    expect(
      validateCode('countries', 'fr', lookupFor('countries', 'fr'), undefined, at).reason,
    ).toMatch(/^malformed: /);
    expect(
      validateCode(
        'countries',
        'FR',
        lookupFor('countries', 'FR'),
        { ...fr, validTo: '2020-01-01' },
        at,
      ).reason,
    ).toBe('expired: its last valid day was 2020-01-01');
  });
});
