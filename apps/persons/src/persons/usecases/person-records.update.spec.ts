import { type PersonDraft, parseEvent, personDraftSchema, personUpdated } from '@opencen/contracts';
import { changedFields, givenFields } from '@opencen/nest-kit';

import { PERSON_DRAFT_FIELDS } from '../domain/person';

import {
  InMemoryPersons,
  aPerson,
  ivanovInCyrillic,
  personRecordsOver,
} from '../testing/persons.fixtures';
import {
  NOW,
  admin,
  contextOf,
  officer,
  officerOfAnotherOffice,
} from '../../office-records/testing/office-records.fixtures';
import { type PersonRecords } from './person-records';

describe('UpdatePerson', () => {
  let persons: InMemoryPersons;
  let records: PersonRecords;
  const changed = { ...ivanovInCyrillic, occupation: 'driver', nationalities: ['RU', 'UA'] };

  beforeEach(() => {
    persons = new InMemoryPersons([aPerson(ivanovInCyrillic, { id: 'p1', version: 2 })]);
    records = personRecordsOver(persons);
  });

  it('replaces the details, bumps the version and records the changed fields', async () => {
    const reply = await records.update({
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
    const reply = await records.update({
      id: 'p1',
      version: 2,
      draft: withoutDate,
      context: contextOf(officer),
    });
    expect(reply).not.toHaveProperty('dateOfBirth');
    expect(persons.stored.get('p1')?.history[0]?.fields).toEqual(['dateOfBirth']);
  });

  it('stores nothing and emits nothing when nothing changes', async () => {
    const reply = await records.update({
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
      records.update({ id: 'p1', version: 1, draft: changed, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version', code: 'stale_version' })],
    });
    expect(persons.stored.get('p1')?.record.version).toBe(2);
    expect(persons.events).toHaveLength(0);
  });

  it('refuses an officer of another office, an admin and a supervisor of another office', async () => {
    const supervisorElsewhere = { ...officerOfAnotherOffice, roles: ['supervisor' as const] };
    for (const principal of [officerOfAnotherOffice, admin, supervisorElsewhere]) {
      await expect(
        records.update({
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
    const reply = await records.update({
      id: 'p1',
      version: 2,
      draft: changed,
      context: contextOf(supervisor),
    });
    expect(reply).toMatchObject({ version: 3, updatedBy: 'sub-supervisor' });
    const investigator = { ...officer, sub: 'sub-investigator', roles: ['investigator' as const] };
    await expect(
      records.update({
        id: 'p1',
        version: 3,
        draft: ivanovInCyrillic,
        context: contextOf(investigator),
      }),
    ).resolves.toMatchObject({ version: 4 });
  });

  it('says NOT_FOUND for an unknown person', async () => {
    await expect(
      records.update({
        id: 'nobody',
        version: 1,
        draft: changed,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an unknown country naming its field', async () => {
    await expect(
      records.update({
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

describe('the fields of a person draft', () => {
  const draft = (input: Partial<PersonDraft> & { familyName: string }): PersonDraft =>
    personDraftSchema.parse(input);

  it('names the top-level fields that changed, ignoring key order and empty lists', () => {
    const before = draft({
      familyName: 'Ivanov',
      documents: [{ type: 'passport', number: '1', issuingCountry: 'RU' }],
    });
    const after = draft({
      familyName: 'Ivanov',
      occupation: 'driver',
      documents: [{ issuingCountry: 'RU', number: '1', type: 'passport' }],
    });
    expect(changedFields(PERSON_DRAFT_FIELDS, before, after)).toEqual(['occupation']);
    expect(changedFields(PERSON_DRAFT_FIELDS, before, before)).toEqual([]);
    expect(givenFields(PERSON_DRAFT_FIELDS, before)).toEqual([
      'familyName',
      'gender',
      'documents',
      'classification',
    ]);
  });
});
