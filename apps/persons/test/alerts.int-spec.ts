import { randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  type Alert,
  type CloudEvent,
  EVENTS_STREAM,
  type PersonDraft,
  type Principal,
  buildEvent,
  caseSubjectsLinked,
  createConveyance,
  createPerson,
  getAlert,
  getPerson,
  listAlerts,
  raiseAlert,
  updateAlert,
} from '@opencen/contracts';
import { EventBus } from '@opencen/nest-kit';
import { storedEvents } from '@opencen/testing';
import { type Connection, createConnection } from 'mongoose';
import { JSONCodec, type NatsConnection } from 'nats';

import { backfillAlertKeys } from '../src/alerts/infrastructure/alert-keys.backfill';
import { ExpireAlerts } from '../src/alerts/usecases/expire-alerts';
import { AlertRepository } from '../src/alerts/usecases/ports';
import { CASE_LINKS_CONSUMER } from '../src/case-links/case-links.consumer';
import { type PersonsEnv } from '../src/config/env';
import { type PersonsService, startPersonsService } from './support/persons-service';
import { searchable } from './support/searchable';

/**
 * Watchlist alerts and the links with cases, in process against real NATS, FerretDB and
 * OpenSearch (the expiry job finds due alerts in the alerts index), driven
 * through the request contracts and through case events published the way the cases service will
 * publish them. Its subjects are the real `persons.*` ones, answered by the queue group `persons`:
 * run it alone (the package's test script runs integration files in band).
 *
 * The persons it needs have no country codes, so the reference-data service is never asked.
 */

const suffix = randomBytes(3).toString('hex');
const investigator: Principal = {
  sub: `it-investigator-${suffix}`,
  username: 'investigator',
  roles: ['investigator'],
  office: 'FRA-CDG',
};
const analyst: Principal = { sub: `it-analyst-${suffix}`, username: 'analyst', roles: ['analyst'] };

const personDraft: PersonDraft = {
  familyName: 'Петров',
  givenNames: 'Пётр',
  aliases: [],
  gender: 'male',
  dateOfBirth: '1975',
  nationalities: [],
  documents: [],
  addresses: [],
  phones: [],
  emails: [],
  classification: 'restricted',
};

interface StoredEvent {
  id: string;
  type: string;
  data: { alertId?: string; caseId?: string; version?: number };
}

function dayAfter(day: string, days = 1): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('watchlist alerts and case links over NATS', () => {
  let service: PersonsService;
  let env: PersonsEnv;
  const codec = JSONCodec();
  const today = new Date().toISOString().slice(0, 10);
  const caseOne = `it-case-1-${suffix}`;
  const caseTwo = `it-case-2-${suffix}`;
  let app: INestApplication | undefined;
  let nats: NatsConnection;
  let personId: string;
  let expiringPersonId: string;
  let alert: Alert;
  let expiring: Alert;

  const send: PersonsService['send'] = (contract, payload, principal) =>
    service.send(contract, payload, principal);

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: [] });
    ({ env, app, nats } = service);
    for (const familyName of ['Петров', 'Сидоров']) {
      const reply = await send(
        createPerson,
        { draft: { ...personDraft, familyName }, confirmedNew: true },
        investigator,
      );
      if (reply.outcome !== 'created') throw new Error('expected a creation');
      if (familyName === 'Петров') personId = reply.person.id;
      else expiringPersonId = reply.person.id;
    }
  });

  afterAll(async () => {
    await service?.close();
  });

  /** Events of `alertId` in the stream, waiting up to 10 s for `expected` of them. */
  async function alertEvents(alertId: string, expected: number): Promise<StoredEvent[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const events = (await storedEvents<StoredEvent>(nats, 'events.persons.>')).filter(
        (event) => event.data?.alertId === alertId,
      );
      if (events.length >= expected || Date.now() > deadline) return events;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function caseLinksOf(id: string) {
    const connection = app!.get<Connection>(getConnectionToken());
    return connection
      .collection<{ _id: string; caseIds?: string[]; caseCount?: number; lastSeenAt?: Date }>(
        'persons',
      )
      .findOne({ _id: id }, { projection: { caseIds: 1, caseCount: 1, lastSeenAt: 1 } });
  }

  /**
   * Waits until the case-links consumer has handled everything delivered to it, then publishes
   * what its handlers stored, so that a doubled hit would be in the stream by now.
   */
  async function consumerSettled(): Promise<void> {
    const jsm = await nats.jetstreamManager();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const info = await jsm.consumers.info(EVENTS_STREAM, CASE_LINKS_CONSUMER);
      if ((info.num_pending === 0 && info.num_ack_pending === 0) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await app!.get(EventBus).flushOutbox();
  }

  /** A case event as the cases service publishes it: a CloudEvent on JetStream, msg id = event id. */
  function caseEvent(caseId: string, recordedAt: string, subjectIds: string[]): CloudEvent {
    return buildEvent(caseSubjectsLinked, {
      subject: caseId,
      correlationId: `it-${randomBytes(4).toString('hex')}`,
      actor: `it-officer-${suffix}`,
      data: {
        caseId,
        office: 'FRA-CDG',
        recordedAt,
        subjects: subjectIds.map((subjectId) => ({
          subjectType: 'person' as const,
          subjectId,
          role: 'suspect' as const,
        })),
      },
    });
  }

  async function publish(event: CloudEvent, msgID: string): Promise<void> {
    await nats.jetstream().publish(caseSubjectsLinked.subject, codec.encode(event), { msgID });
  }

  it('raises an alert on a person or a conveyance, and refuses an unknown company naming subjectId', async () => {
    alert = await send(
      raiseAlert,
      {
        subject: { subjectType: 'person', subjectId: personId },
        draft: {
          reason: 'Courier for a heroin network',
          category: 'smuggling-suspect',
          validFrom: today,
          validTo: dayAfter(today, 180),
          handlingInstruction: 'notify the investigator, do not alert the subject',
        },
      },
      investigator,
    );
    expect(alert).toMatchObject({ status: 'active', version: 1, ownerOfficer: investigator.sub });
    await expect(
      send(
        raiseAlert,
        {
          subject: { subjectType: 'company', subjectId: 'c-1' },
          draft: {
            reason: 'r',
            category: 'other',
            validFrom: today,
            validTo: today,
            handlingInstruction: 'h',
          },
        },
        investigator,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'subject.subjectId', reason: 'no company c-1' })],
    });
    const container = await send(
      createConveyance,
      { draft: { type: 'container', containerNumber: 'CSQU 305438 3' }, confirmedNew: true },
      investigator,
    );
    if (container.outcome !== 'created') throw new Error('expected a creation');
    const onContainer = await send(
      raiseAlert,
      {
        subject: { subjectType: 'conveyance', subjectId: container.conveyance.id },
        draft: {
          reason: 'Container used for cocaine twice',
          category: 'smuggling-suspect',
          validFrom: today,
          validTo: dayAfter(today, 180),
          handlingInstruction: 'inspect',
        },
      },
      investigator,
    );
    expect(onContainer).toMatchObject({
      subject: { subjectType: 'conveyance', subjectId: container.conveyance.id },
      status: 'active',
    });
  });

  it('updates from the current version and refuses a stale one with CONFLICT', async () => {
    const draft = {
      reason: alert.reason,
      category: 'wanted' as const,
      validFrom: alert.validFrom,
      validTo: alert.validTo,
      handlingInstruction: alert.handlingInstruction,
    };
    alert = await send(updateAlert, { id: alert.id, version: 1, draft }, investigator);
    expect(alert).toMatchObject({ category: 'wanted', version: 2 });
    await expect(
      send(
        updateAlert,
        { id: alert.id, version: 1, draft: { ...draft, category: 'fraud-risk' } },
        investigator,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    const listed = await send(
      listAlerts,
      { subject: { subjectType: 'person', subjectId: personId }, activeOnly: true },
      analyst,
    );
    expect(listed.items.map((item) => item.id)).toEqual([alert.id]);
  });

  it('expires an alert through the expiry job, once, even when the job runs twice', async () => {
    expiring = await send(
      raiseAlert,
      {
        subject: { subjectType: 'person', subjectId: expiringPersonId },
        draft: {
          reason: 'Short-lived alert',
          category: 'other',
          validFrom: today,
          validTo: today,
          handlingInstruction: 'inform the office',
        },
      },
      investigator,
    );
    const job = app!.get(ExpireAlerts);
    const tomorrow = new Date(`${dayAfter(today)}T00:00:01Z`);
    // The job finds due alerts in the alerts index, which has the new one soon after.
    const due = await searchable(
      () => app!.get(AlertRepository).idsActiveEndingBefore(dayAfter(today), 100),
      (ids) => ids.includes(expiring.id),
    );
    expect(due).toEqual([expiring.id]);
    const [first, second] = await Promise.all([job.execute(tomorrow), job.execute(tomorrow)]);
    expect(first.expired + second.expired).toBe(1);
    expect(await send(getAlert, { id: expiring.id }, analyst)).toMatchObject({
      status: 'expired',
      version: 2,
    });
    // The long alert is still active.
    expect(await send(getAlert, { id: alert.id }, analyst)).toMatchObject({ status: 'active' });
  });

  it('publishes raised, updated and expired each once', async () => {
    const events = await alertEvents(alert.id, 2);
    expect(events.map((event) => event.type)).toEqual([
      'persons.alert.raised.v1',
      'persons.alert.updated.v1',
    ]);
    const expiredEvents = await alertEvents(expiring.id, 2);
    expect(expiredEvents.map((event) => event.type)).toEqual([
      'persons.alert.raised.v1',
      'persons.alert.expired.v1',
    ]);
  });

  it('counts a case once and reports one watchlist hit, even when the case event comes twice', async () => {
    const recordedAt = new Date().toISOString();
    const event = caseEvent(caseOne, recordedAt, [personId, expiringPersonId]);
    // The same event delivered twice (two message ids defeat JetStream's duplicate window)...
    await publish(event, event.id);
    await publish(event, `${event.id}-again`);
    // ...and the same case re-published as a new event (e.g. the cases service re-sent it).
    const again = caseEvent(caseOne, recordedAt, [personId]);
    await publish(again, again.id);
    await consumerSettled();

    const links = await caseLinksOf(personId);
    expect(links).toMatchObject({ caseIds: [caseOne], caseCount: 1 });
    expect(links?.lastSeenAt?.toISOString()).toBe(recordedAt);
    // The person whose alert expired is linked too, but raises no hit.
    expect(await caseLinksOf(expiringPersonId)).toMatchObject({ caseCount: 1 });

    const hits = (await alertEvents(alert.id, 3)).filter(
      (stored) => stored.type === 'persons.watchlist.hit.v1',
    );
    expect(hits.map((hit) => hit.data)).toEqual([
      {
        alertId: alert.id,
        subjectType: 'person',
        subjectId: personId,
        caseId: caseOne,
        ownerOffice: 'FRA-CDG',
        ownerOfficer: investigator.sub,
      },
    ]);
    expect(
      (await alertEvents(expiring.id, 2)).filter(
        (stored) => stored.type === 'persons.watchlist.hit.v1',
      ),
    ).toEqual([]);
  });

  it('counts a second case and reports a second hit', async () => {
    const recordedAt = new Date(Date.now() + 1000).toISOString();
    const event = caseEvent(caseTwo, recordedAt, [personId]);
    await publish(event, event.id);
    await consumerSettled();

    const links = await caseLinksOf(personId);
    expect(links).toMatchObject({ caseIds: [caseOne, caseTwo], caseCount: 2 });
    expect(links?.lastSeenAt?.toISOString()).toBe(recordedAt);
    // The person's reply shows them too.
    await expect(send(getPerson, { id: personId }, analyst)).resolves.toMatchObject({
      caseCount: 2,
      lastSeenAt: recordedAt,
      version: 1,
    });
    const hits = (await alertEvents(alert.id, 4)).filter(
      (stored) => stored.type === 'persons.watchlist.hit.v1',
    );
    expect(hits.map((hit) => hit.data.caseId)).toEqual([caseOne, caseTwo]);
  });

  it('finds the alerts of a subject through its key, and the alert-keys command writes the keys of older alerts', async () => {
    const subject = { subjectType: 'person' as const, subjectId: personId };
    const listed = async () =>
      (await send(listAlerts, { subject, activeOnly: false }, analyst)).items.map((a) => a.id);
    expect(await listed()).toContain(alert.id);

    // An alert stored before alert_keys existed: its subject's key is not there.
    const keys = app!.get<Connection>(getConnectionToken()).collection('alert_keys');
    await keys.deleteOne({ _id: `subject:person:${personId}` } as never);
    expect(await listed()).toEqual([]);

    // With a connection of its own, as the command runs.
    const pages: number[] = [];
    const command = await createConnection(env.MONGO_URL, { dbName: env.MONGO_DB }).asPromise();
    try {
      await backfillAlertKeys(command, {
        pageSize: 2,
        onPage: (progress) => pages.push(progress.read),
      });
    } finally {
      await command.close();
    }
    expect(await listed()).toContain(alert.id);
    expect(pages.length).toBeGreaterThan(1);
  });
});
