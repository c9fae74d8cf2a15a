import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LANGUAGES, REFERENCE_LISTS } from '@opencen/contracts';

import { createEntry, entryViolations } from '../../domain/entry';
import { BundledSeedSources } from './bundled-seed-sources';

const DATA_DIR = path.join(__dirname, '../../../../data');

describe('bundled seed sources', () => {
  const sources = new BundledSeedSources(DATA_DIR);

  it('give every ISO 3166-1 country with alpha-3, numeric code and labels in the six languages', async () => {
    const countries = (await sources.load('countries'))!;
    expect(countries.length).toBeGreaterThanOrEqual(249);
    const france = countries.find((entry) => entry.code === 'FR');
    expect(france).toMatchObject({
      attributes: { alpha3: 'FRA', numeric: '250' },
      labels: {
        en: 'France',
        fr: 'France',
        es: 'Francia',
        ru: 'Франция',
        ar: 'فرنسا',
        pt: 'França',
      },
    });
    expect(countries.every((entry) => LANGUAGES.every((language) => entry.labels[language]))).toBe(
      true,
    );
  });

  it('give ISO 4217 currencies with English names from the package and the rest from CLDR', async () => {
    const currencies = (await sources.load('currencies'))!;
    expect(currencies.length).toBeGreaterThanOrEqual(150);
    expect(currencies.find((entry) => entry.code === 'EUR')).toMatchObject({
      labels: { en: 'Euro', fr: 'euro', ar: 'يورو' },
      attributes: { numeric: '978', minorUnits: 2 },
    });
  });

  it.each(REFERENCE_LISTS)(
    'give %s entries that follow the list rules, each code once',
    async (list) => {
      const seed = await sources.load(list);
      if (seed === null) return; // no data file for this list (yet): the seed skips it and says so
      const now = new Date();
      const problems = seed.flatMap((fields) =>
        entryViolations(createEntry(fields, now)).map(
          (violation) => `${fields.code}: ${violation.path} ${violation.reason}`,
        ),
      );
      expect(problems).toEqual([]);
      const codes = seed.map((entry) => entry.code);
      expect(new Set(codes).size).toBe(codes.length);
    },
  );

  describe('a JSON seed file', () => {
    it('is read with defaults for what it leaves out', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'reference-seed-'));
      await writeFile(
        path.join(dir, 'units.json'),
        JSON.stringify({
          list: 'units',
          source: 'test',
          entries: [{ code: 'KGM', labels: { en: 'Kilogram' } }],
        }),
      );
      await expect(new BundledSeedSources(dir).load('units')).resolves.toEqual([
        {
          list: 'units',
          code: 'KGM',
          labels: { en: 'Kilogram' },
          attributes: {},
          validFrom: '1900-01-01',
        },
      ]);
    });

    it('is refused with the path of what is wrong in it', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'reference-seed-'));
      await writeFile(
        path.join(dir, 'units.json'),
        JSON.stringify({
          list: 'currencies',
          source: 'test',
          entries: [{ code: 'KGM', labels: { fr: 'Kilogramme' } }],
        }),
      );
      await expect(new BundledSeedSources(dir).load('units')).rejects.toThrow(
        /units\.json is invalid: list: .*; entries\.0\.labels\.en: /,
      );
    });

    it('is optional: no file, no seed', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'reference-seed-'));
      await expect(new BundledSeedSources(dir).load('units')).resolves.toBeNull();
    });
  });
});
