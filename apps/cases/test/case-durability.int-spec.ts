import { randomBytes } from 'node:crypto';

import { getConnectionToken } from '@nestjs/mongoose';
import { type CaseDraftInput, type Principal, createCase, getCase } from '@opencen/contracts';
import { OUTBOX_PENDING_COLLECTION, type PendingMarker } from '@opencen/nest-kit';
import { assertNoKeyAccessViolations, storedEvents } from '@opencen/testing';
import { type Connection } from 'mongoose';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * What survives a stop of the cases service, against real NATS and FerretDB: events of an
 * acknowledged creation, and case numbers claimed by a creation that never stored its case.
 */
const suffix = randomBytes(3).toString('hex');
const person = `person-${suffix}`;
const officer: Principal = {
  sub: `it-dur-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const draft: CaseDraftInput = {
  type: 'seizure',
  location: { office: 'FRA-CDG' },
  parties: [{ subjectType: 'person', subjectId: person, role: 'offender' }],
};

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

describe('cases across a restart', () => {
  let service: CasesService;
  /** While true, the relay dies after publishing an event and before clearing it. */
  let relayDies = true;

  beforeAll(async () => {
    service = await startCasesService(__filename, {
      knownSubjects: [person],
      relay: {
        afterPublish: () => {
          if (relayDies) throw new Error('relay stopped between publishing and clearing');
        },
      },
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  const cases = () => service.app.get<Connection>(getConnectionToken()).collection('cases');
  const claims = () => service.app.get<Connection>(getConnectionToken()).collection('case_numbers');
  const markers = () =>
    service.app
      .get<Connection>(getConnectionToken())
      .collection<PendingMarker>(OUTBOX_PENDING_COLLECTION);

  it('publishes the events of an acknowledged creation exactly once, though the service stopped before clearing them', async () => {
    type Stored = { id: string; type: string; subject: string };
    const mine = async () =>
      (await storedEvents<Stored>(service.nats, 'events.cases.case.>')).filter(
        (e) => e.subject === created.id,
      );
    const created = await service.send(createCase, { draft }, officer);

    // The relay published the created event (and dies before clearing it): both events are still
    // held by the creation's pending marker (an insert keeps its events there, not in the case),
    // and the subjects-linked one has not reached the stream.
    const before = await until(mine, (events) => events.length >= 1);
    expect(before.map((e) => e.type)).toEqual(['cases.case.created.v1']);
    const marker = () => markers().findOne({ documentId: created.id });
    expect(((await marker())?.inserted?.entries ?? []).map((e) => e.subject)).toEqual([
      'events.cases.case.created.v1',
      'events.cases.case.subjects-linked.v1',
    ]);
    expect(
      (await cases().findOne({ _id: created.id as never }, { projection: { outbox: 1 } }))?.outbox,
    ).toBeUndefined();

    relayDies = false;
    await service.restart();
    await until(marker, (pending) => pending === null);
    // One more pass of the relay, to see that nothing is published twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await mine();
    expect(after.map((e) => e.type)).toEqual([
      'cases.case.created.v1',
      'cases.case.subjects-linked.v1',
    ]);
    expect(after[0]?.id).toBe(before[0]?.id);
  });

  it('gives the number of a creation that never stored its case to the next creation', async () => {
    const office = `T${suffix.toUpperCase()}`;
    const principal = { ...officer, office };
    const first = await service.send(createCase, { draft }, principal);
    const scope = first.number.slice(0, first.number.lastIndexOf('-'));
    expect(first.number).toBe(`${scope}-000001`);
    expect(await claims().findOne({ _id: `${scope}#1` as never })).toMatchObject({
      caseId: first.id,
      used: true,
    });

    // A creation claimed number 2 and died before storing its case, two minutes ago.
    await claims().insertOne({
      _id: `${scope}#2` as never,
      scope,
      sequence: 2,
      caseId: 'crashed-creation',
      used: false,
      claimedAt: new Date(Date.now() - 120_000),
    });
    const second = await service.send(createCase, { draft }, principal);
    const third = await service.send(createCase, { draft }, principal);
    expect([second.number, third.number]).toEqual([`${scope}-000002`, `${scope}-000003`]);
    expect(await claims().findOne({ _id: `${scope}#2` as never })).toMatchObject({
      caseId: second.id,
      used: true,
    });

    // A claim within its lease belongs to a creation still running: it is left alone.
    await claims().insertOne({
      _id: `${scope}#4` as never,
      scope,
      sequence: 4,
      caseId: 'running-creation',
      used: false,
      claimedAt: new Date(),
    });
    const fifth = await service.send(createCase, { draft }, principal);
    expect(fifth.number).toBe(`${scope}-000005`);
  });

  it('finds a case by number through its claim, also one stored by a creation its claim was taken from', async () => {
    const office = `U${suffix.toUpperCase()}`;
    const principal = { ...officer, office };
    const first = await service.send(createCase, { draft }, principal);
    expect((await service.send(getCase, { id: first.number }, principal)).id).toBe(first.id);
    const scope = first.number.slice(0, first.number.lastIndexOf('-'));

    // A slow creation stored its case under number 1 after its claim had been taken over (the
    // unique number then refuses the case of the creation that took it).
    await claims().updateOne(
      { _id: `${scope}#1` as never },
      {
        $set: { caseId: 'took-it-over', used: false },
        $push: { formerCaseIds: first.id } as never,
      },
    );
    expect((await service.send(getCase, { id: first.number }, principal)).id).toBe(first.id);
    // and the next creation marks that claim used instead of taking it over again.
    const second = await service.send(createCase, { draft }, principal);
    expect(second.number).toBe(`${scope}-000002`);
    expect(await claims().findOne({ _id: `${scope}#1` as never })).toMatchObject({ used: true });

    // Cases and claims are read by key: the guard names any other query (the search's own
    // filters excepted until the search index, app.module.ts).
    await cases().findOne({ createdBy: principal.sub });
    await claims().findOne({ scope });
    let reported = '';
    try {
      assertNoKeyAccessViolations();
    } catch (error) {
      reported = (error as Error).message;
    }
    expect(reported).toContain('cases find {"createdBy":"?"}');
    expect(reported).toContain('case_numbers find {"scope":"?"}');
  });
});
