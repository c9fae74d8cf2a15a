import { randomBytes } from 'node:crypto';

import {
  type Case,
  type CaseDraftInput,
  type Principal,
  buildEvent,
  caseHistory,
  closeCase,
  createCase,
  getCase,
  personMerged,
  rejectCase,
  submitCase,
  updateCase,
  validateCase,
} from '@opencen/contracts';
import { storedEvents } from '@opencen/testing';
import { JSONCodec } from 'nats';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * The cases service in process against real NATS and FerretDB, driven only through its request
 * contracts, with stand-ins for reference-data and persons. Its subjects are the real `cases.*`
 * ones: run integration files in band (the package's test script does).
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const otherOfficer: Principal = { ...officer, sub: `it-officer2-${suffix}`, office: 'FRA-LEH' };
const supervisor: Principal = {
  sub: `it-sup-${suffix}`,
  username: 'supervisor',
  roles: ['supervisor'],
  office: 'FRA-CDG',
};
const person = `person-${suffix}`;
const survivor = `survivor-${suffix}`;
const aircraft = `aircraft-${suffix}`;

const complete: CaseDraftInput = {
  type: 'seizure',
  detectedAt: '2026-03-14T09:30:00+01:00',
  location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
  detectionMethods: ['XRAY_SCANNER'],
  items: [
    {
      commodityCategory: 'DRUGS',
      hsCode: '293979',
      description: 'Cocaine bricks',
      quantity: 12.5,
      unit: 'KGM',
    },
  ],
  route: { departureCountry: 'BR', transitCountries: ['PT'], destinationCountry: 'FR' },
  parties: [{ subjectType: 'person', subjectId: person, role: 'offender', arrested: true }],
  conveyance: { conveyanceId: aircraft, flightOrVoyageNumber: 'AF443' },
  narrative: 'Suitcase with a false bottom',
};

async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: { path: string }[] }> {
  return promise.then(
    () => ({ code: 'none' }),
    (error: unknown) => error as { code?: string; details?: { path: string }[] },
  );
}

describe('cases over NATS', () => {
  let service: CasesService;

  beforeAll(async () => {
    service = await startCasesService(__filename, { knownSubjects: [person, survivor, aircraft] });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('runs the workflow: create, submit, reject, fix, resubmit, validate, close', async () => {
    const { send } = service;
    const draft = await send(createCase, { draft: { ...complete, detectionMethods: [] } }, officer);
    expect(draft.number).toMatch(/^FRACDG-\d{4}-\d{6}$/);
    expect(draft.status).toBe('draft');

    const incomplete = await failure(send(submitCase, { id: draft.id, version: 1 }, officer));
    expect(incomplete.code).toBe('VALIDATION_FAILED');
    expect(incomplete.details?.map((d) => d.path)).toEqual(['draft.detectionMethods']);

    const fixed = await send(updateCase, { id: draft.id, version: 1, draft: complete }, officer);
    const submitted = await send(
      submitCase,
      { id: draft.id, version: fixed.version, comment: 'done' },
      officer,
    );
    expect(submitted.status).toBe('submitted');
    expect(
      (await failure(send(validateCase, { id: draft.id, version: submitted.version }, officer)))
        .code,
    ).toBe('FORBIDDEN');

    const rejected = await send(
      rejectCase,
      { id: draft.id, version: submitted.version, reason: 'add the value' },
      supervisor,
    );
    expect(rejected).toMatchObject({
      status: 'draft',
      rejection: { reason: 'add the value', by: supervisor.sub },
    });
    const valued = await send(
      updateCase,
      {
        id: draft.id,
        version: rejected.version,
        draft: {
          ...complete,
          items: [{ ...complete.items![0]!, estimatedValue: { amount: 1000, currency: 'EUR' } }],
        },
      },
      officer,
    );
    const resubmitted = await send(submitCase, { id: draft.id, version: valued.version }, officer);
    expect(resubmitted.rejection).toBeUndefined();
    const validated = await send(
      validateCase,
      { id: draft.id, version: resubmitted.version },
      supervisor,
    );
    const closed = await send(
      closeCase,
      { id: draft.id, version: validated.version, comment: 'court' },
      supervisor,
    );
    expect(closed.status).toBe('closed');
    expect(
      closed.workflow.map((s) => `${s.transition}:${s.by === supervisor.sub ? 'sup' : 'off'}`),
    ).toEqual(['submit:off', 'reject:sup', 'submit:off', 'validate:sup', 'close:sup']);
    const history = await send(caseHistory, { id: draft.number }, officer);
    expect(history.changes.map((c) => c.change)).toEqual([
      'created',
      'updated',
      'submit',
      'reject',
      'updated',
      'submit',
      'validate',
      'close',
    ]);
    expect(history.changes[1]?.fields).toEqual(['detectionMethods']);
    expect((await failure(send(getCase, { id: draft.id }, otherOfficer))).code).toBe('NOT_FOUND');
  });

  it('refuses a stale version with CONFLICT and bad fields with their paths, changing nothing', async () => {
    const { send } = service;
    const created = await send(createCase, { draft: complete }, officer);
    await send(
      updateCase,
      { id: created.id, version: 1, draft: { ...complete, narrative: 'v2' } },
      officer,
    );
    const stale = await failure(
      send(updateCase, { id: created.id, version: 1, draft: complete }, officer),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details?.map((d) => d.path)).toEqual(['version']);

    const bad = await failure(
      send(
        updateCase,
        {
          id: created.id,
          version: 2,
          draft: {
            ...complete,
            route: { departureCountry: 'XX', transitCountries: [] },
            parties: [{ subjectType: 'person', subjectId: 'nobody', role: 'suspect' }],
            items: [{ ...complete.items![0]!, unit: 'NOPE' }],
          },
        },
        officer,
      ),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details?.map((d) => d.path).sort()).toEqual([
      'draft.items.0.unit',
      'draft.route.departureCountry',
    ]);
    const unknownParty = await failure(
      send(
        updateCase,
        {
          id: created.id,
          version: 2,
          draft: {
            ...complete,
            parties: [{ subjectType: 'person', subjectId: 'nobody', role: 'suspect' }],
          },
        },
        officer,
      ),
    );
    expect(unknownParty.details?.map((d) => d.path)).toEqual(['draft.parties.0.subjectId']);
    const after = await send(getCase, { id: created.id }, officer);
    expect(after).toMatchObject({ version: 2, narrative: 'v2', route: complete.route });
  });

  it('gives 50 parallel creations 50 different numbers', async () => {
    const created = await Promise.all(
      Array.from({ length: 50 }, () =>
        service.send(createCase, { draft: { type: 'offence' } }, officer),
      ),
    );
    const numbers = created.map((c: Case) => c.number);
    expect(new Set(numbers).size).toBe(50);
  });

  it('re-points parties to the survivor of a persons merge, once', async () => {
    const { send, nats } = service;
    const created = await send(createCase, { draft: complete }, officer);
    const event = buildEvent(personMerged, {
      subject: survivor,
      correlationId: 'it-merge',
      actor: 'persons',
      data: {
        mergeId: `merge-${suffix}`,
        survivorId: survivor,
        mergedId: person,
        office: 'FRA-CDG',
        mergedOffice: 'FRA-CDG',
      },
    });
    const js = nats.jetstream();
    await js.publish(personMerged.subject, JSONCodec().encode(event), { msgID: event.id });
    // The same merge again under another event id: the case is re-pointed once only.
    const again = { ...event, id: '00000000-0000-4000-8000-' + randomBytes(6).toString('hex') };
    await js.publish(personMerged.subject, JSONCodec().encode(again), { msgID: again.id });
    // The merges consumer is durable and shared by every test file on this stream: it handles, in
    // order, every merge published before this one (the persons tests publish many), each after
    // the cases index has caught up; so this waits longer than a lone merge would need.
    const deadline = Date.now() + 60_000;
    let kase = await send(getCase, { id: created.id }, officer);
    while (kase.parties[0]?.subjectId !== survivor && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      kase = await send(getCase, { id: created.id }, officer);
    }
    expect(kase.parties[0]?.subjectId).toBe(survivor);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const history = await send(caseHistory, { id: created.id }, officer);
    expect(history.changes.filter((c) => c.change === 'subjects-repointed')).toHaveLength(1);
  }, 90_000);

  it('stores its events on the stream, with the subjects persons consumes', async () => {
    const { send, nats } = service;
    const created = await send(createCase, { draft: complete }, officer);
    await send(submitCase, { id: created.id, version: 1 }, officer);
    const deadline = Date.now() + 10_000;
    type Stored = { type: string; subject: string; data: { subjects?: unknown[] } };
    let mine: Stored[] = [];
    while (mine.length < 3 && Date.now() < deadline) {
      mine = (await storedEvents<Stored>(nats, 'events.cases.case.>')).filter(
        (e) => e.subject === created.id,
      );
      if (mine.length < 3) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(mine.map((e) => e.type).sort()).toEqual([
      'cases.case.created.v1',
      'cases.case.subjects-linked.v1',
      'cases.case.submitted.v1',
    ]);
    expect(mine.find((e) => e.type === 'cases.case.subjects-linked.v1')?.data.subjects).toEqual([
      { subjectType: 'person', subjectId: person, role: 'offender' },
      { subjectType: 'conveyance', subjectId: aircraft, role: 'other' },
    ]);
  });
});
