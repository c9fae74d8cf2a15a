import { type PersonDraft } from '@opencen/contracts';

import { InMemoryPersons, aDraft, aPerson } from '../testing/persons.fixtures';
import { matchingOptions, officer } from '../../office-records/testing/office-records.fixtures';
import { CandidateSearch } from './candidates';

/** Drafts scored against the wanted Ivanov Ivan born 1980-05-12, best first. */
const ivanov = (dateOfBirth?: string, familyName = 'Ivanov'): PersonDraft =>
  aDraft({ familyName, givenNames: 'Ivan', ...(dateOfBirth ? { dateOfBirth } : {}) });
const wanted = ivanov('1980-05-12');
const sameDay = ivanov('1980-05-12'); // strong, 0.95
const typo = ivanov('1980-05-12', 'Ivanow'); // strong, 0.93
const sameYear = ivanov('1980'); // possible, 0.83
const noDate = ivanov(); // possible, 0.80
const otherYear = ivanov('1955'); // weak

describe('CandidateSearch', () => {
  const idsOf = (candidates: { person: { id: string } }[]) => candidates.map((c) => c.person.id);

  it('scores every candidate from what the index holds and reads only the chosen ones', async () => {
    const persons = new InMemoryPersons([
      aPerson(sameDay, { id: 'a' }),
      aPerson(typo, { id: 'b' }),
      aPerson(sameYear, { id: 'c' }),
      aPerson(noDate, { id: 'd' }),
      aPerson(otherYear, { id: 'e' }),
      // Stored as the best of all, but its update is not indexed yet: ranked as indexed.
      aPerson(sameDay, { id: 'f', version: 2 }),
    ]);
    persons.lagging.set('f', aPerson(otherYear, { id: 'f' }));

    const candidates = await new CandidateSearch(persons, matchingOptions).find(wanted, 2, officer);

    expect(candidates.map((c) => [c.person.id, c.strength])).toEqual([
      ['a', 'strong'],
      ['b', 'strong'],
    ]);
    expect([...persons.readsById].sort()).toEqual(['a', 'b']);
  });

  it('describes each chosen person as stored, not as indexed, best first by that', async () => {
    const persons = new InMemoryPersons([
      aPerson(sameDay, { id: 'a', version: 2 }),
      aPerson(noDate, { id: 'b', version: 2 }),
      aPerson(sameYear, { id: 'c' }),
    ]);
    // The index still holds older versions: `a` ranked below `c`, `b` above both.
    persons.lagging.set('a', aPerson(noDate, { id: 'a' }));
    persons.lagging.set('b', aPerson(sameDay, { id: 'b' }));

    const candidates = await new CandidateSearch(persons, matchingOptions).find(wanted, 2, officer);

    // `b` and `c` were chosen from the index; `b` is now below `c`.
    expect(candidates.map((c) => [c.person.id, c.person.version, c.strength])).toEqual([
      ['c', 1, 'possible'],
      ['b', 2, 'possible'],
    ]);
    expect(candidates[1]?.person.dateOfBirth).toBeUndefined();
    expect(candidates[1]?.reasons).not.toContain('date of birth equal');
    expect([...persons.readsById].sort()).toEqual(['b', 'c']);

    const best = await new CandidateSearch(persons, matchingOptions).find(wanted, 3, officer);
    expect(best.map((c) => [c.person.id, c.strength])).toEqual([
      ['a', 'strong'],
      ['c', 'possible'],
      ['b', 'possible'],
    ]);
    expect(best[0]?.reasons).toContain('date of birth equal');
  });

  it('leaves out chosen persons merged or weak since indexed, and reads the next ones', async () => {
    const persons = new InMemoryPersons([
      aPerson(sameDay, { id: 'a', version: 2, mergedInto: 'x' }),
      aPerson(otherYear, { id: 'b', version: 2 }),
      aPerson(sameYear, { id: 'c' }),
      aPerson(noDate, { id: 'd' }),
      aPerson(otherYear, { id: 'e' }),
      aPerson(aDraft({ familyName: 'Sidorov' }), { id: 'x' }),
    ]);
    persons.lagging.set('a', aPerson(sameDay, { id: 'a' }));
    persons.lagging.set('b', aPerson(typo, { id: 'b' }));

    const candidates = await new CandidateSearch(persons, matchingOptions).find(wanted, 2, officer);

    expect(idsOf(candidates)).toEqual(['c', 'd']);
    // The weak one of the index (`e`) is never read.
    expect(persons.readsById).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads nothing when no candidate of the index is worth a look', async () => {
    const persons = new InMemoryPersons([aPerson(otherYear, { id: 'e' })]);

    expect(await new CandidateSearch(persons, matchingOptions).find(wanted, 10, officer)).toEqual(
      [],
    );
    expect(persons.readsById).toEqual([]);
  });

  it('leaves out the persons above the reader’s clearance, and fills in with the next ones', async () => {
    const persons = new InMemoryPersons([
      aPerson(sameDay, { id: 'a', classification: 'confidential' }),
      aPerson(typo, { id: 'b' }),
      aPerson(sameYear, { id: 'c', classification: 'secret' }),
      aPerson(noDate, { id: 'd' }),
    ]);
    const search = new CandidateSearch(persons, matchingOptions);
    expect(idsOf(await search.find(wanted, 2, officer))).toEqual(['b', 'd']);
    expect(idsOf(await search.find(wanted, 2, { ...officer, clearance: 'confidential' }))).toEqual([
      'a',
      'b',
    ]);
    expect(idsOf(await search.find(wanted, 4, { ...officer, clearance: 'secret' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});
