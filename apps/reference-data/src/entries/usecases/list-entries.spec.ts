import { InMemoryEntries, anEntry } from '../testing/entries.fixtures';
import { ListEntries, type ListEntriesQuery } from './list-entries';

describe('ListEntries', () => {
  const query: ListEntriesQuery = {
    list: 'countries',
    language: 'fr',
    includeDeprecated: false,
    limit: 2,
  };
  const codes = ['AD', 'AE', 'AF'];
  let entries: InMemoryEntries;
  let listEntries: ListEntries;

  beforeEach(() => {
    entries = new InMemoryEntries();
    entries.findPage.mockImplementation(async (page) =>
      codes
        .filter((code) => page.afterCode === undefined || code > page.afterCode)
        .slice(0, page.limit)
        .map((code) => anEntry({ code, labels: { en: `en ${code}`, fr: `fr ${code}` } })),
    );
    listEntries = new ListEntries(entries);
  });

  it('asks for one entry more than the page, to know whether there is a next one', async () => {
    const page = await listEntries.execute(query);
    expect(entries.findPage).toHaveBeenCalledWith({
      list: 'countries',
      words: [],
      activeAt: undefined,
      includeDeprecated: false,
      afterCode: undefined,
      limit: 3,
    });
    expect(page.items.map((item) => [item.code, item.label, item.labelLanguage])).toEqual([
      ['AD', 'fr AD', 'fr'],
      ['AE', 'fr AE', 'fr'],
    ]);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('continues after the cursor, which is opaque, and gives none on the last page', async () => {
    const first = await listEntries.execute(query);
    expect(first.nextCursor).not.toContain('AE');
    const second = await listEntries.execute({ ...query, cursor: first.nextCursor });
    expect(entries.findPage).toHaveBeenLastCalledWith(expect.objectContaining({ afterCode: 'AE' }));
    expect(second.items.map((item) => item.code)).toEqual(['AF']);
    expect(second).not.toHaveProperty('nextCursor');
  });

  it('passes the text as normalized words, and the day and deprecation filters', async () => {
    await listEntries.execute({
      ...query,
      text: "Côte d'Iv",
      activeAt: '2020-01-01',
      includeDeprecated: true,
    });
    expect(entries.findPage).toHaveBeenCalledWith(
      expect.objectContaining({
        words: ['cote', 'd', 'iv'],
        activeAt: '2020-01-01',
        includeDeprecated: true,
      }),
    );
  });

  it('finds nothing for a text without letters or digits, without asking the store', async () => {
    await expect(listEntries.execute({ ...query, text: '--' })).resolves.toEqual({ items: [] });
    expect(entries.findPage).not.toHaveBeenCalled();
  });

  it('refuses a cursor that is not one, or belongs to another list', async () => {
    const { nextCursor } = await listEntries.execute(query);
    for (const cursor of ['garbage', nextCursor!]) {
      await expect(
        listEntries.execute({
          ...query,
          list: cursor === 'garbage' ? 'countries' : 'currencies',
          cursor,
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'cursor' })],
      });
    }
  });
});
