import { FixedClock } from '@opencen/testing';
import { type ReferenceList } from '@opencen/contracts';
import { createLogger } from '@opencen/nest-kit';

import { type NewEntry } from '../domain/entry';
import { NOW, InMemoryEntries, anEntry } from '../testing/entries.fixtures';
import { SeedLists } from './seed-lists';
import { SeedSources } from './ports';

class StubSources extends SeedSources {
  constructor(readonly byList: Partial<Record<ReferenceList, NewEntry[]>>) {
    super();
  }

  async load(list: ReferenceList): Promise<NewEntry[] | null> {
    return this.byList[list] ?? null;
  }
}

const country = (code: string, en: string, alpha3: string): NewEntry => ({
  list: 'countries',
  code,
  labels: { en },
  attributes: { alpha3, numeric: '001' },
  validFrom: '1900-01-01',
});

describe('SeedLists', () => {
  const logger = createLogger('reference', 'silent');
  let entries: InMemoryEntries;
  let sources: StubSources;
  let seed: SeedLists;

  beforeEach(() => {
    entries = new InMemoryEntries();
    sources = new StubSources({
      countries: [country('FR', 'France', 'FRA'), country('DE', 'Germany', 'DEU')],
    });
    seed = new SeedLists(entries, sources, new FixedClock(NOW), logger);
  });

  it('inserts every entry of a list once, emitting no events', async () => {
    const [result] = await seed.execute(['countries']);
    expect(result).toMatchObject({ list: 'countries', outcome: 'seeded', entries: 2, inserted: 2 });
    expect(entries.stored.get('countries/FR')).toMatchObject({ version: 1, deprecated: false });
    expect(entries.events).toHaveLength(0);
  });

  it('does nothing on a second run from the same source', async () => {
    await seed.execute(['countries']);
    const insertMissing = jest.spyOn(entries, 'insertMissing');
    const [again] = await seed.execute(['countries']);
    expect(again).toMatchObject({ outcome: 'already seeded', inserted: 0 });
    expect(insertMissing).not.toHaveBeenCalled();
  });

  it("adds the new codes of a changed source and never overwrites an administrator's change", async () => {
    entries.stored.set(
      'countries/FR',
      anEntry({ labels: { en: 'France (changed by an admin)' }, version: 2 }),
    );
    await seed.execute(['countries']);
    sources.byList.countries = [...sources.byList.countries!, country('IT', 'Italy', 'ITA')];
    const [result] = await seed.execute(['countries']);
    expect(result).toMatchObject({ outcome: 'seeded', entries: 3, inserted: 1 });
    expect(entries.stored.get('countries/FR')).toMatchObject({
      labels: { en: 'France (changed by an admin)' },
      version: 2,
    });
    expect(entries.stored.get('countries/IT')).toBeDefined();
  });

  it('skips a list without a source', async () => {
    await expect(seed.execute(['units'])).resolves.toEqual([
      expect.objectContaining({ list: 'units', outcome: 'no source', inserted: 0 }),
    ]);
  });

  it('refuses a source that breaks the list rules or repeats a code, inserting nothing', async () => {
    sources.byList.countries = [country('FR', 'France', 'FRA'), country('FRA', 'France', 'FRA')];
    await expect(seed.execute(['countries'])).rejects.toThrow(
      /The seed of countries breaks the list's rules: FRA: code/,
    );
    sources.byList.countries = [country('FR', 'France', 'FRA'), country('FR', 'France', 'FRA')];
    await expect(seed.execute(['countries'])).rejects.toThrow(/FR: appears twice/);
    expect(entries.stored.size).toBe(0);
    expect(await entries.seedRecord('countries')).toBeNull();
  });
});
