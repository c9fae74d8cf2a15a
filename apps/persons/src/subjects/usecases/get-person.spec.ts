import {
  InMemoryPersons,
  aPerson,
  admin,
  analyst,
  contextOf,
  ivanovInCyrillic,
} from '../testing/persons.fixtures';
import { GetPerson } from './get-person';

describe('GetPerson', () => {
  const getPerson = new GetPerson(new InMemoryPersons([aPerson(ivanovInCyrillic, { id: 'p1' })]));

  it('gets a person for a reader, NOT_FOUND for an unknown id', async () => {
    await expect(
      getPerson.execute({ id: 'p1', context: contextOf(analyst) }),
    ).resolves.toMatchObject({
      id: 'p1',
      familyName: 'Иванов',
    });
    await expect(
      getPerson.execute({ id: 'p2', context: contextOf(analyst) }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('is refused to an administrator and without a principal', async () => {
    await expect(getPerson.execute({ id: 'p1', context: contextOf(admin) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(getPerson.execute({ id: 'p1', context: contextOf() })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
