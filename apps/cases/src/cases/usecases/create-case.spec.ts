import { type Principal, caseCreated, caseSubjectsLinked, parseEvent } from '@opencen/contracts';
import { FixedClock, SequentialIds } from '@opencen/testing';

import {
  FakeReferenceCodes,
  FakeSubjectDirectory,
  InMemoryCases,
  InMemoryClaims,
  NOW,
  contextOf,
} from '../testing/case-ports.fakes';
import { aCase, aCompleteDraft, analyst, investigator, officer } from '../testing/cases.fixtures';
import { CreateCase } from './create-case';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };

describe('CreateCase', () => {
  let cases: InMemoryCases;
  let claims: InMemoryClaims;
  let reference: FakeReferenceCodes;
  let createCase: CreateCase;

  function build(subjects = new FakeSubjectDirectory()) {
    createCase = new CreateCase(
      cases,
      claims,
      reference,
      subjects,
      new FixedClock(NOW),
      new SequentialIds(),
    );
  }

  beforeEach(() => {
    cases = new InMemoryCases();
    claims = new InMemoryClaims((number) =>
      [...cases.stored.values()].some((e) => e.kase.number === number),
    );
    reference = new FakeReferenceCodes();
    build();
  });

  it("records a draft in the officer's office with the next number of the office and year", async () => {
    const kase = await createCase.execute({ draft: aCompleteDraft(), context: contextOf(officer) });
    expect(kase).toMatchObject({
      id: 'id-1',
      number: 'FRACDG-2026-000001',
      office: 'FRA-CDG',
      status: 'draft',
      version: 1,
      createdBy: officer.sub,
      // Stored in UTC, so that the same time given in another zone is no change.
      detectedAt: '2026-03-14T08:30:00.000Z',
    });
    expect(cases.get('id-1').history).toEqual([
      expect.objectContaining({ version: 1, at: NOW, by: officer.sub, change: 'created' }),
    ]);
    expect(cases.get('id-1').history[0]?.fields).toEqual(
      expect.arrayContaining(['items', 'parties', 'route', 'narrative']),
    );
    expect(claims.claims.get('FRACDG-2026#1')).toMatchObject({ caseId: 'id-1', used: true });
    const second = await createCase.execute({
      draft: aCompleteDraft(),
      context: contextOf(officer),
    });
    expect(second.number).toBe('FRACDG-2026-000002');
  });

  it('emits created and subjects-linked, with the subjects and without free text', async () => {
    await createCase.execute({ draft: aCompleteDraft(), context: contextOf(officer) });
    const [created, linked] = cases.events;
    expect(parseEvent(caseCreated, created)).toMatchObject({
      subject: 'id-1',
      actor: officer.sub,
      correlationid: 'corr-1',
      data: { caseId: 'id-1', number: 'FRACDG-2026-000001', status: 'draft', version: 1 },
    });
    expect(parseEvent(caseSubjectsLinked, linked).data.subjects).toEqual([
      { subjectType: 'person', subjectId: 'person-1', role: 'offender' },
      { subjectType: 'conveyance', subjectId: 'aircraft-1', role: 'other' },
    ]);
    const published = JSON.stringify(cases.events);
    expect(published).not.toContain('false bottom');
    expect(published).not.toContain('Cocaïne');
  });

  it('emits no subjects-linked event for a case naming no subject', async () => {
    const { conveyance: _conveyance, ...draft } = aCompleteDraft({ parties: [] });
    await createCase.execute({ draft, context: contextOf(officer) });
    expect(cases.events.map((e) => e.type)).toEqual(['cases.case.created.v1']);
  });

  it('refuses principals who do not record cases, and investigators outside investigations', async () => {
    for (const principal of [analyst, liaison, investigator, { ...officer, office: undefined }]) {
      await expect(
        createCase.execute({ draft: aCompleteDraft(), context: contextOf(principal) }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(
      createCase.execute({ draft: aCompleteDraft(), context: contextOf() }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(cases.stored.size).toBe(0);
    expect(claims.claims.size).toBe(0);
  });

  it('refuses a classification above the officer’s clearance, and stores nothing', async () => {
    const confidential = aCompleteDraft({ classification: 'confidential' });
    await expect(
      createCase.execute({ draft: confidential, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.classification', code: 'above_clearance' })],
    });
    expect(cases.stored.size).toBe(0);
    expect(claims.claims.size).toBe(0);
    const cleared = { ...officer, clearance: 'confidential' as const };
    await expect(
      createCase.execute({ draft: confidential, context: contextOf(cleared) }),
    ).resolves.toMatchObject({ classification: 'confidential' });
  });

  it('lets an investigator record an investigation, in their own office', async () => {
    const kase = await createCase.execute({
      draft: aCompleteDraft({ type: 'investigation' }),
      context: contextOf(investigator),
    });
    expect(kase).toMatchObject({ office: 'FRA-PAR', number: 'FRAPAR-2026-000001' });
  });

  it('refuses unknown codes naming each field, asking once per list on the day of detection, and stores nothing', async () => {
    const draft = aCompleteDraft({
      route: { departureCountry: 'XX', transitCountries: ['PT'], destinationCountry: 'FR' },
    });
    draft.items[0]!.unit = 'NOPE';
    await expect(createCase.execute({ draft, context: contextOf(officer) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({ path: 'draft.items.0.unit', code: 'invalid_reference' }),
        expect.objectContaining({ path: 'draft.route.departureCountry' }),
      ],
    });
    const countries = reference.asked.filter((a) => a.list === 'countries');
    expect(countries).toHaveLength(1);
    expect(countries[0]).toMatchObject({ at: '2026-03-14' });
    expect(cases.stored.size).toBe(0);
    expect(claims.claims.size).toBe(0);
  });

  it('refuses an unknown party or conveyance naming the field, and stores nothing', async () => {
    build(new FakeSubjectDirectory([]));
    await expect(
      createCase.execute({ draft: aCompleteDraft(), context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({ path: 'draft.parties.0.subjectId', code: 'unknown_subject' }),
        expect.objectContaining({ path: 'draft.conveyance.conveyanceId' }),
      ],
    });
    expect(cases.stored.size).toBe(0);
  });

  it('stores a merged person given as a party as its survivor, and links the survivor', async () => {
    build(new FakeSubjectDirectory(['aircraft-1', 'survivor-1'], { 'person-1': 'survivor-1' }));
    const kase = await createCase.execute({ draft: aCompleteDraft(), context: contextOf(officer) });
    expect(kase.parties[0]).toMatchObject({ subjectId: 'survivor-1', role: 'offender' });
    expect(cases.get(kase.id).kase.parties[0]?.subjectId).toBe('survivor-1');
    expect(parseEvent(caseSubjectsLinked, cases.events[1]).data.subjects[0]).toMatchObject({
      subjectId: 'survivor-1',
    });
  });

  it('answers the case a crashed first run of the same Idempotency-Key request stored, storing nothing more', async () => {
    const first = await createCase.execute({
      draft: aCompleteDraft(),
      context: contextOf(officer),
    });
    const events = cases.events.length;
    // The repeated run is given the first run's ids (the kit derives them from the key).
    const repeated = new SequentialIds();
    repeated.repeating = true;
    createCase = new CreateCase(
      cases,
      claims,
      reference,
      new FakeSubjectDirectory(),
      new FixedClock(NOW),
      repeated,
    );
    const again = await createCase.execute({
      draft: aCompleteDraft(),
      context: contextOf(officer),
    });
    expect(again).toEqual(first);
    expect(cases.stored.size).toBe(1);
    expect(claims.claims.size).toBe(1);
    expect(cases.events).toHaveLength(events);
  });

  it('leaves no gap when the insert fails after the number was claimed', async () => {
    cases.failNextInsert = new Error('store unavailable');
    await expect(
      createCase.execute({ draft: aCompleteDraft(), context: contextOf(officer) }),
    ).rejects.toThrow('store unavailable');
    expect(cases.stored.size).toBe(0);
    const next = await createCase.execute({
      draft: aCompleteDraft(),
      context: contextOf(officer),
    });
    expect(next.number).toBe('FRACDG-2026-000001');
    expect(claims.claims.get('FRACDG-2026#1')).toMatchObject({ caseId: next.id, used: true });
    expect(claims.claims.size).toBe(1);
  });

  it('allocates again when another case took the number first', async () => {
    // A case that holds number 1 though its claim was taken over by this creation (the race
    // the unique number of the cases settles on FerretDB).
    cases = new InMemoryCases([aCase({ id: 'other', number: 'FRACDG-2026-000001' })]);
    claims = new InMemoryClaims();
    build();
    const kase = await createCase.execute({ draft: aCompleteDraft(), context: contextOf(officer) });
    expect(kase.number).toBe('FRACDG-2026-000002');
    expect(cases.stored.size).toBe(2);
  });
});
