import {
  type CaseParty,
  buildEvent,
  caseSubjectsLinked,
  caseUpdated,
  parseEvent,
  personMerged,
  personUnmerged,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { FixedClock, InMemoryCases, NOW } from '../testing/case-ports.fakes';
import { aCase } from '../testing/cases.fixtures';
import { RepointCaseParties } from './repoint-case-parties';

const merge = { mergeId: 'merge-1', survivorId: 'survivor', mergedId: 'merged' };
const mergeData = { ...merge, office: 'FRA-CDG', mergedOffice: 'FRA-CDG' };
const merged = (data = mergeData) =>
  buildEvent(personMerged, { subject: data.survivorId, correlationId: 'corr-m', actor: 'persons', data });
const unmerged = (data = mergeData) =>
  buildEvent(personUnmerged, { subject: data.survivorId, correlationId: 'corr-u', actor: 'persons', data });

const parties: CaseParty[] = [
  { subjectType: 'person', subjectId: 'merged', role: 'offender', arrested: false },
  { subjectType: 'person', subjectId: 'other', role: 'witness', arrested: false },
  { subjectType: 'person', subjectId: 'merged', role: 'driver', arrested: false },
];

describe('RepointCaseParties', () => {
  let cases: InMemoryCases;
  let repoint: RepointCaseParties;

  beforeEach(() => {
    cases = new InMemoryCases([
      aCase({ parties, version: 3 }),
      aCase({ id: 'case-2', number: 'FRACDG-2026-000002', parties: [parties[1]!] }),
    ]);
    repoint = new RepointCaseParties(cases, new FixedClock());
  });

  it('re-points every party naming the merged person to the survivor, as a recorded change with events', async () => {
    const event = merged();
    await repoint.merged(event);
    const stored = cases.get('case-1');
    expect(stored.kase.parties.map((p) => p.subjectId)).toEqual(['survivor', 'other', 'survivor']);
    expect(stored.kase).toMatchObject({ version: 4, updatedBy: 'cases' });
    expect(stored.history).toEqual([
      {
        version: 4,
        at: NOW,
        by: 'cases',
        change: 'subjects-repointed',
        fields: ['parties'],
        comment: 'persons merge merge-1',
      },
    ]);
    expect(stored.repoints).toEqual([{ ...merge, indexes: [0, 2] }]);
    expect(parseEvent(caseUpdated, cases.events[0])).toMatchObject({
      causationid: event.id,
      correlationid: 'corr-m',
      data: { fields: ['parties'], version: 4 },
    });
    expect(parseEvent(caseSubjectsLinked, cases.events[1]).data.subjects).toContainEqual({
      subjectType: 'person',
      subjectId: 'survivor',
      role: 'offender',
    });
    // The case that does not name the merged person is left alone.
    expect(cases.get('case-2').history).toHaveLength(0);
  });

  it('applies a merge once, however often it is delivered', async () => {
    await repoint.merged(merged());
    await repoint.merged(merged());
    expect(cases.get('case-1').history).toHaveLength(1);
    expect(cases.events).toHaveLength(2);
  });

  it('restores exactly the parties the merge re-pointed when it is undone, once', async () => {
    cases.get('case-1').kase.parties = [
      { subjectType: 'person', subjectId: 'survivor', role: 'suspect', arrested: false },
      ...parties,
    ];
    await repoint.merged(merged());
    await repoint.unmerged(unmerged());
    await repoint.unmerged(unmerged());
    const stored = cases.get('case-1');
    // The party that named the survivor before the merge still does.
    expect(stored.kase.parties.map((p) => p.subjectId)).toEqual([
      'survivor',
      'merged',
      'other',
      'merged',
    ]);
    expect(stored.repoints).toEqual([]);
    expect(stored.history.map((h) => h.change)).toEqual(['subjects-repointed', 'subjects-repointed']);
    expect(stored.kase.version).toBe(5);
  });

  it('does nothing for an undo of a merge that never re-pointed the case', async () => {
    await repoint.unmerged(unmerged({ ...mergeData, mergedId: 'other', mergeId: 'merge-2' }));
    expect(cases.events).toHaveLength(0);
  });

  it("retries with the fresh case when an officer's edit makes its version stale", async () => {
    const update = cases.update.bind(cases);
    let conflicts = 1;
    cases.update = async (...args) => {
      if (conflicts-- > 0) {
        // An officer's edit lands first.
        const stored = cases.get('case-1');
        stored.kase = { ...stored.kase, narrative: 'edited', version: stored.kase.version + 1 };
      }
      return update(...args);
    };
    await repoint.merged(merged());
    expect(cases.get('case-1').kase).toMatchObject({ version: 5, narrative: 'edited' });
    expect(cases.get('case-1').kase.parties[0]?.subjectId).toBe('survivor');
  });

  it('gives up on other errors', async () => {
    cases.update = () => Promise.reject(ServiceError.notFound('gone'));
    await expect(repoint.merged(merged())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
