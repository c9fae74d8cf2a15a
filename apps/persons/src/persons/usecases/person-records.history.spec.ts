import { InMemoryPersons, ivanovInCyrillic, personRecordsOver } from '../testing/persons.fixtures';
import {
  FakeReferenceCodes,
  NOW,
  analyst,
  contextOf,
  officer,
} from '../../office-records/testing/office-records.fixtures';

describe('PersonHistory', () => {
  it('lists the creation and each update with the principal id and the fields', async () => {
    const persons = new InMemoryPersons();
    const reference = new FakeReferenceCodes();
    const created = await personRecordsOver(persons, { reference }).create({
      draft: ivanovInCyrillic,
      confirmedNew: false,
      context: contextOf(officer),
    });
    if (created.outcome !== 'created') throw new Error('expected a creation');
    await personRecordsOver(persons, { reference }).update({
      id: created.person.id,
      version: 1,
      draft: { ...ivanovInCyrillic, phones: ['+33 1 23 45 67 89'] },
      context: contextOf(officer),
    });

    const reply = await personRecordsOver(persons).history({
      id: created.person.id,
      context: contextOf(analyst),
    });
    expect(reply.changes).toEqual([
      expect.objectContaining({
        version: 1,
        change: 'created',
        by: 'sub-officer-1',
        at: NOW.toISOString(),
      }),
      {
        version: 2,
        change: 'updated',
        by: 'sub-officer-1',
        at: NOW.toISOString(),
        fields: ['phones'],
      },
    ]);
  });

  it('says NOT_FOUND for an unknown person', async () => {
    await expect(
      personRecordsOver(new InMemoryPersons()).history({ id: 'x', context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
