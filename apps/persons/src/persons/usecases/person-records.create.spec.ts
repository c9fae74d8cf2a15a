import { parseEvent, personCreated } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import {
  InMemoryPersons,
  aDraft,
  aPerson,
  ivanovInCyrillic,
  personRecordsOver,
} from '../testing/persons.fixtures';
import {
  FakeReferenceCodes,
  NOW,
  admin,
  analyst,
  contextOf,
  officer,
} from '../../office-records/testing/office-records.fixtures';

import { ReferenceCodes } from '../../office-records/usecases/ports';
import { type PersonRecords } from './person-records';

/**
 * The matching core grades a Latin typo with a year-only birth date as "possible" (0.806) on names
 * and date alone; the shared nationality makes it strong (score.ts).
 */
const ivanovInLatinWithATypo = aDraft({
  familyName: 'Ivanov',
  givenNames: 'Iven',
  dateOfBirth: '1980',
  nationalities: ['RU'],
});

describe('CreatePerson', () => {
  let persons: InMemoryPersons;
  let reference: FakeReferenceCodes;
  let records: PersonRecords;

  function build(codes: ReferenceCodes = reference) {
    return personRecordsOver(persons, { reference: codes });
  }

  beforeEach(() => {
    persons = new InMemoryPersons([aPerson(ivanovInCyrillic, { id: 'known-ivanov' })]);
    reference = new FakeReferenceCodes();
    records = build();
  });

  it('returns strong candidates with their reasons and stores nothing', async () => {
    const reply = await records.create({
      draft: ivanovInLatinWithATypo,
      confirmedNew: false,
      context: contextOf(officer),
    });
    expect(reply.outcome).toBe('candidates');
    expect(reply.candidates).toEqual([
      expect.objectContaining({
        strength: 'strong',
        person: expect.objectContaining({ id: 'known-ivanov' }),
        reasons: expect.arrayContaining(['family name, transliterated: Ivanov ≈ Иванов']),
      }),
    ]);
    expect(persons.stored.size).toBe(1);
    expect(persons.events).toHaveLength(0);
  });

  it('stores the person when the officer confirms it is someone else, with its event and history', async () => {
    const reply = await records.create({
      draft: ivanovInLatinWithATypo,
      confirmedNew: true,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({
      outcome: 'created',
      person: {
        id: 'person-new-1',
        version: 1,
        office: 'FRA-CDG',
        createdBy: 'sub-officer-1',
        latinNames: ['IVANOV IVEN'],
        createdAt: NOW.toISOString(),
      },
      candidates: [expect.objectContaining({ strength: 'strong' })],
    });
    expect(persons.stored.get('person-new-1')?.history).toEqual([
      {
        version: 1,
        at: NOW,
        by: 'sub-officer-1',
        change: 'created',
        fields: [
          'familyName',
          'givenNames',
          'gender',
          'dateOfBirth',
          'nationalities',
          'classification',
        ],
      },
    ]);
    expect(persons.events).toHaveLength(1);
    const event = parseEvent(personCreated, persons.events[0]);
    expect(event).toMatchObject({
      subject: 'person-new-1',
      actor: 'sub-officer-1',
      data: { personId: 'person-new-1', office: 'FRA-CDG', version: 1 },
    });
    expect(JSON.stringify(event)).not.toMatch(/ivanov|iven|officer1/i);
  });

  it('stores a person nobody resembles without asking', async () => {
    const reply = await records.create({
      draft: aDraft({ familyName: 'Müller', givenNames: 'Anna', nationalities: ['DE'] }),
      confirmedNew: false,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({ outcome: 'created', candidates: [] });
    expect(persons.stored.size).toBe(2);
  });

  it('refuses unknown country codes naming each field, and stores nothing', async () => {
    await expect(
      records.create({
        draft: aDraft({
          familyName: 'Smith',
          nationalities: ['FR', 'QQ'],
          documents: [{ type: 'passport', number: 'X1', issuingCountry: 'QQ' }],
          addresses: [{ lines: ['1 rue'], country: 'ZZ' }],
        }),
        confirmedNew: false,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({ path: 'draft.nationalities.1' }),
        expect.objectContaining({ path: 'draft.documents.0.issuingCountry' }),
        expect.objectContaining({ path: 'draft.addresses.0.country' }),
      ],
    });
    expect(reference.asked).toEqual([['FR', 'QQ', 'ZZ']]);
    expect(persons.stored.size).toBe(1);
  });

  it('fails with the reference service error when it does not answer', async () => {
    const down = new (class extends ReferenceCodes {
      invalidCountries(): Promise<Map<string, string>> {
        return Promise.reject(new ServiceError('UNAVAILABLE', 'no reference service'));
      }
    })();
    await expect(
      build(down).create({
        draft: aDraft({ familyName: 'Smith', nationalities: ['FR'] }),
        confirmedNew: true,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(persons.stored.size).toBe(1);
  });

  it('is refused without a principal, to an analyst and to an administrator', async () => {
    const command = { draft: aDraft({ familyName: 'Smith' }), confirmedNew: true };
    await expect(records.create({ ...command, context: contextOf() })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    for (const principal of [analyst, admin]) {
      await expect(
        records.create({ ...command, context: contextOf(principal) }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(
      records.create({
        ...command,
        context: contextOf({ ...officer, office: undefined }),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
