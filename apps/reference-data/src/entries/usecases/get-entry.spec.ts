import { InMemoryEntries, anEntry } from '../testing/entries.fixtures';
import { GetEntry } from './get-entry';

describe('GetEntry', () => {
  const retired = anEntry({
    code: 'AN',
    labels: { en: 'Netherlands Antilles', fr: 'Antilles néerlandaises' },
    deprecated: true,
    validTo: '2010-10-09',
  });
  const getEntry = new GetEntry(new InMemoryEntries([anEntry(), retired]));

  it('returns the entry with its label in the language asked for', async () => {
    await expect(
      getEntry.execute({ list: 'countries', code: 'FR', language: 'ar' }),
    ).resolves.toMatchObject({
      code: 'FR',
      label: 'فرنسا',
      labelLanguage: 'ar',
      labels: { en: 'France', fr: 'France', ar: 'فرنسا' },
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('falls back to English and says so', async () => {
    await expect(
      getEntry.execute({ list: 'countries', code: 'FR', language: 'ru' }),
    ).resolves.toMatchObject({
      label: 'France',
      labelLanguage: 'en',
    });
  });

  it('returns a deprecated entry with its old labels, so old records still resolve', async () => {
    await expect(
      getEntry.execute({ list: 'countries', code: 'AN', language: 'fr' }),
    ).resolves.toMatchObject({
      label: 'Antilles néerlandaises',
      deprecated: true,
      validTo: '2010-10-09',
    });
  });

  it('says NOT_FOUND for an unknown code', async () => {
    await expect(
      getEntry.execute({ list: 'countries', code: 'QQ', language: 'en' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No entry QQ in countries',
    });
  });
});
