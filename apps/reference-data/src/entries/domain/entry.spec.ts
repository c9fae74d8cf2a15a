import {
  changeEntry,
  createEntry,
  defaultLastDay,
  deprecateEntry,
  type Entry,
  entryViolations,
  labelIn,
  replacementViolations,
  retirementViolations,
  sameContent,
} from './entry';
import { validityAt } from './validity';

const created = new Date('2019-01-01T00:00:00Z');
const later = new Date('2022-06-01T00:00:00Z');

function country(overrides: Partial<Entry> = {}): Entry {
  return {
    ...createEntry(
      {
        list: 'countries',
        code: 'AN',
        labels: { en: 'Netherlands Antilles', fr: 'Antilles néerlandaises' },
        attributes: { alpha3: 'ANT', numeric: '530' },
        validFrom: '1900-01-01',
      },
      created,
    ),
    ...overrides,
  };
}

describe('label fallback', () => {
  const labels = { en: 'France', fr: 'France', ar: 'فرنسا' };

  it('gives the label in the language asked for, and says so', () => {
    expect(labelIn(labels, 'ar')).toEqual({ label: 'فرنسا', labelLanguage: 'ar' });
  });

  it('falls back to English when the language is missing, and says it did', () => {
    expect(labelIn(labels, 'ru')).toEqual({ label: 'France', labelLanguage: 'en' });
  });
});

describe('an entry', () => {
  it('starts at version 1, not deprecated', () => {
    expect(country()).toMatchObject({ version: 1, deprecated: false, updatedAt: created });
    expect(country()).not.toHaveProperty('validTo');
  });

  it('replaces labels and attributes as a whole on a change, and can lose its end of validity', () => {
    const withEnd = changeEntry(country(), { validTo: '2030-12-31' }, later);
    expect(withEnd).toMatchObject({ version: 2, validTo: '2030-12-31', updatedAt: later });
    const relabelled = changeEntry(withEnd, { labels: { en: 'Antilles' }, validTo: null }, later);
    expect(relabelled.labels).toEqual({ en: 'Antilles' });
    expect(relabelled).not.toHaveProperty('validTo');
    expect(relabelled.version).toBe(3);
  });

  it('knows when a change changes nothing', () => {
    const entry = country();
    expect(
      sameContent(
        entry,
        changeEntry(
          entry,
          { labels: { fr: 'Antilles néerlandaises', en: 'Netherlands Antilles' } },
          later,
        ),
      ),
    ).toBe(true);
    expect(sameContent(entry, changeEntry(entry, { labels: { en: 'Antilles' } }, later))).toBe(
      false,
    );
  });
});

describe('deprecation', () => {
  const retired = deprecateEntry(country(), { validTo: '2010-10-09', replacedBy: 'CW' }, later);

  it('keeps the code, its labels, attributes and history: a record from before still resolves and validates', () => {
    expect(retired).toMatchObject({
      code: 'AN',
      labels: { en: 'Netherlands Antilles', fr: 'Antilles néerlandaises' },
      attributes: { alpha3: 'ANT', numeric: '530' },
      validFrom: '1900-01-01',
      validTo: '2010-10-09',
      deprecated: true,
      replacedBy: 'CW',
      version: 2,
    });
    expect(labelIn(retired.labels, 'fr').label).toBe('Antilles néerlandaises');
    expect(validityAt(retired, '2009-05-01')).toEqual({ valid: true });
    expect(validityAt(retired, '2011-01-01')).toEqual({
      valid: false,
      reason: 'deprecated since 2010-10-10; replaced by CW',
    });
  });

  it('defaults its last day to today, or to an earlier end the entry already has', () => {
    expect(defaultLastDay(country(), '2026-03-15')).toBe('2026-03-15');
    expect(defaultLastDay(country({ validTo: '2020-01-31' }), '2026-03-15')).toBe('2020-01-31');
  });

  it('cannot make an expired entry valid again', () => {
    expect(retirementViolations(country({ validTo: '2020-01-31' }), '2026-03-15')).toEqual([
      expect.objectContaining({ path: 'validTo', code: 'invalid_period' }),
    ]);
    expect(retirementViolations(country({ validTo: '2020-01-31' }), '2019-12-31')).toEqual([]);
  });

  it('needs a replacement that exists in the list, is another code and is not retired itself', () => {
    const replacement = country({ code: 'CW', labels: { en: 'Curaçao' } });
    expect(replacementViolations(retired, replacement)).toEqual([]);
    expect(replacementViolations(retired, null)).toEqual([
      { path: 'replacedBy', reason: 'no entry CW in countries', code: 'unknown_code' },
    ]);
    expect(replacementViolations(retired, { ...replacement, deprecated: true })).toEqual([
      expect.objectContaining({ path: 'replacedBy', code: 'invalid_replacement' }),
    ]);
    expect(replacementViolations({ ...retired, replacedBy: 'AN' }, retired)).toEqual([
      expect.objectContaining({ path: 'replacedBy', reason: 'an entry cannot replace itself' }),
    ]);
    expect(replacementViolations({ ...retired, replacedBy: undefined }, undefined)).toEqual([]);
  });
});

describe('entry rules', () => {
  it('accepts a well-formed entry', () => {
    expect(entryViolations(country())).toEqual([]);
  });

  it('refuses a period that ends before it starts, naming validTo', () => {
    expect(entryViolations(country({ validFrom: '2020-01-01', validTo: '2019-12-31' }))).toEqual([
      expect.objectContaining({ path: 'validTo', code: 'invalid_period' }),
    ]);
  });

  it('refuses a deprecated entry without a last day', () => {
    expect(entryViolations(country({ deprecated: true }))).toEqual([
      expect.objectContaining({ path: 'validTo', code: 'required' }),
    ]);
  });

  it('checks the code and the attributes of the list', () => {
    expect(entryViolations(country({ code: 'FRA', attributes: {} })).map((v) => v.path)).toEqual([
      'code',
      'attributes.alpha3',
      'attributes.numeric',
    ]);
  });
});
