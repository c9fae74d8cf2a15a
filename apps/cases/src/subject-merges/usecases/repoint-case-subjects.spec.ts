import {
  type CaseParty,
  buildEvent,
  caseSubjectsLinked,
  caseUpdated,
  companyMerged,
  companyUnmerged,
  conveyanceMerged,
  conveyanceUnmerged,
  parseEvent,
  personMerged,
  personUnmerged,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { FixedClock } from '@opencen/testing';

import { InMemoryCases, NOW } from '../../cases/testing/case-ports.fakes';
import { InMemoryCaseIndex } from '../../search/testing/case-index.fakes';
import { aCase } from '../../cases/testing/cases.fixtures';
import { RepointCaseSubjects } from './repoint-case-subjects';

const merge = { mergeId: 'merge-1', survivorId: 'survivor', mergedId: 'merged' };
const mergeData = { ...merge, office: 'FRA-CDG', mergedOffice: 'FRA-CDG' };
const merged = (data = mergeData) =>
  buildEvent(personMerged, {
    subject: data.survivorId,
    correlationId: 'corr-m',
    actor: 'persons',
    data,
  });
const unmerged = (data = mergeData) =>
  buildEvent(personUnmerged, {
    subject: data.survivorId,
    correlationId: 'corr-u',
    actor: 'persons',
    data,
  });

const parties: CaseParty[] = [
  { subjectType: 'person', subjectId: 'merged', role: 'offender', arrested: false },
  { subjectType: 'person', subjectId: 'other', role: 'witness', arrested: false },
  { subjectType: 'person', subjectId: 'merged', role: 'driver', arrested: false },
];

describe('RepointCaseSubjects', () => {
  let cases: InMemoryCases;
  let repoint: RepointCaseSubjects;

  beforeEach(() => {
    cases = new InMemoryCases([
      aCase({ parties, version: 3 }),
      aCase({ id: 'case-2', number: 'FRACDG-2026-000002', parties: [parties[1]!] }),
    ]);
    repoint = new RepointCaseSubjects(cases, new InMemoryCaseIndex(cases), new FixedClock(NOW));
  });

  it('re-points every party naming the merged person to the survivor, as a recorded change with events', async () => {
    const event = merged();
    await repoint.merged('person', event);
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
        comment: 'person merge merge-1',
      },
    ]);
    expect(stored.repoints).toEqual([{ ...merge, subjectType: 'person', indexes: [0, 2] }]);
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
    await repoint.merged('person', merged());
    await repoint.merged('person', merged());
    expect(cases.get('case-1').history).toHaveLength(1);
    expect(cases.events).toHaveLength(2);
  });

  it('restores exactly the parties the merge re-pointed when it is undone, once', async () => {
    cases.get('case-1').kase.parties = [
      { subjectType: 'person', subjectId: 'survivor', role: 'suspect', arrested: false },
      ...parties,
    ];
    await repoint.merged('person', merged());
    await repoint.unmerged('person', unmerged());
    await repoint.unmerged('person', unmerged());
    const stored = cases.get('case-1');
    // The party that named the survivor before the merge still does.
    expect(stored.kase.parties.map((p) => p.subjectId)).toEqual([
      'survivor',
      'merged',
      'other',
      'merged',
    ]);
    expect(stored.repoints).toEqual([
      { ...merge, subjectType: 'person', indexes: [1, 3], undone: true },
    ]);
    expect(stored.history.map((h) => h.change)).toEqual([
      'subjects-repointed',
      'subjects-repointed',
    ]);
    expect(stored.kase.version).toBe(5);
    // A late or replayed delivery of the merge (a new durable starts at the stream's beginning).
    await repoint.merged('person', merged());
    expect(cases.get('case-1').kase.version).toBe(5);
  });

  it('waits for the cases index, and leaves the merge to a later delivery while it is behind', async () => {
    const index = new InMemoryCaseIndex(cases);
    index.behind = true;
    const waiting = new RepointCaseSubjects(cases, index, new FixedClock(NOW));
    await expect(waiting.merged('person', merged())).rejects.toThrow(/behind/);
    expect(cases.get('case-1').kase.version).toBe(3);
  });

  describe('of companies and conveyances', () => {
    const company = (subjectId: string, role: CaseParty['role'] = 'owner'): CaseParty => ({
      subjectType: 'company',
      subjectId,
      role,
      arrested: false,
    });
    const common = { subject: 'survivor', correlationId: 'corr-c', actor: 'persons' };

    beforeEach(() => {
      cases = new InMemoryCases([
        aCase({
          parties: [
            // A person with the merged id is not the merged company.
            { subjectType: 'person', subjectId: 'merged', role: 'offender', arrested: false },
            company('merged'),
            company('other', 'consignee'),
          ],
          conveyance: { conveyanceId: 'merged', containerNumber: 'MSCU1234565' },
          version: 3,
        }),
        aCase({ id: 'case-2', number: 'FRACDG-2026-000002', parties: [company('other')] }),
      ]);
      repoint = new RepointCaseSubjects(cases, new InMemoryCaseIndex(cases), new FixedClock(NOW));
    });

    it('re-points the company parties on a company merge, and the undo restores exactly those', async () => {
      const event = buildEvent(companyMerged, { ...common, data: mergeData });
      await repoint.merged('company', event);
      const stored = cases.get('case-1');
      expect(stored.kase.parties.map((p) => `${p.subjectType}:${p.subjectId}`)).toEqual([
        'person:merged',
        'company:survivor',
        'company:other',
      ]);
      expect(stored.kase.conveyance?.conveyanceId).toBe('merged');
      expect(stored.history.at(-1)).toMatchObject({
        change: 'subjects-repointed',
        fields: ['parties'],
        comment: 'company merge merge-1',
      });
      expect(parseEvent(caseUpdated, cases.events[0])).toMatchObject({
        causationid: event.id,
        data: { fields: ['parties'], version: 4 },
      });
      expect(parseEvent(caseSubjectsLinked, cases.events[1]).data.subjects).toContainEqual({
        subjectType: 'company',
        subjectId: 'survivor',
        role: 'owner',
      });
      expect(cases.get('case-2').history).toHaveLength(0);

      await repoint.unmerged(
        'company',
        buildEvent(companyUnmerged, { ...common, data: mergeData }),
      );
      expect(cases.get('case-1').kase).toMatchObject({
        parties: [
          { subjectType: 'person', subjectId: 'merged' },
          company('merged'),
          company('other', 'consignee'),
        ],
        version: 5,
      });
      expect(cases.events).toHaveLength(4);
    });

    it("re-points the case's conveyance on a conveyance merge, and the undo restores it", async () => {
      await repoint.merged(
        'conveyance',
        buildEvent(conveyanceMerged, { ...common, data: mergeData }),
      );
      const stored = cases.get('case-1');
      expect(stored.kase.conveyance).toEqual({
        conveyanceId: 'survivor',
        containerNumber: 'MSCU1234565',
      });
      // Parties are persons and companies: none of them is the merged conveyance.
      expect(stored.kase.parties.map((p) => p.subjectId)).toEqual(['merged', 'merged', 'other']);
      expect(stored.history).toEqual([
        expect.objectContaining({ fields: ['conveyance'], comment: 'conveyance merge merge-1' }),
      ]);
      expect(parseEvent(caseSubjectsLinked, cases.events[1]).data.subjects).toContainEqual({
        subjectType: 'conveyance',
        subjectId: 'survivor',
        role: 'other',
      });

      const undo = buildEvent(conveyanceUnmerged, { ...common, data: mergeData });
      await repoint.unmerged('conveyance', undo);
      await repoint.unmerged('conveyance', undo);
      expect(cases.get('case-1').kase.conveyance?.conveyanceId).toBe('merged');
      expect(cases.get('case-1').kase.version).toBe(5);
    });

    it('leaves the company parties alone on a person merge of the same id', async () => {
      await repoint.merged('person', merged());
      expect(
        cases.get('case-1').kase.parties.map((p) => `${p.subjectType}:${p.subjectId}`),
      ).toEqual(['person:survivor', 'company:merged', 'company:other']);
      expect(cases.get('case-1').kase.conveyance?.conveyanceId).toBe('merged');
    });
  });

  it('does nothing for an undo of a merge that never re-pointed the case', async () => {
    await repoint.unmerged(
      'person',
      unmerged({ ...mergeData, mergedId: 'other', mergeId: 'merge-2' }),
    );
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
    await repoint.merged('person', merged());
    expect(cases.get('case-1').kase).toMatchObject({ version: 5, narrative: 'edited' });
    expect(cases.get('case-1').kase.parties[0]?.subjectId).toBe('survivor');
  });

  it('gives up on other errors', async () => {
    cases.update = () => Promise.reject(ServiceError.notFound('gone'));
    await expect(repoint.merged('person', merged())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
