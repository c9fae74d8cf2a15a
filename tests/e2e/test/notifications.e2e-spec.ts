import { type Alert, type Notification, type Person } from '@opencen/contracts';
import { MailpitClient, decodeJwtPayload, eventually, mailTo } from '@opencen/testing';

import { type ProblemBody, api, tokenOf } from './support/gateway';
import { NotificationStream } from './support/sse';

/**
 * The right officer alerted at once: a supervisor raises an alert on a person, an officer records
 * a case naming that person, and the alert owner's live stream (real HTTP, Server-Sent Events
 * parsed here) receives the watchlist hit; after a disconnect it resumes with Last-Event-ID,
 * receiving what it missed and nothing twice. Other test files may notify the same demo users:
 * only the notifications of this file's cases are looked at.
 */

const seizure = {
  type: 'seizure',
  location: { office: 'FRA-CDG' },
  items: [{ commodityCategory: 'DRUGS', quantity: 3, unit: 'KGM' }],
};

describe('notifications through the gateway', () => {
  let person: Person;
  let alert: Alert;
  const streams: NotificationStream[] = [];

  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  async function open(options: Parameters<typeof NotificationStream.open>[1] = {}) {
    const stream = await NotificationStream.open('supervisor', options);
    streams.push(stream);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return stream;
  }

  async function caseNamingThePerson(): Promise<string> {
    const created = await api<{ id: string; number: string }>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: {
          ...seizure,
          parties: [{ subjectType: 'person', subjectId: person.id, role: 'offender' }],
        },
      },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const hitOn = (caseId: string) => (notification: Notification) =>
    notification.kind === 'watchlist-hit' && notification.link.id === caseId;

  beforeAll(async () => {
    const created = await api<{ person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { familyName: 'Wiśniewska', givenNames: 'Halina', dateOfBirth: '1969-11-02' },
        confirmedNew: true,
      },
    });
    expect(created.status).toBe(201);
    person = created.body.person;
    const raised = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'supervisor',
      body: {
        subject: { subjectType: 'person', subjectId: person.id },
        draft: {
          reason: 'Known courier',
          category: 'smuggling-suspect',
          validFrom: '2026-01-01',
          validTo: '2099-12-31',
          handlingInstruction: 'Notify the supervisor',
        },
      },
    });
    expect(raised.status).toBe(201);
    alert = raised.body;
    expect(alert.ownerOfficer).toBe(decodeJwtPayload(await tokenOf('supervisor')).sub);
  });

  let first: { id: string; notification: Notification };
  let firstCase: string;
  let missedCase: string;

  it("delivers the watchlist hit to the alert owner's live stream within 2 s of the case", async () => {
    const stream = await open();
    firstCase = await caseNamingThePerson();
    first = await stream.until(hitOn(firstCase), 2000);
    expect(first.notification).toMatchObject({
      kind: 'watchlist-hit',
      read: false,
      link: { type: 'case', id: firstCase },
      language: 'en',
    });
    expect(first.notification.text).toContain(alert.id);
    // No person's name in what may leave by e-mail.
    expect(first.notification.text).not.toMatch(/Wiśniewska|Halina/);
    expect(first.id).toBe(first.notification.position);
    stream.close();
  });

  it('resumes after a disconnect with Last-Event-ID: what was missed first, and nothing twice', async () => {
    // Stored while nobody streams.
    missedCase = await caseNamingThePerson();
    await eventually(
      async () => {
        const inbox = await api<{ items: Notification[] }>('/api/v1/notifications?limit=100', {
          as: 'supervisor',
        });
        if (!inbox.body.items.some(hitOn(missedCase))) throw new Error('not in the inbox yet');
      },
      10_000,
      'the missed hit in the inbox',
    );
    const stream = await open({ lastEventId: first.id });
    await stream.until(hitOn(missedCase), 5000);
    const liveCase = await caseNamingThePerson();
    await stream.until(hitOn(liveCase), 5000);
    const ours = stream
      .notifications()
      .filter(({ notification }) =>
        [firstCase, missedCase, liveCase].includes(notification.link.id),
      )
      .map(({ notification }) => notification.link.id);
    expect(ours).toEqual([missedCase, liveCase]);
    stream.close();
  });

  it('accepts the token as ?access_token= for EventSource, and refuses a stream without one', async () => {
    const stream = await open({ tokenInQuery: true, lastEventId: first.id });
    await stream.until(hitOn(missedCase), 5000);
    stream.close();
    const anonymous = await api('/api/v1/notifications/stream');
    expect(anonymous.status).toBe(401);
  });

  it('counts the unread, marks one read, then all', async () => {
    const unread = await api<{ unread: number }>('/api/v1/notifications/unread-count', {
      as: 'supervisor',
    });
    expect(unread.status).toBe(200);
    expect(unread.body.unread).toBeGreaterThanOrEqual(3);

    const read = await api<Notification>(`/api/v1/notifications/${first.notification.id}/read`, {
      method: 'POST',
      as: 'supervisor',
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.notification.id, read: true });
    await eventually(
      async () => {
        const page = await api<{ items: Notification[] }>(
          '/api/v1/notifications?unreadOnly=true&limit=100',
          { as: 'supervisor' },
        );
        if (page.body.items.some((n) => n.id === first.notification.id)) throw new Error('unread');
      },
      5000,
      'the notification out of the unread ones',
    );
    // Nobody else reads or marks it.
    const other = await api(`/api/v1/notifications/${first.notification.id}/read`, {
      method: 'POST',
      as: 'officer',
    });
    expect(other.status).toBe(404);

    const all = await api<{ marked: number }>('/api/v1/notifications/read-all', {
      method: 'POST',
      as: 'supervisor',
    });
    expect(all.status).toBe(200);
    expect(all.body.marked).toBeGreaterThanOrEqual(2);
    await eventually(
      async () => {
        const page = await api<{ items: Notification[] }>(
          '/api/v1/notifications?unreadOnly=true&limit=100',
          { as: 'supervisor' },
        );
        const ours = page.body.items.filter(
          (n) => n.kind === 'watchlist-hit' && n.text.includes(alert.id),
        );
        if (ours.length > 0) throw new Error(`${ours.length} still unread`);
      },
      5000,
      'every hit of the alert read',
    );
  });

  it("keeps each user's preferences per kind, refusing an unknown kind or channel", async () => {
    const set = await api<Record<string, string[]>>('/api/v1/notifications/preferences', {
      method: 'PUT',
      as: 'analyst',
      body: { 'case-submitted': [], 'watchlist-hit': ['in-app', 'email'] },
    });
    expect(set.status).toBe(200);
    const read = await api<Record<string, string[]>>('/api/v1/notifications/preferences', {
      as: 'analyst',
    });
    expect(read.body).toMatchObject({
      'case-submitted': [],
      'watchlist-hit': ['in-app', 'email'],
      'case-assigned': ['in-app'],
    });
    // Another user's are their own.
    const other = await api<Record<string, string[]>>('/api/v1/notifications/preferences', {
      as: 'officer',
    });
    expect(other.body['case-submitted']).toEqual(['in-app']);
    const refused = await api<ProblemBody>('/api/v1/notifications/preferences', {
      method: 'PUT',
      as: 'analyst',
      body: { 'task-due': ['sms'], 'coffee-ready': [] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.path).sort()).toEqual([
      'coffee-ready',
      'task-due.0',
    ]);
  });

  it("sends the watchlist hit to the alert owner's e-mail (Mailpit) once they turn e-mail on", async () => {
    const set = await api<Record<string, string[]>>('/api/v1/notifications/preferences', {
      method: 'PUT',
      as: 'supervisor',
      body: { 'watchlist-hit': ['in-app', 'email'] },
    });
    expect(set.status).toBe(200);
    const created = await api<{ id: string; number: string }>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: {
          ...seizure,
          parties: [{ subjectType: 'person', subjectId: person.id, role: 'offender' }],
        },
      },
    });
    expect(created.status).toBe(201);
    // The demo supervisor's address in the realm; the case number is this run's own.
    const message = await new MailpitClient().waitForMessage(
      `${mailTo('supervisor@opencen.local')} subject:"${created.body.number}"`,
      15_000,
    );
    expect(message.Subject).toBe(
      `OpenCEN: Watchlist hit: alert ${alert.id} in case ${created.body.number}`,
    );
    expect(message.Text).toContain(`/cases/${created.body.id}`);
    expect(message.Text).not.toMatch(/Wiśniewska|Halina/);
  });
});
