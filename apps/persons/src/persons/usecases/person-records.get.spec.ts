import {
  InMemoryPersons,
  aPerson,
  ivanovInCyrillic,
  personRecordsOver,
} from '../testing/persons.fixtures';
import { admin, analyst, contextOf } from '../../office-records/testing/office-records.fixtures';

describe('GetPerson', () => {
  const records = personRecordsOver(new InMemoryPersons([aPerson(ivanovInCyrillic, { id: 'p1' })]));

  it('gets a person for a reader, NOT_FOUND for an unknown id', async () => {
    await expect(records.get({ id: 'p1', context: contextOf(analyst) })).resolves.toMatchObject({
      id: 'p1',
      familyName: 'Иванов',
    });
    await expect(records.get({ id: 'p2', context: contextOf(analyst) })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('is refused to an administrator and without a principal', async () => {
    await expect(records.get({ id: 'p1', context: contextOf(admin) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(records.get({ id: 'p1', context: contextOf() })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
