import { randomBytes } from 'node:crypto';
import {
  type Alert,
  type Company,
  type Conveyance,
  type Principal,
  companyHistory,
  createCompany,
  createConveyance,
  getAlert,
  getCompany,
  getConveyance,
  mergeCompanies,
  mergeConveyances,
  raiseAlert,
  unmergeCompanies,
} from '@opencen/contracts';
import { storedEvents } from '@opencen/testing';

import { type PersonsService, startPersonsService } from './support/persons-service';

/**
 * Merging companies and conveyances, with the service in process against real NATS and FerretDB,
 * driven only through its request contracts (the same setup as merge.int-spec.ts; run in band).
 * The merge mechanism is the one persons use; this shows it on the two other kinds of record,
 * with their events on the stream and alerts following the merge and its undo.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const supervisor: Principal = { ...officer, sub: `it-supervisor-${suffix}`, roles: ['supervisor'] };
const investigator: Principal = { ...officer, sub: `it-inv-${suffix}`, roles: ['investigator'] };
const analyst: Principal = { sub: `it-analyst-${suffix}`, username: 'analyst', roles: ['analyst'] };

type StoredEvent = { type: string; subject: string; data?: { mergeId?: string } };

describe('merging companies and conveyances over NATS', () => {
  let service: PersonsService;
  let send: PersonsService['send'];

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'DE'] });
    ({ send } = service);
  });
  afterAll(async () => {
    await service?.close();
  });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('merges two companies (names, numbers, alert follow), and the undo restores both', async () => {
    const created: Company[] = [];
    for (const draft of [
      {
        names: [{ name: `Orgmerge ${suffix} SARL` }],
        country: 'FR',
        registrationNumber: `R${suffix}`,
      },
      { names: [{ name: `Orgmerge Import ${suffix}` }], country: 'FR', vatNumber: `FR${suffix}99` },
    ]) {
      const reply = await send(createCompany, { draft, confirmedNew: true }, officer);
      if (reply.outcome !== 'created') throw new Error('expected a creation');
      created.push(reply.company as Company);
    }
    const [survivor, merged] = created as [Company, Company];
    const today = new Date().toISOString().slice(0, 10);
    const alert: Alert = await send(
      raiseAlert,
      {
        subject: { subjectType: 'company', subjectId: merged.id },
        draft: {
          reason: 'Front company',
          category: 'smuggling-suspect',
          validFrom: today,
          validTo: today,
          handlingInstruction: 'notify the investigator',
        },
      },
      investigator,
    );
    const request = {
      survivorId: survivor.id,
      survivorVersion: survivor.version,
      mergedId: merged.id,
      mergedVersion: merged.version,
    };
    await expect(send(mergeCompanies, request, officer)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const reply = await send(mergeCompanies, request, supervisor);
    expect(reply).toMatchObject({
      id: survivor.id,
      names: [...survivor.names, ...merged.names],
      registrationNumber: `R${suffix}`,
      vatNumber: `FR${suffix}99`,
      merges: [expect.objectContaining({ mergedId: merged.id, state: 'done' })],
    });
    await expect(send(getCompany, { id: merged.id }, analyst)).resolves.toMatchObject({
      id: survivor.id,
      resolvedFrom: merged.id,
    });
    const mergeId = reply.merges![0]!.mergeId;
    const moved = await until(
      () => send(getAlert, { id: alert.id }, analyst),
      (a) => a.subject.subjectId === survivor.id,
    );
    expect(moved.subject).toEqual({ subjectType: 'company', subjectId: survivor.id });

    const undone = await send(
      unmergeCompanies,
      { survivorId: survivor.id, survivorVersion: reply.version, mergeId },
      supervisor,
    );
    expect(undone.survivor).toMatchObject({ names: survivor.names });
    expect(undone.survivor.vatNumber).toBeUndefined();
    expect(undone.restored).toMatchObject({ id: merged.id, names: merged.names });
    await expect(send(getCompany, { id: merged.id }, analyst)).resolves.toMatchObject({
      id: merged.id,
    });
    const back = await until(
      () => send(getAlert, { id: alert.id }, analyst),
      (a) => a.subject.subjectId === merged.id,
    );
    expect(back.subject.subjectId).toBe(merged.id);

    const events = (
      await storedEvents<StoredEvent>(service.nats, 'events.persons.company.>')
    ).filter((event) => event.data?.mergeId === mergeId);
    expect(events.map((event) => event.type).sort()).toEqual([
      'persons.company.merged.v1',
      'persons.company.unmerged.v1',
    ]);
    const history = await send(companyHistory, { id: survivor.id }, analyst);
    expect(history.changes.map((change) => change.change)).toEqual([
      'created',
      'merged',
      'merged',
      'unmerged',
      'unmerged',
    ]);
  });

  it('merges two vehicles; a trailer does not merge with a vehicle', async () => {
    const created: Conveyance[] = [];
    for (const draft of [
      { type: 'vehicle' as const, plate: `OM-${suffix}` },
      { type: 'vehicle' as const, plate: `ON-${suffix}`, make: 'Renault' },
      { type: 'trailer' as const, plate: `OT-${suffix}` },
    ]) {
      const reply = await send(createConveyance, { draft, confirmedNew: true }, officer);
      if (reply.outcome !== 'created') throw new Error('expected a creation');
      created.push(reply.conveyance as Conveyance);
    }
    const [survivor, merged, trailer] = created as [Conveyance, Conveyance, Conveyance];
    await expect(
      send(
        mergeConveyances,
        {
          survivorId: survivor.id,
          survivorVersion: 1,
          mergedId: trailer.id,
          mergedVersion: 1,
        },
        supervisor,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'mergedId', code: 'type_differs' })],
    });
    const reply = await send(
      mergeConveyances,
      { survivorId: survivor.id, survivorVersion: 1, mergedId: merged.id, mergedVersion: 1 },
      supervisor,
    );
    expect(reply).toMatchObject({ plate: `OM-${suffix}`, make: 'Renault', version: 3 });
    await expect(send(getConveyance, { id: merged.id }, analyst)).resolves.toMatchObject({
      id: survivor.id,
      resolvedFrom: merged.id,
    });
  });
});
