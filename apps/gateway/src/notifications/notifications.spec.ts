import { type Notification } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { eventually } from '@opencen/testing';

import {
  ROLES,
  type Replier,
  StubLiveFeed,
  StubNats,
  roleOutcomes,
  startStubbedGateway,
  useStubbedGateway,
} from '../testing/gateway-harness';

// The caller's notifications over HTTP, and their live stream, with Keycloak, NATS and the live
// feed stubbed.

function notification(n: number, overrides: Partial<Notification> = {}): Notification {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    kind: 'watchlist-hit',
    text: `Watchlist hit: alert a-${n} in case FRA-CDG-2026-00000${n}`,
    language: 'en',
    link: { type: 'case', id: `c-${n}` },
    read: false,
    createdAt: new Date(1_765_000_000_000 + n).toISOString(),
    position: `${1_765_000_000_000 + n}-${id}`,
    ...overrides,
  };
}

const preferences = {
  'watchlist-hit': ['in-app'],
  'case-assigned': ['in-app'],
  'case-rejected': ['in-app'],
  'case-submitted': ['in-app'],
  'task-due': ['in-app'],
  'task-overdue': ['in-app'],
  'account-inactivity': ['in-app'],
};

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'notifications.notification.list':
      return { items: [notification(2), notification(1)], nextCursor: notification(1).position };
    case 'notifications.notification.count-unread':
      return { unread: 2 };
    case 'notifications.notification.mark-read':
      return notification(1, { id: String(payload.id), read: true });
    case 'notifications.notification.mark-all-read':
      return { marked: 2 };
    case 'notifications.preference.get':
      return preferences;
    case 'notifications.preference.set':
      return { ...preferences, ...payload };
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

describe('notifications over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, call } = useStubbedGateway(defaultReply);

  it("lists the caller's own notifications a page at a time, the caller's principal sent along", async () => {
    const response = await call(
      `/api/v1/notifications?unreadOnly=true&limit=2&cursor=${notification(3).position}`,
      { as: 'officer' },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(2);
    expect(nats.sent[0]).toMatchObject({
      subject: 'notifications.notification.list',
      payload: { unreadOnly: true, limit: 2, cursor: notification(3).position },
      context: { principal: { sub: 'sub-officer' } },
    });
  });

  it('refuses an unknown query parameter or a bad cursor, naming it, and sends nothing', async () => {
    for (const query of ['owner=someone-else', 'cursor=yesterday', 'limit=1000']) {
      const response = await call(`/api/v1/notifications?${query}`, { as: 'officer' });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: { path: string }[] };
      expect(problem.errors[0]!.path).toBe(query.split('=')[0]);
    }
    expect(nats.sent).toEqual([]);
  });

  it('is open to every signed-in user, whatever their role, and to nobody else', async () => {
    const outcomes = await roleOutcomes(nats, call, {
      name: 'unread',
      method: 'GET',
      path: '/api/v1/notifications/unread-count',
    });
    expect(outcomes).toEqual([
      ...ROLES.map((role) => ({ who: role, status: 200, reached: true })),
      { who: 'anonymous', status: 401, reached: false },
    ]);
  });

  it('counts the unread, marks one read and all read', async () => {
    expect(
      await (await call('/api/v1/notifications/unread-count', { as: 'analyst' })).json(),
    ).toEqual({
      unread: 2,
    });
    const one = await call(`/api/v1/notifications/${notification(1).id}/read`, {
      method: 'POST',
      as: 'analyst',
    });
    expect(one.status).toBe(200);
    expect(((await one.json()) as Notification).read).toBe(true);
    expect(nats.sent[1]).toMatchObject({ payload: { id: notification(1).id } });
    const all = await call('/api/v1/notifications/read-all', { method: 'POST', as: 'analyst' });
    expect(await all.json()).toEqual({ marked: 2 });
  });

  it('answers 404 for an id that cannot be a notification', async () => {
    const response = await call('/api/v1/notifications/not$an$id/read', {
      method: 'POST',
      as: 'officer',
    });
    expect(response.status).toBe(404);
    expect(nats.sent).toEqual([]);
  });

  it('reads and sets the preferences, refusing an unknown kind or channel', async () => {
    expect((await call('/api/v1/notifications/preferences', { as: 'officer' })).status).toBe(200);
    const set = await call('/api/v1/notifications/preferences', {
      method: 'PUT',
      as: 'officer',
      body: { 'task-due': [], 'watchlist-hit': ['in-app', 'email'] },
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as Record<string, string[]>)['watchlist-hit']).toEqual([
      'in-app',
      'email',
    ]);
    nats.sent = [];
    for (const body of [{ 'coffee-ready': ['in-app'] }, { 'task-due': ['sms'] }]) {
      const refused = await call('/api/v1/notifications/preferences', {
        method: 'PUT',
        as: 'officer',
        body,
      });
      expect(refused.status).toBe(400);
    }
    expect(nats.sent).toEqual([]);
  });
});

/** Reads Server-Sent Events from a response body as they come. */
class EventReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next block (event or comment), as its lines. */
  async next(): Promise<string[]> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return block.split('\n');
      }
      const { value, done } = await this.reader.read();
      if (done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next notification event: its id and data. */
  async nextNotification(): Promise<{ id: string; data: Notification }> {
    for (;;) {
      const lines = await this.next();
      if (!lines.includes('event: notification')) continue;
      const id = lines.find((line) => line.startsWith('id: '))!.slice(4);
      const data = JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice(6));
      return { id, data };
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}

describe('the notification stream (stubbed live feed)', () => {
  const live = new StubLiveFeed(50);
  const missed = [notification(2), notification(3)];
  const since: Replier = async (subject, payload) => {
    if (subject !== 'notifications.notification.since') throw new Error(`unexpected ${subject}`);
    // A notification stored while the stream resumes arrives both ways: it must come once.
    live.push('sub-officer', notification(3));
    return { items: missed.filter((n) => n.position > String(payload.after)), more: false };
  };
  const nats = new StubNats(since);
  let gateway: Awaited<ReturnType<typeof startStubbedGateway>>;
  let base: string;

  beforeAll(async () => {
    gateway = await startStubbedGateway(nats, { live });
    base = await gateway.app.getUrl();
  });
  afterAll(() => gateway.app.close());
  beforeEach(() => {
    nats.sent = [];
    nats.reply = since;
  });

  it('streams the live notifications of the caller only, as events whose id is their position', async () => {
    const response = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: { authorization: 'Bearer officer-token' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = new EventReader(response);
    expect(await events.next()).toEqual(['retry: 3000', ': connected']);
    live.push('sub-analyst', notification(9));
    live.push('sub-officer', notification(4));
    const received = await events.nextNotification();
    expect(received.id).toBe(notification(4).position);
    expect(received.data).toEqual(notification(4));
    // Without Last-Event-ID, nothing is asked of the service.
    expect(nats.sent).toEqual([]);
    // Heartbeats keep it open.
    expect(await events.next()).toEqual([': heartbeat']);
    await events.cancel();
  });

  it('resumes after Last-Event-ID: what was missed first, then the live ones, none twice', async () => {
    const response = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: {
        authorization: 'Bearer officer-token',
        'last-event-id': notification(1).position,
      },
    });
    const events = new EventReader(response);
    expect((await events.nextNotification()).data.id).toBe(notification(2).id);
    expect((await events.nextNotification()).data.id).toBe(notification(3).id);
    live.push('sub-officer', notification(3));
    live.push('sub-officer', notification(5));
    expect((await events.nextNotification()).data.id).toBe(notification(5).id);
    expect(nats.sent).toMatchObject([
      {
        subject: 'notifications.notification.since',
        payload: { after: notification(1).position },
        context: { principal: { sub: 'sub-officer' } },
      },
    ]);
    await events.cancel();
  });

  it('takes the token from ?access_token= (EventSource sets no header), and refuses without one', async () => {
    const response = await fetch(`${base}/api/v1/notifications/stream?access_token=analyst-token`);
    expect(response.status).toBe(200);
    const events = new EventReader(response);
    await events.next();
    live.push('sub-analyst', notification(6));
    expect((await events.nextNotification()).data.id).toBe(notification(6).id);
    await events.cancel();
    expect((await fetch(`${base}/api/v1/notifications/stream`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/notifications/stream?access_token=forged`)).status).toBe(
      401,
    );
  });

  it('leaves no subscription behind when the client goes, nor when it is refused', async () => {
    const response = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: { authorization: 'Bearer officer-token' },
    });
    const events = new EventReader(response);
    await events.next();
    expect(live.open).toBe(1);
    await events.cancel();
    await eventually(async () => expect(live.open).toBe(0), 2000, 'the subscription closed');
    nats.reply = async () => {
      throw new ServiceError('UNAVAILABLE', 'notifications is down');
    };
    const refused = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: {
        authorization: 'Bearer officer-token',
        'last-event-id': notification(1).position,
      },
    });
    expect(refused.status).toBe(503);
    expect(live.open).toBe(0);
  });

  it('refuses a Last-Event-ID it never sent, and an unknown query parameter', async () => {
    const bad = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: { authorization: 'Bearer officer-token', 'last-event-id': 'yesterday' },
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${base}/api/v1/notifications/stream?user=sub-analyst`, {
      headers: { authorization: 'Bearer officer-token' },
    });
    expect(unknown.status).toBe(400);
  });
});
