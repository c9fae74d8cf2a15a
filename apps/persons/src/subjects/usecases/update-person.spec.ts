import { FixedClock } from '@opencen/testing';
import { parseEvent, personUpdated } from '@opencen/contracts';

import {
  FakeReferenceCodes,
  InMemoryPersons,
  NOW,
  aPerson,
  admin,
  contextOf,
  ivanovInCyrillic,
  officer,
  officerOfAnotherOffice,
} from '../testing/persons.fixtures';
import { UpdatePerson } from './update-person';

describe('UpdatePerson', () => {
  let persons: InMemoryPersons;
  let updatePerson: UpdatePerson;
  const changed = { ...ivanovInCyrillic, occupation: 'driver', nationalities: ['RU', 'UA'] };

  beforeEach(() => {
    persons = new InMemoryPersons([aPerson(ivanovInCyrillic, { id: 'p1', version: 2 })]);
    updatePerson = new UpdatePerson(persons, new FakeReferenceCodes(), new FixedClock(NOW));
  });

  it('replaces the details, bumps the version and records the changed fields', async () => {
    const reply = await updatePerson.execute({
      id: 'p1',
      version: 2,
      draft: changed,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({
      version: 3,
      occupation: 'driver',
      updatedBy: 'sub-officer-1',
      latinNames: ['IVANOV IVAN'],
    });
    expect(persons.stored.get('p1')?.history).toEqual([
      {
        version: 3,
        at: NOW,
        by: 'sub-officer-1',
        change: 'updated',
        fields: ['nationalities', 'occupation'],
      },
    ]);
    expect(parseEvent(personUpdated, persons.events[0])).toMatchObject({
      actor: 'sub-officer-1',
      data: { personId: 'p1', version: 3, fields: ['nationalities', 'occupation'] },
    });
  });

  it('drops optional fields left out of the draft', async () => {
    const { dateOfBirth: _dateOfBirth, ...withoutDate } = ivanovInCyrillic;
    const reply = await updatePerson.execute({
      id: 'p1',
      version: 2,
      draft: withoutDate,
      context: contextOf(officer),
    });
    expect(reply).not.toHaveProperty('dateOfBirth');
    expect(persons.stored.get('p1')?.history[0]?.fields).toEqual(['dateOfBirth']);
  });

  it('stores nothing and emits nothing when nothing changes', async () => {
    const reply = await updatePerson.execute({
      id: 'p1',
      version: 2,
      draft: ivanovInCyrillic,
      context: contextOf(officer),
    });
    expect(reply.version).toBe(2);
    expect(persons.events).toHaveLength(0);
  });

  it('says CONFLICT naming version for a stale version, and changes nothing', async () => {
    await expect(
      updatePerson.execute({ id: 'p1', version: 1, draft: changed, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version', code: 'stale_version' })],
    });
    expect(persons.stored.get('p1')?.person.version).toBe(2);
    expect(persons.events).toHaveLength(0);
  });

  it('refuses an officer of another office, an admin and a supervisor of another office', async () => {
    const supervisorElsewhere = { ...officerOfAnotherOffice, roles: ['supervisor' as const] };
    for (const principal of [officerOfAnotherOffice, admin, supervisorElsewhere]) {
      await expect(
        updatePerson.execute({
          id: 'p1',
          version: 2,
          draft: changed,
          context: contextOf(principal),
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(persons.events).toHaveLength(0);
  });

  it('lets a supervisor or an investigator of the owning office update', async () => {
    const supervisor = { ...officer, sub: 'sub-supervisor', roles: ['supervisor' as const] };
    const reply = await updatePerson.execute({
      id: 'p1',
      version: 2,
      draft: changed,
      context: contextOf(supervisor),
    });
    expect(reply).toMatchObject({ version: 3, updatedBy: 'sub-supervisor' });
    const investigator = { ...officer, sub: 'sub-investigator', roles: ['investigator' as const] };
    await expect(
      updatePerson.execute({
        id: 'p1',
        version: 3,
        draft: ivanovInCyrillic,
        context: contextOf(investigator),
      }),
    ).resolves.toMatchObject({ version: 4 });
  });

  it('says NOT_FOUND for an unknown person', async () => {
    await expect(
      updatePerson.execute({
        id: 'nobody',
        version: 1,
        draft: changed,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an unknown country naming its field', async () => {
    await expect(
      updatePerson.execute({
        id: 'p1',
        version: 2,
        draft: { ...changed, nationalities: ['RU', 'QQ'] },
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.nationalities.1' })],
    });
  });
});
