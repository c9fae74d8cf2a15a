import {
  InMemoryPersons,
  aDraft,
  aPerson,
  ivanovInCyrillic,
  personRecordsOver,
} from '../testing/persons.fixtures';
import { admin, analyst, contextOf } from '../../office-records/testing/office-records.fixtures';

describe('MatchPersons', () => {
  const persons = new InMemoryPersons([
    aPerson(ivanovInCyrillic, { id: 'ivanov' }),
    aPerson(aDraft({ familyName: 'Petrov', givenNames: 'Ivan', dateOfBirth: '1975' }), {
      id: 'petrov',
    }),
  ]);
  const matchPersons = personRecordsOver(persons);

  it('returns scored candidates best first, without the weak ones, and writes nothing', async () => {
    const reply = await matchPersons.match({
      draft: aDraft({ familyName: 'Ivanov', givenNames: 'Ivan', dateOfBirth: '1980-05' }),
      limit: 10,
      context: contextOf(analyst),
    });
    expect(reply.candidates.map((c) => [c.person.id, c.strength])).toEqual([['ivanov', 'strong']]);
    expect(reply.candidates[0]?.reasons).toContain(
      'birth year and month equal (1980-05 / 1980-05-12)',
    );
    expect(persons.events).toHaveLength(0);
  });

  it('finds a person by an equal document number alone', async () => {
    const reply = await matchPersons.match({
      draft: aDraft({
        familyName: 'Unknown',
        documents: [{ type: 'passport', number: '751234567' }],
      }),
      limit: 10,
      context: contextOf(analyst),
    });
    expect(reply.candidates[0]).toMatchObject({
      person: { id: 'ivanov' },
      strength: 'strong',
      reasons: expect.arrayContaining(['passport number equal after normalisation']),
    });
  });

  it('is refused to an administrator', async () => {
    await expect(
      matchPersons.match({ draft: ivanovInCyrillic, limit: 10, context: contextOf(admin) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
