import {
  type Person,
  type Principal,
  parseEvent,
  personMerged,
  personUnmerged,
} from '@opencen/contracts';

import {
  InMemoryPersons,
  aDraft,
  aPerson,
  ivanovInCyrillic,
  personRecordsOver,
  draftOf,
} from '../testing/persons.fixtures';
import { admin, contextOf, officer } from '../../office-records/testing/office-records.fixtures';
import { type PersonRecords } from './person-records';

const supervisor: Principal = { ...officer, sub: 'sub-supervisor', roles: ['supervisor'] };
const analyst: Principal = { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] };
const survivor = aPerson(ivanovInCyrillic, { id: 's', version: 2 });
const other = aPerson(
  aDraft({
    familyName: 'Ivanov',
    givenNames: 'Iven',
    nationalities: ['UA'],
    documents: [{ type: 'national-id', number: 'UA-9', issuingCountry: 'UA' }],
  }),
  { id: 'm', version: 1 },
);

describe('MergePersons and UnmergePersons', () => {
  let persons: InMemoryPersons;
  let records: PersonRecords;
  const request = { survivorId: 's', survivorVersion: 2, mergedId: 'm', mergedVersion: 1 };
  const stored = (id: string): Person => persons.stored.get(id)!.record;

  beforeEach(() => {
    persons = new InMemoryPersons([survivor, other]);
    records = personRecordsOver(persons);
  });

  it('merges: the survivor gains the details, the merged id resolves to it, one merged event', async () => {
    const reply = await records.merge({ ...request, context: contextOf(supervisor) });
    expect(reply).toMatchObject({
      id: 's',
      version: 4,
      aliases: [{ familyName: 'Ivanov', givenNames: 'Iven' }],
      nationalities: ['RU', 'UA'],
      merges: [expect.objectContaining({ mergeId: 'person-new-1', mergedId: 'm', state: 'done' })],
    });
    expect(stored('s')).toEqual(reply);
    expect(stored('m')).toMatchObject({ mergedInto: 's', version: 2, familyName: 'Ivanov' });
    const got = await personRecordsOver(persons).get({ id: 'm', context: contextOf(analyst) });
    expect(got).toMatchObject({ id: 's', resolvedFrom: 'm', version: 4 });
    expect(persons.events).toHaveLength(1);
    expect(parseEvent(personMerged, persons.events[0])).toMatchObject({
      subject: 'm',
      actor: 'sub-supervisor',
      data: { mergeId: 'person-new-1', survivorId: 's', mergedId: 'm', office: 'FRA-CDG' },
    });
    expect(JSON.stringify(persons.events)).not.toMatch(/Ivan|Иван/);
    expect(persons.stored.get('m')?.history.map((entry) => entry.change)).toEqual(['merged']);
  });

  it('refuses an officer, a stale version of either side, and a merged person', async () => {
    await expect(records.merge({ ...request, context: contextOf(officer) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    for (const stale of [{ survivorVersion: 1 }, { mergedVersion: 2 }]) {
      await expect(
        records.merge({ ...request, ...stale, context: contextOf(admin) }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    }
    expect(stored('s')).toEqual(survivor);
    expect(persons.events).toHaveLength(0);
    await records.merge({ ...request, context: contextOf(admin) });
    await expect(
      records.merge({
        survivorId: 'm',
        survivorVersion: 2,
        mergedId: 's',
        mergedVersion: 4,
        context: contextOf(admin),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('completes a merge interrupted after the survivor was written, when the same merge is retried', async () => {
    persons.failNextWriteOf = 'm';
    await expect(records.merge({ ...request, context: contextOf(admin) })).rejects.toThrow(
      'the process died',
    );
    expect(stored('s').merges?.[0]?.state).toBe('pending');
    expect(stored('m').mergedInto).toBeUndefined();
    expect(persons.events).toHaveLength(0);

    const reply = await records.merge({ ...request, context: contextOf(admin) });
    expect(reply.merges).toEqual([
      expect.objectContaining({ mergeId: 'person-new-1', state: 'done' }),
    ]);
    expect(stored('m').mergedInto).toBe('s');
    expect(persons.events).toHaveLength(1);
    // And once more: nothing new.
    await expect(records.merge({ ...request, context: contextOf(admin) })).resolves.toEqual(reply);
    expect(persons.events).toHaveLength(1);
  });

  it('takes the survivor back when the merged person changed during the merge', async () => {
    // The merged person's write fails on its version, as if someone updated it meanwhile.
    const update = persons.update.bind(persons);
    jest.spyOn(persons, 'update').mockImplementation(async (person, version, change, events) => {
      if (person.id === 'm') {
        persons.stored.get('m')!.record = { ...other, version: 2 };
      }
      return update(person, version, change, events);
    });
    await expect(records.merge({ ...request, context: contextOf(admin) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(draftOf(stored('s'))).toEqual(draftOf(survivor));
    expect(stored('s').merges?.[0]?.state).toBe('undone');
    expect(persons.events).toHaveLength(0);
  });

  it('undoes a merge: both as before, one unmerged event; a retry changes nothing', async () => {
    const merged = await records.merge({ ...request, context: contextOf(admin) });
    const reply = await records.unmerge({
      survivorId: 's',
      survivorVersion: merged.version,
      mergeId: 'person-new-1',
      context: contextOf(supervisor),
    });
    expect(draftOf(reply.survivor as Person)).toEqual(draftOf(survivor));
    expect(reply.survivor.merges?.[0]?.state).toBe('undone');
    expect(draftOf(reply.restored as Person)).toEqual(draftOf(other));
    expect(reply.restored.mergedInto).toBeUndefined();
    expect(stored('m')).toEqual(reply.restored);
    expect(persons.events).toHaveLength(2);
    expect(parseEvent(personUnmerged, persons.events[1])).toMatchObject({
      data: { mergeId: 'person-new-1', survivorId: 's', mergedId: 'm' },
    });
    const again = await records.unmerge({
      survivorId: 's',
      survivorVersion: merged.version,
      mergeId: 'person-new-1',
      context: contextOf(supervisor),
    });
    expect(again).toEqual(reply);
    expect(persons.events).toHaveLength(2);
    const got = await personRecordsOver(persons).get({ id: 'm', context: contextOf(analyst) });
    expect(got).toMatchObject({ id: 'm', familyName: 'Ivanov' });
    expect(got.resolvedFrom).toBeUndefined();
  });

  it('completes an undo interrupted before the merged person was restored', async () => {
    const merged = await records.merge({ ...request, context: contextOf(admin) });
    const undo = { survivorId: 's', survivorVersion: merged.version, mergeId: 'person-new-1' };
    persons.failNextWriteOf = 'm';
    await expect(records.unmerge({ ...undo, context: contextOf(admin) })).rejects.toThrow();
    expect(stored('s').merges?.[0]?.state).toBe('undoing');
    const reply = await records.unmerge({ ...undo, context: contextOf(admin) });
    expect(reply.restored.mergedInto).toBeUndefined();
    expect(reply.survivor.merges?.[0]?.state).toBe('undone');
    expect(persons.events.map((event) => event.type)).toEqual([
      personMerged.type,
      personUnmerged.type,
    ]);
  });

  it('refuses an officer an undo, and a stale version', async () => {
    const merged = await records.merge({ ...request, context: contextOf(admin) });
    const undo = { survivorId: 's', survivorVersion: merged.version, mergeId: 'person-new-1' };
    await expect(records.unmerge({ ...undo, context: contextOf(officer) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      records.unmerge({ ...undo, survivorVersion: 2, context: contextOf(admin) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
