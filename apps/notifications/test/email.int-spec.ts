import { randomBytes, randomUUID } from 'node:crypto';
import { type Server, type Socket, connect, createServer } from 'node:net';

import {
  type CloudEvent,
  EVENTS_STREAM,
  type Principal,
  buildEvent,
  caseCreated,
  consumerName,
  notificationCreated,
  setNotificationPreferences,
  watchlistHit,
} from '@opencen/contracts';
import { MailpitClient, eventually, mailTo, storedEvents } from '@opencen/testing';
import { JSONCodec } from 'nats';

import { consumerSuffix } from '../src/app.module';
import { SendDailyDigests } from '../src/email/usecases/send-daily-digests';
import {
  type NotificationsService,
  startNotificationsService,
} from './support/notifications-service';

/**
 * E-mail delivery in process against real NATS, FerretDB, OpenSearch and Mailpit: the service
 * sends through a TCP relay of the test's own in front of Mailpit's SMTP port, which can refuse
 * connections (the relay unreachable) or pass them on. Every address is of this file's own.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const office = `TST-E${suffix}`;
const domain = `it-email-${suffix.toLowerCase()}.opencen.test`;
const owner = `it-eowner-${suffix}`;
const supervisor = `it-esup-${suffix}`;
const digester = `it-edig-${suffix}`;
const ownerMail = `owner@${domain}`;
const digesterMail = `digest@${domain}`;
const supervisorMail = `supervisor@${domain}`;
const principal = (sub: string): Principal => ({ sub, username: sub, roles: ['officer'], office });
const codec = JSONCodec();

/** A TCP relay to Mailpit's SMTP port that refuses connections while `refusing`, counting them. */
class SwitchableRelay {
  refusing = false;
  refused = 0;
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      if (this.refusing) {
        this.refused += 1;
        socket.destroy();
        return;
      }
      const upstream = connect(Number(this.target.port), this.target.hostname);
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('e-mail delivery (real NATS, FerretDB, OpenSearch and Mailpit)', () => {
  let service: NotificationsService;
  const mailpit = new MailpitClient();
  const relay = new SwitchableRelay(new URL(process.env.SMTP_URL!));

  beforeAll(async () => {
    await relay.start();
    await mailpit.deleteSearch(`to:"@${domain}"`);
    service = await startNotificationsService(__filename, {
      users: [
        { id: owner, office: 'TST-OTHER', locale: 'fr', email: ownerMail },
        { id: supervisor, office, supervisor: true, locale: 'en', email: supervisorMail },
        { id: digester, office, supervisor: true, locale: 'es', email: digesterMail },
      ],
      env: {
        SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
        APP_URL: 'https://cen.example',
        EMAIL_RETRY_INITIAL_MS: '100',
      },
    });
  });

  afterAll(async () => {
    await service?.close();
    await relay.stop();
  });

  async function publish(event: CloudEvent, subject: string, msgID = event.id) {
    return service.nats.jetstream().publish(subject, codec.encode(event), { msgID });
  }

  /** A case and a watchlist hit on it: the owner and the office's supervisor are told. */
  async function caseAndHit(): Promise<string> {
    const caseId = `case-${randomUUID()}`;
    const number = `TST-E${suffix}-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    await publish(
      buildEvent(caseCreated, {
        subject: caseId,
        correlationId: `it-${randomUUID()}`,
        actor: `it-author-${suffix}`,
        data: {
          caseId,
          number,
          office,
          type: 'seizure',
          status: 'draft',
          version: 1,
          classification: 'restricted',
          subjects: [],
        },
      }),
      caseCreated.subject,
    );
    await publish(
      buildEvent(watchlistHit, {
        subject: `alert-${suffix}`,
        correlationId: `it-${randomUUID()}`,
        actor: `it-officer-${suffix}`,
        data: {
          alertId: `alert-${suffix}`,
          subjectType: 'person',
          subjectId: `person-${suffix}`,
          caseId,
          ownerOffice: office,
          ownerOfficer: owner,
        },
      }),
      watchlistHit.subject,
    );
    return number;
  }

  /** The created notification event of `recipient` whose text names `number`, once stored. */
  const createdEventOf = (recipient: string, number: string) =>
    eventually(
      async () => {
        const events = await storedEvents<CloudEvent<{ recipient: string; text: string }>>(
          service.nats,
          notificationCreated.subject,
        );
        const found = events.find(
          (event) => event.data.recipient === recipient && event.data.text.includes(number),
        );
        if (!found) throw new Error('not created yet');
        return found;
      },
      15_000,
      `the notification of ${recipient} about ${number}`,
    );

  /** Once the e-mail consumer has handled everything the stream holds for it. */
  const emailConsumerCaughtUp = () =>
    eventually(
      async () => {
        const jsm = await service.nats.jetstreamManager();
        const durable = `${consumerName('notifications', 'email')}${consumerSuffix(service.env.OPENSEARCH_INDEX_PREFIX)}`;
        const info = await jsm.consumers.info(EVENTS_STREAM, durable);
        if (info.num_pending + info.num_ack_pending > 0) throw new Error('still pending');
      },
      15_000,
      'the e-mail consumer caught up',
    );

  const messagesTo = async (address: string, text: string) =>
    (await mailpit.search(`${mailTo(address)} subject:"${text}"`)).length;

  it('sends a watchlist hit to its French-speaking owner in French, once even when the event comes again', async () => {
    await service.send(
      setNotificationPreferences,
      { 'watchlist-hit': ['in-app', 'email'] },
      principal(owner),
    );
    const number = await caseAndHit();
    const message = await mailpit.waitForMessage(
      `${mailTo(ownerMail)} subject:"${number}"`,
      15_000,
    );
    expect(message.To.map((to) => to.Address)).toEqual([ownerMail]);
    expect(message.From?.Address).toBe('no-reply@opencen.local');
    expect(message.Subject).toContain(number);
    expect(message.Text).toContain('Ouvrir dans OpenCEN : https://cen.example/cases/');
    expect(message.Text).toContain('préférences de notification');
    expect(message.Text).not.toContain(`person-${suffix}`);

    // The same created event again (another message id, so JetStream stores it): no second e-mail.
    const created = await createdEventOf(owner, number);
    await publish(created, notificationCreated.subject, `again-${randomUUID()}`);
    await emailConsumerCaughtUp();
    expect(await messagesTo(ownerMail, number)).toBe(1);
  });

  it('sends nothing to a user whose preference for the kind has no e-mail', async () => {
    // The supervisor keeps the default (in the application only).
    const number = await caseAndHit();
    await createdEventOf(supervisor, number);
    await mailpit.waitForMessage(`${mailTo(ownerMail)} subject:"${number}"`, 15_000);
    await emailConsumerCaughtUp();
    expect(await messagesTo(supervisorMail, number)).toBe(0);
  });

  it('retries while the relay is unreachable and delivers once when it is back', async () => {
    relay.refusing = true;
    const number = await caseAndHit();
    await eventually(
      async () => {
        if (relay.refused < 2) throw new Error(`${relay.refused} connections refused`);
      },
      15_000,
      'two attempts refused',
    );
    relay.refusing = false;
    const message = await mailpit.waitForMessage(
      `${mailTo(ownerMail)} subject:"${number}"`,
      15_000,
    );
    expect(message.Text).toContain('Ouvrir dans OpenCEN');
    await emailConsumerCaughtUp();
    expect(await messagesTo(ownerMail, number)).toBe(1);
  });

  it("sends a user who wants a kind in a digest one e-mail of the day's notifications, in their language, the day after", async () => {
    await service.send(
      setNotificationPreferences,
      { 'watchlist-hit': ['digest'] },
      principal(digester),
    );
    const numbers = [await caseAndHit(), await caseAndHit()];
    const events = await Promise.all(numbers.map((number) => createdEventOf(digester, number)));
    await emailConsumerCaughtUp();
    expect(await mailpit.search(mailTo(digesterMail))).toHaveLength(0);

    // The clock moved to the next day, after the digest hour (06:00 UTC by default).
    const day = events[0]!.time.slice(0, 10);
    const nextDay = new Date(Date.parse(`${day}T07:00:00.000Z`) + 86_400_000);
    const digests = service.app.get(SendDailyDigests);
    expect(await digests.execute(new Date(`${day}T23:59:00.000Z`))).toMatchObject({ sent: 0 });
    expect((await digests.execute(nextDay)).sent).toBe(1);
    const message = await mailpit.waitForMessage(mailTo(digesterMail), 15_000);
    expect(message.Subject).toContain(`OpenCEN: sus notificaciones del ${day}`);
    for (const [index, event] of events.entries()) {
      if (event.time.startsWith(day)) expect(message.Text).toContain(numbers[index]);
    }
    expect(message.Text).toContain('resumen diario');

    // Once per user and day, however often the job runs.
    expect((await digests.execute(nextDay)).sent).toBe(0);
    expect(await mailpit.search(mailTo(digesterMail))).toHaveLength(1);
  });
});
