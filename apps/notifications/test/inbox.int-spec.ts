import { randomBytes, randomUUID } from 'node:crypto';

import {
  type CloudEvent,
  type EventContract,
  type Notification,
  type Principal,
  buildEvent,
  caseAssigned,
  caseCreated,
  caseRejected,
  caseSubmitted,
  caseTaskAdded,
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
  liveNotificationsSubject,
  markAllNotificationsRead,
  markNotificationRead,
  notificationsSince,
  setNotificationPreferences,
  userInactivityReminder,
  watchlistHit,
} from '@opencen/contracts';
import { eventually, storedEvents } from '@opencen/testing';
import { JSONCodec, type Subscription } from 'nats';

import { CheckTaskDeadlines } from '../src/inbox/usecases/check-task-deadlines';
import {
  type NotificationsService,
  authAsked,
  startNotificationsService,
} from './support/notifications-service';

/**
 * The inbox in process against real NATS, FerretDB and OpenSearch, driven by events published the
 * way persons, cases and auth publish them, and by the request contracts. Other tests publish to
 * the same stream: every user and office here is of this file's own.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const office = `TST-N${suffix}`;
const owner = `it-owner-${suffix}`;
const supervisor = `it-sup-${suffix}`;
const author = `it-author-${suffix}`;
const assignee = `it-inv-${suffix}`;
const principal = (sub: string): Principal => ({ sub, username: sub, roles: ['officer'], office });

const codec = JSONCodec();
const json = JSONCodec<Notification>();

describe('the inbox (real NATS, FerretDB and OpenSearch)', () => {
  let service: NotificationsService;

  beforeAll(async () => {
    service = await startNotificationsService(__filename, {
      users: [
        { id: owner, office: 'TST-OTHER', locale: 'fr' },
        { id: supervisor, office, supervisor: true, locale: 'ru' },
        { id: author, office },
        { id: assignee, office, locale: 'es' },
      ],
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  /** An event as its service publishes it: a CloudEvent on JetStream, msg id = event id. */
  async function publish(contract: EventContract, event: CloudEvent, msgID = event.id) {
    await service.nats.jetstream().publish(contract.subject, codec.encode(event), { msgID });
  }

  function hit(caseId: string, actor = `it-officer-${suffix}`) {
    return buildEvent(watchlistHit, {
      subject: `alert-${suffix}`,
      correlationId: `it-${randomUUID()}`,
      actor,
      data: {
        alertId: `alert-${suffix}`,
        subjectType: 'person',
        subjectId: `person-${suffix}`,
        caseId,
        ownerOffice: office,
        ownerOfficer: owner,
      },
    });
  }

  function caseData(caseId: string, number: string) {
    return {
      caseId,
      number,
      office,
      type: 'seizure' as const,
      status: 'draft' as const,
      version: 1,
      classification: 'restricted' as const,
      subjects: [],
    };
  }

  const list = (
    sub: string,
    query: { unreadOnly?: boolean; cursor?: string; limit?: number } = {},
  ) => service.send(listNotifications, query, principal(sub));

  /** The user's inbox once it holds `count` notifications. */
  const inboxOf = (sub: string, count: number) =>
    eventually(
      async () => {
        const page = await list(sub, { limit: 100 });
        if (page.items.length < count) throw new Error(`${page.items.length} of ${count}`);
        return page.items;
      },
      10_000,
      `${count} notifications of ${sub}`,
    );

  let first: Notification;
  const caseId = `case-${suffix}`;
  const number = `TST-N${suffix}-2026-000001`;

  it("tells a watchlist hit to the alert's owner and the supervisors of its office, live and in their inbox, in their language", async () => {
    const received: Notification[] = [];
    const subscription: Subscription = service.nats.subscribe(liveNotificationsSubject(owner), {
      callback: (_error, message) => received.push(json.decode(message.data)),
    });
    await service.nats.flush();
    await publish(
      caseCreated,
      buildEvent(caseCreated, {
        subject: caseId,
        correlationId: `it-${randomUUID()}`,
        actor: author,
        data: caseData(caseId, number),
      }),
    );
    const event = hit(caseId);
    await publish(watchlistHit, event);
    first = (await inboxOf(owner, 1))[0]!;
    expect(first).toMatchObject({
      id: event.id,
      kind: 'watchlist-hit',
      language: 'fr',
      text: `Alerte de surveillance alert-${suffix} : concordance dans le dossier ${number}`,
      link: { type: 'case', id: caseId, label: number },
      read: false,
    });
    const [forSupervisor] = await inboxOf(supervisor, 1);
    expect(forSupervisor).toMatchObject({ id: event.id, language: 'ru' });
    await eventually(async () => expect(received.map((n) => n.id)).toEqual([event.id]), 5000);
    subscription.unsubscribe();
  });

  it('stores it once per recipient however often the event comes, with one created event each', async () => {
    const event = hit(caseId);
    await publish(watchlistHit, event);
    // Re-published under another message id: JetStream keeps both, the consumer sees it twice.
    await publish(watchlistHit, event, `${event.id}-again`);
    await inboxOf(owner, 2);
    // A third hit after the duplicates: once it is in, the duplicates were handled before it.
    const later = hit(caseId);
    await publish(watchlistHit, later);
    const items = await inboxOf(owner, 3);
    expect(items.map((n) => n.id).filter((id) => id === event.id)).toHaveLength(1);
    expect(items).toHaveLength(3);
    const created = (
      await storedEvents<CloudEvent>(service.nats, 'events.notifications.notification.created.v1')
    ).filter((stored) => stored.subject === `${owner}/${event.id}`);
    expect(created).toHaveLength(1);
  });

  it('lists newest first a page at a time, counts the unread, marks one and all read', async () => {
    const page = await list(owner, { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]!.position > page.items[1]!.position).toBe(true);
    const next = await list(owner, { limit: 2, cursor: page.nextCursor! });
    expect(next.items.map((n) => n.id)).toEqual([first.id]);
    expect(next.nextCursor).toBeUndefined();
    expect(await service.send(countUnreadNotifications, {}, principal(owner))).toEqual({
      unread: 3,
    });

    const read = await service.send(markNotificationRead, { id: first.id }, principal(owner));
    expect(read.read).toBe(true);
    await eventually(async () => {
      expect(await service.send(countUnreadNotifications, {}, principal(owner))).toEqual({
        unread: 2,
      });
      expect((await list(owner, { unreadOnly: true })).items.map((n) => n.id)).not.toContain(
        first.id,
      );
    }, 5000);
    // Another user's notification is not found, and their inbox is their own.
    await expect(
      service.send(markNotificationRead, { id: first.id }, principal(author)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await list(author)).items).toEqual([]);

    expect(await service.send(markAllNotificationsRead, {}, principal(owner))).toEqual({
      marked: 2,
    });
    await eventually(async () => {
      expect(await service.send(countUnreadNotifications, {}, principal(owner))).toEqual({
        unread: 0,
      });
    }, 5000);
  });

  it('answers what came after a position, oldest first (the live stream resume)', async () => {
    const all = await list(owner, { limit: 100 });
    const oldest = all.items[all.items.length - 1]!;
    const since = await service.send(
      notificationsSince,
      { after: oldest.position },
      principal(owner),
    );
    expect(since.items.map((n) => n.id)).toEqual(
      all.items
        .slice(0, -1)
        .reverse()
        .map((n) => n.id),
    );
    expect(since.more).toBe(false);
  });

  it('keeps preferences per kind: a kind turned off tells nobody, and bad input is refused naming the field', async () => {
    expect(
      (await service.send(getNotificationPreferences, {}, principal(owner)))['watchlist-hit'],
    ).toEqual(['in-app']);
    const set = await service.send(
      setNotificationPreferences,
      { 'watchlist-hit': [], 'case-rejected': ['in-app', 'email'] },
      principal(owner),
    );
    expect(set['watchlist-hit']).toEqual([]);
    expect(set['case-assigned']).toEqual(['in-app']);
    await expect(
      service.send(setNotificationPreferences, { 'task-due': ['sms'] } as never, principal(owner)),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'task-due.0' })],
    });

    const before = (await list(owner, { limit: 100 })).items.length;
    const event = hit(caseId);
    await publish(watchlistHit, event);
    await eventually(async () => {
      expect((await list(supervisor, { limit: 100 })).items.map((n) => n.id)).toContain(event.id);
    }, 10_000);
    expect((await list(owner, { limit: 100 })).items).toHaveLength(before);
  });

  it('tells a rejected case to its author, a submitted one to the supervisors, an assigned one to its investigators, an inactivity reminder to its user', async () => {
    const rejected = buildEvent(caseRejected, {
      subject: caseId,
      correlationId: `it-${randomUUID()}`,
      actor: supervisor,
      data: { ...caseData(caseId, number), from: 'submitted' },
    });
    await publish(caseRejected, rejected);
    const [forAuthor] = await inboxOf(author, 1);
    expect(forAuthor).toMatchObject({
      kind: 'case-rejected',
      text: `Case ${number} was sent back to draft`,
    });

    const submitted = buildEvent(caseSubmitted, {
      subject: caseId,
      correlationId: `it-${randomUUID()}`,
      actor: author,
      data: { ...caseData(caseId, number), status: 'submitted', from: 'draft' },
    });
    await publish(caseSubmitted, submitted);
    await eventually(async () => {
      const kinds = (await list(supervisor, { limit: 100 })).items.map((n) => n.kind);
      expect(kinds).toContain('case-submitted');
    }, 10_000);

    const assigned = buildEvent(caseAssigned, {
      subject: caseId,
      correlationId: `it-${randomUUID()}`,
      actor: supervisor,
      data: { ...caseData(caseId, number), from: 'draft', investigators: [assignee, supervisor] },
    });
    await publish(caseAssigned, assigned);
    const [forInvestigator] = await inboxOf(assignee, 1);
    expect(forInvestigator).toMatchObject({
      kind: 'case-assigned',
      text: `Se le ha asignado el caso ${number}`,
    });
    // The supervisor who assigned is not told of it.
    expect((await list(supervisor, { limit: 100 })).items.map((n) => n.id)).not.toContain(
      assigned.id,
    );

    await publish(
      userInactivityReminder,
      buildEvent(userInactivityReminder, {
        subject: author,
        correlationId: `it-${randomUUID()}`,
        actor: 'auth',
        data: {
          userId: author,
          office,
          lastUsedAt: '2026-09-01T00:00:00.000Z',
          lockAt: '2026-12-20T00:00:00.000Z',
        },
      }),
    );
    const items = await inboxOf(author, 2);
    expect(items[0]).toMatchObject({
      kind: 'account-inactivity',
      link: { type: 'account', id: author },
      text: 'Your account will be locked on 2026-12-20 unless you sign in',
    });
  });

  it("tells a task's assignee once when it is due within a day", async () => {
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
    await publish(
      caseTaskAdded,
      buildEvent(caseTaskAdded, {
        subject: caseId,
        correlationId: `it-${randomUUID()}`,
        actor: supervisor,
        data: {
          ...caseData(caseId, number),
          taskId: `task-${suffix}`,
          taskStatus: 'open',
          dueDate: tomorrow,
          assignee,
        },
      }),
    );
    const check = service.app.get(CheckTaskDeadlines);
    const dueOnes = async () =>
      (await list(assignee, { limit: 100 })).items.filter((n) => n.kind === 'task-due');
    await eventually(async () => {
      await check.execute();
      expect(await dueOnes()).toHaveLength(1);
    }, 10_000);
    await check.execute();
    const [due] = await dueOnes();
    expect(due).toMatchObject({ text: `Una tarea del caso ${number} vence el ${tomorrow}` });
    // Checked again: still one (once per task and state). `since` answers once the index holds
    // everything published so far.
    const all = await service.send(
      notificationsSince,
      { after: '0000000000000-start' },
      principal(assignee),
    );
    expect(all.items.filter((n) => n.kind === 'task-due')).toHaveLength(1);
    expect(authAsked.count).toBeGreaterThan(0);
  });

  it('delivers what was published while it was down once it is back (a durable consumer)', async () => {
    const before = (await list(supervisor, { limit: 100 })).items.length;
    await service.stop();
    const event = hit(caseId);
    await publish(watchlistHit, event);
    await service.restart();
    const items = await inboxOf(supervisor, before + 1);
    expect(items.filter((n) => n.id === event.id)).toHaveLength(1);
  });
});
