import { randomBytes } from 'node:crypto';
import {
  type Alert,
  type Person,
  type PersonDraft,
  type Principal,
  createPerson,
  buildEvent,
  caseSubjectsLinked,
  getAlert,
  getPerson,
  matchPersons,
  mergePersons,
  personMerged,
  personUnmerged,
  raiseAlert,
  unmergePersons,
} from '@opencen/contracts';
import { getConnectionToken } from '@nestjs/mongoose';
import { storedEvents } from '@opencen/testing';
import { type Connection } from 'mongoose';
import { JSONCodec, type NatsConnection } from 'nats';

import { type PersonsService, startPersonsService } from './support/persons-service';
import { searchable } from './support/searchable';

/**
 * Merging persons, with the service in process against real NATS, FerretDB and OpenSearch, driven
 * only through its request contracts (the same setup as persons.int-spec.ts). Its subjects are the
 * real `persons.*` ones, answered by the queue group `persons`: run this file alone (the package's
 * test script runs integration files in band).
 *
 * The reference-data service is played by a responder on `reference.entry.validate` built with
 * the same HandleRequest as the real one, which knows a few countries: importing another app's
 * internals is not allowed, and the persons service needs only that one subject.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const supervisor: Principal = {
  sub: `it-supervisor-${suffix}`,
  username: 'supervisor',
  roles: ['supervisor'],
  office: 'FRA-CDG',
};
const analyst: Principal = { sub: `it-analyst-${suffix}`, username: 'analyst', roles: ['analyst'] };
const investigator: Principal = {
  sub: `it-investigator-${suffix}`,
  username: 'investigator',
  roles: ['investigator'],
  office: 'FRA-CDG',
};

const survivorDraft: PersonDraft = {
  familyName: 'Петров',
  givenNames: 'Пётр',
  aliases: [],
  gender: 'male',
  dateOfBirth: '1975-03-02',
  nationalities: ['RU'],
  documents: [{ type: 'passport', number: `71 ${suffix}`, issuingCountry: 'RU' }],
  addresses: [],
  phones: [],
  emails: [],
  classification: 'restricted',
};
const mergedDraft: PersonDraft = {
  ...survivorDraft,
  familyName: 'Petrov',
  givenNames: 'Petr',
  dateOfBirth: '1975',
  nationalities: ['UA'],
  documents: [{ type: 'national-id', number: `UA ${suffix}`, issuingCountry: 'UA' }],
};

interface StoredEvent {
  id: string;
  type: string;
  data: { mergeId?: string; survivorId?: string; mergedId?: string };
}

/** The fields an officer enters, to compare a person with what it was. */
function draftPart(person: Person): Partial<Person> {
  const {
    id: _id,
    version: _version,
    updatedAt: _updatedAt,
    updatedBy: _updatedBy,
    merges: _merges,
    latinNames: _latinNames,
    caseCount: _caseCount,
    lastSeenAt: _lastSeenAt,
    ...rest
  } = person;
  return rest;
}

describe('merging persons over NATS', () => {
  let service: PersonsService;
  let send: PersonsService['send'];
  let nats: NatsConnection;
  let survivor: Person;
  let merged: Person;
  let mergeId: string;
  /** Raised on the merged person before the merge: it follows the merge and its undo. */
  let alertOnMerged: Alert;

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'RU', 'DE', 'UA'] });
    ({ send, nats } = service);
    for (const draft of [survivorDraft, mergedDraft]) {
      const reply = await send(createPerson, { draft, confirmedNew: true }, officer);
      if (reply.outcome !== 'created') throw new Error('expected a creation');
      if (draft === survivorDraft) survivor = reply.person as Person;
      else merged = reply.person as Person;
    }
    const today = new Date().toISOString().slice(0, 10);
    alertOnMerged = await send(
      raiseAlert,
      {
        subject: { subjectType: 'person', subjectId: merged.id },
        draft: {
          reason: 'Courier',
          category: 'smuggling-suspect',
          validFrom: today,
          validTo: today,
          handlingInstruction: 'notify the investigator',
        },
      },
      investigator,
    );
  });

  /** The alert once its subject is `subjectId` (the alert-merges consumer moves it), within 10 s. */
  async function alertOn(subjectId: string): Promise<Alert> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const alert = await send(getAlert, { id: alertOnMerged.id }, analyst);
      if (alert.subject.subjectId === subjectId || Date.now() > deadline) return alert;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  afterAll(async () => {
    await service?.close();
  });

  /** The merge events of this run's merge in the stream, waiting for `expected` of them. */
  async function mergeEvents(type: string, expected: number): Promise<StoredEvent[]> {
    const deadline = Date.now() + 10_000;
    const read = async () =>
      (await storedEvents<StoredEvent>(nats, 'events.persons.person.>')).filter(
        (event) => event.type === type && event.data?.mergeId === mergeId,
      );
    let events = await read();
    while (events.length < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      events = await read();
    }
    // A little longer, to see a duplicate if there were one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return read();
  }

  const mergeRequest = () => ({
    survivorId: survivor.id,
    survivorVersion: survivor.version,
    mergedId: merged.id,
    mergedVersion: merged.version,
  });

  it('refuses an officer (FORBIDDEN) and a stale version of either side (CONFLICT)', async () => {
    await expect(send(mergePersons, mergeRequest(), officer)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      send(mergePersons, { ...mergeRequest(), survivorVersion: 7 }, supervisor),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    await expect(
      send(mergePersons, { ...mergeRequest(), mergedVersion: 7 }, supervisor),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(send(getPerson, { id: survivor.id }, analyst)).resolves.toMatchObject({
      version: 1,
      aliases: [],
    });
  });

  it('merges: the survivor keeps both names and documents, and get(merged id) gives the survivor', async () => {
    const reply = await send(mergePersons, mergeRequest(), supervisor);
    expect(reply).toMatchObject({
      id: survivor.id,
      aliases: [{ familyName: 'Petrov', givenNames: 'Petr' }],
      nationalities: ['RU', 'UA'],
      documents: [...survivorDraft.documents, ...mergedDraft.documents],
      merges: [expect.objectContaining({ mergedId: merged.id, state: 'done', by: supervisor.sub })],
    });
    mergeId = reply.merges![0]!.mergeId;
    const got = await send(getPerson, { id: merged.id }, analyst);
    expect(got).toMatchObject({ id: survivor.id, resolvedFrom: merged.id, version: reply.version });
    // A retry of the same merge answers the same survivor and changes nothing.
    await expect(send(mergePersons, mergeRequest(), supervisor)).resolves.toMatchObject({
      version: reply.version,
    });
    survivor = reply as Person;
  });

  it('proposes the survivor, and no longer the merged person, for a draft like the merged one', async () => {
    const candidates = async () =>
      (await send(matchPersons, { draft: mergedDraft }, analyst)).candidates.map(
        (c) => c.person.id,
      );
    // The survivor's document in the index gains the merged person's details soon after.
    const found = await searchable(candidates, (ids) => ids.includes(survivor.id));
    expect(found).toEqual([survivor.id]);
  });

  it('publishes the merged event exactly once, without names', async () => {
    const events = await mergeEvents(personMerged.type, 1);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      mergeId,
      survivorId: survivor.id,
      mergedId: merged.id,
      office: 'FRA-CDG',
      mergedOffice: 'FRA-CDG',
    });
    expect(JSON.stringify(events[0])).not.toMatch(/Petr|Пётр/i);
  });

  it("moves the merged person's alert to the survivor", async () => {
    const alert = await alertOn(survivor.id);
    expect(alert).toMatchObject({
      subject: { subjectType: 'person', subjectId: survivor.id },
      version: alertOnMerged.version + 1,
      status: 'active',
    });
  });

  it('counts a case naming the merged person for the survivor, with a hit on the moved alert', async () => {
    const caseId = `it-case-${suffix}`;
    const event = buildEvent(caseSubjectsLinked, {
      subject: caseId,
      correlationId: `it-${suffix}`,
      actor: officer.sub,
      data: {
        caseId,
        office: 'FRA-CDG',
        recordedAt: new Date().toISOString(),
        subjects: [{ subjectType: 'person', subjectId: merged.id, role: 'suspect' }],
      },
    });
    await nats
      .jetstream()
      .publish(caseSubjectsLinked.subject, JSONCodec().encode(event), { msgID: event.id });
    const persons = service.app
      .get<Connection>(getConnectionToken())
      .collection<{ _id: string; caseIds?: string[]; caseCount?: number }>('persons');
    const deadline = Date.now() + 10_000;
    let links = await persons.findOne({ _id: survivor.id });
    while (!links?.caseCount && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      links = await persons.findOne({ _id: survivor.id });
    }
    expect(links).toMatchObject({ caseIds: [caseId], caseCount: 1 });
    expect(await persons.findOne({ _id: merged.id })).not.toHaveProperty('caseCount');
    await expect(send(getPerson, { id: merged.id }, analyst)).resolves.toMatchObject({
      id: survivor.id,
      caseCount: 1,
    });
    let hits: { type: string; data: { caseId?: string; subjectId?: string } }[] = [];
    while (hits.length === 0 && Date.now() < deadline) {
      hits = (await storedEvents<(typeof hits)[number]>(nats, 'events.persons.watchlist.>')).filter(
        (stored) => stored.data?.caseId === caseId,
      );
      if (hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(hits.map((hit) => hit.data)).toEqual([
      expect.objectContaining({ subjectId: survivor.id, alertId: alertOnMerged.id }),
    ]);
  });

  it('undoes the merge: both back as before, the unmerged event once', async () => {
    await expect(
      send(
        unmergePersons,
        { survivorId: survivor.id, survivorVersion: survivor.version, mergeId },
        officer,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const reply = await send(
      unmergePersons,
      { survivorId: survivor.id, survivorVersion: survivor.version, mergeId },
      supervisor,
    );
    expect(reply.survivor.merges).toEqual([expect.objectContaining({ mergeId, state: 'undone' })]);
    const survivorNow = await send(getPerson, { id: survivor.id }, analyst);
    const mergedNow = await send(getPerson, { id: merged.id }, analyst);
    expect(mergedNow.id).toBe(merged.id);
    expect(mergedNow.resolvedFrom).toBeUndefined();
    expect(mergedNow.mergedInto).toBeUndefined();
    expect(draftPart(survivorNow as Person)).toEqual(draftPart({ ...survivor, ...survivorDraft }));
    expect(draftPart(mergedNow as Person)).toEqual(draftPart(merged));
    const events = await mergeEvents(personUnmerged.type, 1);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      mergeId,
      survivorId: survivor.id,
      mergedId: merged.id,
    });
  });

  it('proposes the restored person again once the undo is searchable', async () => {
    const found = await searchable(
      async () =>
        (await send(matchPersons, { draft: mergedDraft }, analyst)).candidates.map(
          (c) => c.person.id,
        ),
      (ids) => ids.includes(merged.id),
    );
    expect(found).toContain(merged.id);
  });

  it('moves the alert back to the restored person when the merge is undone', async () => {
    const alert = await alertOn(merged.id);
    expect(alert).toMatchObject({
      subject: { subjectType: 'person', subjectId: merged.id },
      // Moved, hit by the case, moved back.
      version: alertOnMerged.version + 3,
    });
  });
});
