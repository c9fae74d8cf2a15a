import { type Case, caseSubjectsLinked, caseUpdated, parseEvent } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import {
  FakeReferenceCodes,
  FakeSubjectDirectory,
  InMemoryCases,
  NOW,
  contextOf,
} from '../testing/case-ports.fakes';
import {
  aCase,
  aCompleteDraft,
  analyst,
  investigator,
  officer,
  otherOfficer,
  supervisor,
} from '../testing/cases.fixtures';
import { UpdateCase } from './update-case';

describe('UpdateCase', () => {
  let cases: InMemoryCases;
  let updateCase: UpdateCase;
  // The stored case, as create-case leaves it: detection time in UTC.
  const stored = (overrides: Partial<Case> = {}) =>
    aCase({ detectedAt: '2026-03-14T08:30:00.000Z', version: 2, ...overrides });

  function build(subjects = new FakeSubjectDirectory()) {
    updateCase = new UpdateCase(cases, new FakeReferenceCodes(), subjects, new FixedClock(NOW));
  }

  beforeEach(() => {
    cases = new InMemoryCases([stored()]);
    build();
  });

  it('replaces the details from the version seen, recording and announcing the changed fields', async () => {
    const draft = aCompleteDraft({ narrative: 'Second look', tags: ['cocaine'] });
    const next = await updateCase.execute({
      id: 'case-1',
      version: 2,
      draft,
      context: contextOf(officer),
    });
    expect(next).toMatchObject({ version: 3, narrative: 'Second look', updatedBy: officer.sub });
    expect(cases.get('case-1').history).toEqual([
      { version: 3, at: NOW, by: officer.sub, change: 'updated', fields: ['narrative', 'tags'] },
    ]);
    expect(cases.events).toHaveLength(1);
    expect(parseEvent(caseUpdated, cases.events[0])).toMatchObject({
      subject: 'case-1',
      data: { version: 3, fields: ['narrative', 'tags'] },
    });
    expect(JSON.stringify(cases.events)).not.toContain('Second look');
  });

  it('announces the subjects again when the parties change', async () => {
    build(new FakeSubjectDirectory(['person-1', 'person-2', 'aircraft-1']));
    const draft = aCompleteDraft({
      parties: [
        { subjectType: 'person', subjectId: 'person-1', role: 'offender', arrested: true },
        { subjectType: 'person', subjectId: 'person-2', role: 'driver', arrested: false },
      ],
    });
    await updateCase.execute({ id: 'case-1', version: 2, draft, context: contextOf(officer) });
    expect(cases.events.map((e) => e.type)).toEqual([
      'cases.case.updated.v1',
      'cases.case.subjects-linked.v1',
    ]);
    expect(parseEvent(caseSubjectsLinked, cases.events[1]).data.subjects).toContainEqual({
      subjectType: 'person',
      subjectId: 'person-2',
      role: 'driver',
    });
  });

  it('drops optional fields left out of the draft', async () => {
    const { narrative: _narrative, ...draft } = aCompleteDraft();
    const next = await updateCase.execute({
      id: 'case-1',
      version: 2,
      draft,
      context: contextOf(officer),
    });
    expect(next).not.toHaveProperty('narrative');
    expect(cases.get('case-1').history[0]?.fields).toEqual(['narrative']);
  });

  it('stores nothing and emits nothing when nothing changes (the same time in another zone included)', async () => {
    const next = await updateCase.execute({
      id: 'case-1',
      version: 2,
      draft: aCompleteDraft(),
      context: contextOf(officer),
    });
    expect(next.version).toBe(2);
    expect(cases.get('case-1').history).toHaveLength(0);
    expect(cases.events).toHaveLength(0);
  });

  it('says CONFLICT naming version for a stale version, and changes nothing', async () => {
    await expect(
      updateCase.execute({
        id: 'case-1',
        version: 1,
        draft: aCompleteDraft({ narrative: 'late' }),
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version', code: 'stale_version' })],
    });
    expect(cases.get('case-1').kase.version).toBe(2);
    expect(cases.events).toHaveLength(0);
  });

  it("hides another office's case from its officers (NOT_FOUND) and refuses readers who do not edit", async () => {
    const draft = aCompleteDraft({ narrative: 'x' });
    await expect(
      updateCase.execute({ id: 'case-1', version: 2, draft, context: contextOf(otherOfficer) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      updateCase.execute({ id: 'case-1', version: 2, draft, context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(cases.events).toHaveLength(0);
  });

  it('lets a supervisor of the office, and an assigned investigator of an investigation, edit', async () => {
    cases = new InMemoryCases([
      stored({ type: 'investigation', assignedInvestigators: [investigator.sub] }),
    ]);
    build();
    const draft = aCompleteDraft({ type: 'investigation' });
    const bySupervisor = await updateCase.execute({
      id: 'case-1',
      version: 2,
      draft: { ...draft, narrative: 'by supervisor' },
      context: contextOf(supervisor),
    });
    expect(bySupervisor.version).toBe(3);
    const byInvestigator = await updateCase.execute({
      id: 'case-1',
      version: 3,
      draft: { ...draft, narrative: 'by investigator' },
      context: contextOf(investigator),
    });
    expect(byInvestigator).toMatchObject({ version: 4, updatedBy: investigator.sub });
  });

  it('refuses to edit a case that is no longer a draft (CONFLICT naming status)', async () => {
    cases = new InMemoryCases([stored({ status: 'submitted' })]);
    build();
    await expect(
      updateCase.execute({
        id: 'case-1',
        version: 2,
        draft: aCompleteDraft({ narrative: 'x' }),
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'status', code: 'not_a_draft' })],
    });
  });

  it('refuses an unknown code or subject naming the field, and changes nothing', async () => {
    const badCountry = aCompleteDraft({
      route: { departureCountry: 'BR', transitCountries: ['PT', 'XX'] },
    });
    await expect(
      updateCase.execute({
        id: 'case-1',
        version: 2,
        draft: badCountry,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.route.transitCountries.1' })],
    });
    const unknownParty = aCompleteDraft({
      parties: [
        { subjectType: 'company', subjectId: 'nobody', role: 'consignee', arrested: false },
      ],
    });
    await expect(
      updateCase.execute({
        id: 'case-1',
        version: 2,
        draft: unknownParty,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.parties.0.subjectId' })],
    });
    expect(cases.get('case-1').kase.version).toBe(2);
    expect(cases.events).toHaveLength(0);
  });

  it('replaces a merged person given as a party by its survivor', async () => {
    build(new FakeSubjectDirectory(['aircraft-1', 'survivor-9'], { 'person-9': 'survivor-9' }));
    const next = await updateCase.execute({
      id: 'case-1',
      version: 2,
      draft: aCompleteDraft({
        parties: [
          { subjectType: 'person', subjectId: 'person-9', role: 'suspect', arrested: false },
        ],
      }),
      context: contextOf(officer),
    });
    expect(next.parties).toEqual([
      { subjectType: 'person', subjectId: 'survivor-9', role: 'suspect', arrested: false },
    ]);
  });
});
