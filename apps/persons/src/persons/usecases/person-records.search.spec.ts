import {
  InMemoryPersons,
  aDraft,
  aPerson,
  ivanovInCyrillic,
  personRecordsOver,
} from '../testing/persons.fixtures';
import { contextOf, officer } from '../../office-records/testing/office-records.fixtures';

describe('SearchPersons', () => {
  const persons = new InMemoryPersons([
    aPerson(ivanovInCyrillic, { id: 'a-ivanov' }),
    aPerson(aDraft({ familyName: 'Ivanova', givenNames: 'Maria' }), { id: 'b-ivanova' }),
    aPerson(aDraft({ familyName: 'Ivanov', givenNames: 'Petr' }), { id: 'c-ivanov' }),
    aPerson(aDraft({ familyName: 'Smith', documents: [{ type: 'passport', number: 'AB 123' }] }), {
      id: 'd-smith',
    }),
  ]);
  const searchPersons = personRecordsOver(persons);
  const context = contextOf(officer);

  it('finds a Cyrillic record by its Latin name, best match first', async () => {
    const reply = await searchPersons.search({ name: 'Ivanov Ivan', limit: 20, context });
    expect(reply.items.map((p) => p.id)[0]).toBe('a-ivanov');
    expect(reply.items.map((p) => p.id)).not.toContain('d-smith');
  });

  it('pages with an opaque cursor, each person once', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchPersons.search({
        name: 'Ivanov',
        limit: 1,
        context,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...ids].sort()).toEqual(['a-ivanov', 'b-ivanova', 'c-ivanov']);
  });

  it('leaves out the persons above the caller’s clearance, and pages over the rest', async () => {
    const classified = personRecordsOver(
      new InMemoryPersons([
        aPerson(ivanovInCyrillic, { id: 'a-ivanov', classification: 'secret' }),
        aPerson(aDraft({ familyName: 'Ivanov', givenNames: 'Petr' }), { id: 'c-ivanov' }),
      ]),
    );
    const search = (clearance: 'restricted' | 'secret') =>
      classified.search({
        name: 'Ivanov',
        limit: 1,
        context: contextOf({ ...officer, clearance }),
      });
    const restricted = await search('restricted');
    expect(restricted.items.map((p) => p.id)).toEqual(['c-ivanov']);
    expect(restricted.nextCursor).toBeUndefined();
    expect((await search('secret')).nextCursor).toBeDefined();
  });

  it('finds by document number exactly after normalisation', async () => {
    const reply = await searchPersons.search({ documentNumber: 'ab-123', limit: 20, context });
    expect(reply.items.map((p) => p.id)).toEqual(['d-smith']);
  });

  it('refuses a cursor it did not give', async () => {
    await expect(
      searchPersons.search({ name: 'Ivanov', limit: 5, cursor: 'nonsense', context }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'cursor' })],
    });
  });

  it('is refused without a principal', async () => {
    await expect(
      searchPersons.search({ name: 'Ivanov', limit: 5, context: contextOf() }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
