import { type EventOf, type notificationCreated } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import { type DigestItem } from '../domain/digest-message';
import { DeliverEmailOnce } from './deliver-email-once';
import {
  type DayDigest,
  type Delivery,
  DigestStore,
  EmailAddresses,
  EmailDeliveries,
  EmailSender,
  type OutgoingEmail,
  Sleeper,
} from './ports';
import { SendDailyDigests } from './send-daily-digests';
import { SendNotificationEmail } from './send-notification-email';

class FakeSender extends EmailSender {
  readonly sent: OutgoingEmail[] = [];
  /** Thrown by the next sends, in turn. */
  failures: unknown[] = [];
  attempts = 0;
  async send(email: OutgoingEmail): Promise<void> {
    this.attempts += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(email);
  }
}

class FakeDeliveries extends EmailDeliveries {
  readonly byKey = new Map<string, Delivery & { reason?: string }>();
  async get(key: string): Promise<Delivery | null> {
    return this.byKey.get(key) ?? null;
  }
  async record(key: string, delivery: Delivery & { reason?: string }): Promise<void> {
    this.byKey.set(key, delivery);
  }
}

class FakeAddresses extends EmailAddresses {
  async of(user: string): Promise<string | null> {
    return user === 'nobody' ? null : `${user}@douane.example`;
  }
}

class FakeDigests extends DigestStore {
  readonly byKey = new Map<string, DayDigest>();
  readonly days = new Map<string, Set<string>>();
  async add(user: string, day: string, language: DayDigest['language'], item: DigestItem) {
    const digest = this.byKey.get(`${user}/${day}`) ?? { language, items: [] };
    if (!digest.items.some((known) => known.id === item.id)) digest.items.push(item);
    this.byKey.set(`${user}/${day}`, digest);
    this.days.set(day, (this.days.get(day) ?? new Set()).add(user));
  }
  async usersOf(day: string): Promise<string[]> {
    return [...(this.days.get(day) ?? [])];
  }
  async digestOf(user: string, day: string): Promise<DayDigest | null> {
    return this.byKey.get(`${user}/${day}`) ?? null;
  }
}

/** Sleeps by moving the clock: the tests do not wait. */
class ClockSleeper extends Sleeper {
  readonly slept: number[] = [];
  constructor(private readonly clock: FixedClock) {
    super();
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.clock.advance(ms);
  }
}

function setup(retryForMs = 60_000) {
  const clock = new FixedClock(new Date('2026-12-07T10:00:00Z'));
  const sender = new FakeSender();
  const deliveries = new FakeDeliveries();
  const sleeper = new ClockSleeper(clock);
  const digests = new FakeDigests();
  const addresses = new FakeAddresses();
  const options = {
    appUrl: 'https://cen.example',
    policy: 'forbidden' as const,
    retryForMs,
    backoff: { initialMs: 1000, maxMs: 16_000 },
    digestHourUtc: 6,
  };
  const once = new DeliverEmailOnce(sender, deliveries, options, sleeper, clock);
  const send = new SendNotificationEmail(once, addresses, deliveries, digests, options);
  const dailyDigests = new SendDailyDigests(once, digests, addresses, deliveries, options, clock);
  return { send, sender, deliveries, sleeper, digests, dailyDigests };
}

function created(
  overrides: Partial<EventOf<typeof notificationCreated>['data']> = {},
): EventOf<typeof notificationCreated> {
  return {
    specversion: '1.0',
    id: 'e-1',
    type: 'events.notifications.notification.created.v1',
    source: 'notifications',
    time: '2026-12-07T10:00:00.000Z',
    subject: 'u-1/n-1',
    correlationid: 'c',
    data: {
      notificationId: 'n-1',
      recipient: 'u-1',
      kind: 'watchlist-hit',
      channels: ['in-app', 'email'],
      language: 'fr',
      text: 'Alerte A-7 : le sujet apparaît dans le dossier FRA-CDG-2026-000042.',
      link: { type: 'case', id: 'c-1', label: 'FRA-CDG-2026-000042' },
      position: '1765101600000-n-1',
      cause: 'e-0',
      ...overrides,
    },
  } as EventOf<typeof notificationCreated>;
}

describe('SendNotificationEmail', () => {
  it("sends a notification with e-mail once to the recipient's address, in their language", async () => {
    const { send, sender, deliveries } = setup();
    expect(await send.execute(created())).toBe('sent');
    expect(await send.execute(created())).toBe('already');
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({
      to: 'u-1@douane.example',
      messageId: '<n-1.u-1@opencen>',
    });
    expect(sender.sent[0]!.text).toContain('Ouvrir dans OpenCEN : https://cen.example/cases/c-1');
    expect(deliveries.byKey.get('u-1/n-1')).toEqual({ state: 'sent', attempts: 1 });
  });

  it('sends nothing for a notification without e-mail, nor to a user without an address', async () => {
    const { send, sender, deliveries } = setup();
    expect(await send.execute(created({ channels: ['in-app'] }))).toBe('not-email');
    expect(await send.execute(created({ recipient: 'nobody' }))).toBe('no-address');
    expect(sender.attempts).toBe(0);
    expect(deliveries.byKey.get('nobody/n-1')).toMatchObject({ state: 'failed' });
  });

  it('retries a transient failure after a growing backoff, then sends once', async () => {
    const { send, sender, sleeper, deliveries } = setup();
    sender.failures = [{ code: 'ECONNECTION' }, { responseCode: 421 }];
    expect(await send.execute(created())).toBe('sent');
    expect(sender.sent).toHaveLength(1);
    expect(sleeper.slept).toHaveLength(2);
    expect(sleeper.slept[0]).toBeGreaterThanOrEqual(500);
    expect(sleeper.slept[0]).toBeLessThanOrEqual(1000);
    expect(sleeper.slept[1]).toBeGreaterThanOrEqual(1000);
    expect(sleeper.slept[1]).toBeLessThanOrEqual(2000);
    expect(deliveries.byKey.get('u-1/n-1')).toEqual({ state: 'sent', attempts: 3 });
  });

  it('gives up once the retry period is over, and records it', async () => {
    const { send, sender, sleeper, deliveries } = setup(30_000);
    sender.failures = Array.from({ length: 100 }, () => ({ code: 'ECONNREFUSED' }));
    expect(await send.execute(created())).toBe('gave-up');
    expect(sender.sent).toHaveLength(0);
    expect(sleeper.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(deliveries.byKey.get('u-1/n-1')).toMatchObject({
      state: 'gave-up',
      reason: 'ECONNREFUSED',
    });
    // Redelivered after giving up: not tried again.
    expect(await send.execute(created())).toBe('already');
  });

  it('does not retry a permanent failure (5xx)', async () => {
    const { send, sender, sleeper, deliveries } = setup();
    sender.failures = [{ responseCode: 550, code: 'EENVELOPE' }];
    expect(await send.execute(created())).toBe('failed');
    expect(sender.attempts).toBe(1);
    expect(sleeper.slept).toEqual([]);
    expect(deliveries.byKey.get('u-1/n-1')).toEqual({
      state: 'failed',
      attempts: 1,
      reason: 'smtp-550',
    });
  });

  it("sends again one left 'sending' (a crash between the relay's accept and the record)", async () => {
    const { send, sender, deliveries } = setup();
    await deliveries.record('u-1/n-1', { state: 'sending', attempts: 1 });
    expect(await send.execute(created())).toBe('sent');
    expect(sender.sent).toHaveLength(1);
    expect(deliveries.byKey.get('u-1/n-1')).toEqual({ state: 'sent', attempts: 2 });
  });
});

describe('SendDailyDigests', () => {
  it("gathers a day's notifications with digest and sends them once, from the digest hour of the day after", async () => {
    const { send, sender, dailyDigests, digests } = setup();
    expect(await send.execute(created({ channels: ['digest'] }))).toBe('not-email');
    await send.execute(created({ channels: ['digest'] }));
    await send.execute(
      created({
        channels: ['digest'],
        notificationId: 'n-2',
        text: 'Dossier FRA-CDG-2026-000043 : tâche en retard.',
        position: '1765101700000-n-2',
      }),
    );
    expect(sender.sent).toEqual([]);
    expect(digests.byKey.get('u-1/2026-12-07')?.items).toHaveLength(2);

    expect(await dailyDigests.execute(new Date('2026-12-07T23:00:00Z'))).toEqual({
      day: '2026-12-06',
      sent: 0,
    });
    expect(await dailyDigests.execute(new Date('2026-12-08T05:59:00Z'))).toEqual({
      day: null,
      sent: 0,
    });
    expect(await dailyDigests.execute(new Date('2026-12-08T06:00:00Z'))).toEqual({
      day: '2026-12-07',
      sent: 1,
    });
    expect(await dailyDigests.execute(new Date('2026-12-08T07:00:00Z'))).toEqual({
      day: '2026-12-07',
      sent: 0,
    });
    expect(sender.sent).toHaveLength(1);
    const digest = sender.sent[0]!;
    expect(digest.to).toBe('u-1@douane.example');
    expect(digest.subject).toBe('OpenCEN : vos notifications du 2026-12-07 (2)');
    expect(digest.text.indexOf('000042')).toBeLessThan(digest.text.indexOf('000043'));
    expect(digest.text).toContain('https://cen.example/cases/c-1');
    expect(digest.text).toContain('récapitulatif quotidien');
  });
});
