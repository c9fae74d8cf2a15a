import { randomBytes } from 'node:crypto';

import {
  type CaseDraftInput,
  type CloudEvent,
  type EventContract,
  type Principal,
  buildEvent,
  caseHistory,
  companyMerged,
  companyUnmerged,
  conveyanceMerged,
  createCase,
  getCase,
  personMerged,
  personUnmerged,
} from '@opencen/contracts';
import { storedEvents } from '@opencen/testing';
import { JSONCodec } from 'nats';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * Merges of persons, companies and conveyances seen from cases, against real NATS and FerretDB:
 * the merge and its undo arrive as the persons service publishes them (JetStream, Nats-Msg-Id =
 * event id), and a merged person given as a party is asked of the persons stand-in, which answers
 * with the survivor as persons does.
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-merge-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const merged = `merged-${suffix}`;
const survivor = `survivor-${suffix}`;
const witness = `witness-${suffix}`;
const alreadyMerged = `old-${suffix}`;
const mergedCompany = `merged-company-${suffix}`;
const survivorCompany = `survivor-company-${suffix}`;
const mergedVessel = `merged-vessel-${suffix}`;
const survivorVessel = `survivor-vessel-${suffix}`;

const draft = (
  parties: CaseDraftInput['parties'],
  conveyance?: CaseDraftInput['conveyance'],
): CaseDraftInput => ({
  type: 'seizure',
  location: { office: 'FRA-CDG' },
  parties,
  ...(conveyance ? { conveyance } : {}),
});

/** The data of a merged or unmerged event, as persons publishes it for every kind of record. */
const mergeData = (mergeId: string, mergedId: string, survivorId: string) => ({
  mergeId,
  survivorId,
  mergedId,
  office: 'FRA-CDG',
  mergedOffice: 'FRA-CDG',
});

type Linked = { type: string; subject: string; data: { subjects: { subjectId: string }[] } };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

describe('cases and merges in the persons service', () => {
  let service: CasesService;

  beforeAll(async () => {
    service = await startCasesService(__filename, {
      knownSubjects: [
        merged,
        survivor,
        witness,
        mergedCompany,
        survivorCompany,
        mergedVessel,
        survivorVessel,
      ],
      mergedInto: { [alreadyMerged]: survivor },
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  async function publish(contract: EventContract, event: CloudEvent): Promise<void> {
    await service.nats
      .jetstream()
      .publish(contract.subject, JSONCodec().encode(event), { msgID: event.id });
  }

  it('restores the parties a merge re-pointed when persons undoes it, and only those', async () => {
    const { send } = service;
    const created = await send(
      createCase,
      {
        draft: draft([
          { subjectType: 'person', subjectId: merged, role: 'offender', arrested: true },
          { subjectType: 'person', subjectId: survivor, role: 'driver' },
          { subjectType: 'person', subjectId: witness, role: 'witness' },
        ]),
      },
      officer,
    );
    const data = {
      mergeId: `merge-${suffix}`,
      survivorId: survivor,
      mergedId: merged,
      office: 'FRA-CDG',
      mergedOffice: 'FRA-CDG',
    };
    const common = { subject: survivor, correlationId: `it-${suffix}`, actor: 'persons' };
    await publish(personMerged, buildEvent(personMerged, { ...common, data }));
    const repointed = await until(
      () => send(getCase, { id: created.id }, officer),
      (kase) => kase.parties[0]?.subjectId === survivor,
    );
    expect(repointed.parties.map((p) => p.subjectId)).toEqual([survivor, survivor, witness]);

    await publish(personUnmerged, buildEvent(personUnmerged, { ...common, data }));
    const restored = await until(
      () => send(getCase, { id: created.id }, officer),
      (kase) => kase.parties[0]?.subjectId === merged,
    );
    // The driver named the survivor before the merge: it still does.
    expect(restored.parties.map((p) => [p.subjectId, p.role, p.arrested])).toEqual([
      [merged, 'offender', true],
      [survivor, 'driver', false],
      [witness, 'witness', false],
    ]);
    expect(restored.version).toBe(3);
    const history = await send(caseHistory, { id: created.id }, officer);
    expect(history.changes.map((c) => c.change)).toEqual([
      'created',
      'subjects-repointed',
      'subjects-repointed',
    ]);

    // Persons hears of the links again after each: the last names the merged person again.
    const linked = await until(
      async () =>
        (await storedEvents<Linked>(service.nats, 'events.cases.case.subjects-linked.v1')).filter(
          (e) => e.subject === created.id,
        ),
      (events) => events.length >= 3,
    );
    expect(linked.map((e) => e.data.subjects.map((s) => s.subjectId))).toEqual([
      [merged, survivor, witness],
      [survivor, survivor, witness],
      [merged, survivor, witness],
    ]);
  });

  /** The subjects-linked events of a case on the stream, once there are `count` of them. */
  const linkedEvents = (caseId: string, count: number) =>
    until(
      async () =>
        (await storedEvents<Linked>(service.nats, 'events.cases.case.subjects-linked.v1')).filter(
          (e) => e.subject === caseId,
        ),
      (events) => events.length >= count,
    );

  it('re-points company parties on a company merge and restores exactly those on its undo', async () => {
    const { send } = service;
    const created = await send(
      createCase,
      {
        draft: draft([
          { subjectType: 'company', subjectId: mergedCompany, role: 'owner' },
          { subjectType: 'company', subjectId: survivorCompany, role: 'consignee' },
          { subjectType: 'person', subjectId: witness, role: 'witness' },
        ]),
      },
      officer,
    );
    // A case naming only the survivor is not touched by the merge nor by its undo.
    const bystander = await send(
      createCase,
      { draft: draft([{ subjectType: 'company', subjectId: survivorCompany, role: 'consignee' }]) },
      officer,
    );
    const data = mergeData(`company-merge-${suffix}`, mergedCompany, survivorCompany);
    const common = { subject: survivorCompany, correlationId: `it-c-${suffix}`, actor: 'persons' };
    await publish(companyMerged, buildEvent(companyMerged, { ...common, data }));
    const repointed = await until(
      () => send(getCase, { id: created.id }, officer),
      (kase) => kase.parties[0]?.subjectId === survivorCompany,
    );
    expect(repointed.parties.map((p) => p.subjectId)).toEqual([
      survivorCompany,
      survivorCompany,
      witness,
    ]);

    await publish(companyUnmerged, buildEvent(companyUnmerged, { ...common, data }));
    const restored = await until(
      () => send(getCase, { id: created.id }, officer),
      (kase) => kase.parties[0]?.subjectId === mergedCompany,
    );
    expect(restored.parties.map((p) => [p.subjectType, p.subjectId, p.role])).toEqual([
      ['company', mergedCompany, 'owner'],
      ['company', survivorCompany, 'consignee'],
      ['person', witness, 'witness'],
    ]);
    expect(restored.version).toBe(3);
    const history = await send(caseHistory, { id: created.id }, officer);
    expect(history.changes.map((c) => [c.change, c.fields])).toEqual([
      ['created', expect.any(Array)],
      ['subjects-repointed', ['parties']],
      ['subjects-repointed', ['parties']],
    ]);
    const linked = await linkedEvents(created.id, 3);
    expect(linked.map((e) => e.data.subjects.map((s) => s.subjectId))).toEqual([
      [mergedCompany, survivorCompany, witness],
      [survivorCompany, survivorCompany, witness],
      [mergedCompany, survivorCompany, witness],
    ]);
    expect((await send(getCase, { id: bystander.id }, officer)).version).toBe(1);
  });

  it("re-points the case's conveyance on a conveyance merge", async () => {
    const { send } = service;
    const created = await send(
      createCase,
      {
        draft: draft([{ subjectType: 'person', subjectId: witness, role: 'witness' }], {
          conveyanceId: mergedVessel,
          flightOrVoyageNumber: 'V042',
        }),
      },
      officer,
    );
    const data = mergeData(`vessel-merge-${suffix}`, mergedVessel, survivorVessel);
    const event = buildEvent(conveyanceMerged, {
      subject: survivorVessel,
      correlationId: `it-v-${suffix}`,
      actor: 'persons',
      data,
    });
    await publish(conveyanceMerged, event);
    const repointed = await until(
      () => send(getCase, { id: created.id }, officer),
      (kase) => kase.conveyance?.conveyanceId === survivorVessel,
    );
    expect(repointed.conveyance).toEqual({
      conveyanceId: survivorVessel,
      flightOrVoyageNumber: 'V042',
    });
    expect(repointed.parties.map((p) => p.subjectId)).toEqual([witness]);
    expect(repointed.version).toBe(2);
    const history = await send(caseHistory, { id: created.id }, officer);
    expect(history.changes.at(-1)).toMatchObject({
      change: 'subjects-repointed',
      fields: ['conveyance'],
    });
    const linked = await linkedEvents(created.id, 2);
    expect(linked.map((e) => e.data.subjects.map((s) => s.subjectId))).toEqual([
      [witness, mergedVessel],
      [witness, survivorVessel],
    ]);
  });

  it('stores a merged person given as a party as its survivor', async () => {
    const { send } = service;
    const created = await send(
      createCase,
      { draft: draft([{ subjectType: 'person', subjectId: alreadyMerged, role: 'suspect' }]) },
      officer,
    );
    expect(created.parties[0]?.subjectId).toBe(survivor);
    const stored = await send(getCase, { id: created.id }, officer);
    expect(stored.parties).toEqual([
      { subjectType: 'person', subjectId: survivor, role: 'suspect', arrested: false },
    ]);
  });
});
