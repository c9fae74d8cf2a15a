import { FixedClock, SequentialIds } from '@opencen/testing';
import {
  FakeReferenceCodes,
  InMemoryPersons,
  NOW,
  analyst,
  contextOf,
  ivanovInCyrillic,
  matchingOptions,
  officer,
} from '../testing/persons.fixtures';
import { CandidateSearch } from './candidates';
import { CreatePerson } from './create-person';
import { PersonHistory } from './person-history';
import { UpdatePerson } from './update-person';

describe('PersonHistory', () => {
  it('lists the creation and each update with the principal id and the fields', async () => {
    const persons = new InMemoryPersons();
    const reference = new FakeReferenceCodes();
    const created = await new CreatePerson(
      persons,
      new CandidateSearch(persons, matchingOptions),
      reference,
      new FixedClock(NOW),
      new SequentialIds('person-new'),
    ).execute({ draft: ivanovInCyrillic, confirmedNew: false, context: contextOf(officer) });
    if (created.outcome !== 'created') throw new Error('expected a creation');
    await new UpdatePerson(persons, reference, new FixedClock(NOW)).execute({
      id: created.person.id,
      version: 1,
      draft: { ...ivanovInCyrillic, phones: ['+33 1 23 45 67 89'] },
      context: contextOf(officer),
    });

    const reply = await new PersonHistory(persons).execute({
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
      new PersonHistory(new InMemoryPersons()).execute({ id: 'x', context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
