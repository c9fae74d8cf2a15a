import { randomBytes, randomUUID } from 'node:crypto';

import { getConnectionToken } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type Principal,
  type RequestContract,
  appendAttachmentChunk,
  beginAttachmentUpload,
  createConversation,
  createWebhook,
  finishAttachmentUpload,
  getAttachment,
  listMessages,
  listWebhooks,
  messagePosted,
  postMessage,
  webhookCreated,
} from '@opencen/contracts';
import {
  ContractClient,
  IDEMPOTENCY_KEYS_COLLECTION,
  type IdempotencyKeyDocument,
  IdempotencyKeys,
  keyDocumentId,
} from '@opencen/nest-kit';
import { dieBeforeTheReplyIsKept, storedEvents } from '@opencen/testing';
import { type Connection } from 'mongoose';

import { WEBHOOK_SUBSCRIPTIONS_COLLECTION } from '../src/webhooks/infrastructure/webhook.schemas';
import {
  type NotificationsService,
  startNotificationsService,
} from './support/notifications-service';

/**
 * `Idempotency-Key` on webhook creation and message posting against real NATS, FerretDB and
 * OpenSearch: a request whose service died after storing its record and before answering is
 * answered that record by its replay after a restart, with nothing doubled (no second record, no
 * second event on the stream).
 */
const suffix = randomBytes(3).toString('hex');
const office = `TST-I${suffix.toUpperCase()}`;
const integration: Principal = {
  sub: `it-idem-int-${suffix}`,
  username: 'partner',
  roles: ['integration'],
};
const author: Principal = {
  sub: `it-idem-author-${suffix}`,
  username: 'author',
  roles: ['officer'],
  office,
};
const member: Principal = { ...author, sub: `it-idem-member-${suffix}`, username: 'member' };
/** Short, so that the test sees a dead run's key taken over. */
const LEASE_MS = 1500;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(600)]);

describe('webhooks and messages under an Idempotency-Key', () => {
  let service: NotificationsService;
  let client: ContractClient;

  beforeAll(async () => {
    service = await startNotificationsService(__filename, {
      users: [author, member, integration].map((user) => ({
        id: user.sub,
        office,
        locale: 'en' as const,
      })),
      env: { IDEMPOTENCY_LEASE_MS: String(LEASE_MS) },
    });
    client = ContractClient.over(service.env.NATS_URL);
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await service?.close();
  });

  const sendKeyed = async <C extends RequestContract>(
    contract: C,
    request: Parameters<C['request']['parse']>[0],
    principal: Principal,
    key: string,
  ) => {
    let replayed = false;
    const reply = await client.send(contract, request as never, {
      context: { correlationId: `it-${randomUUID()}`, principal },
      idempotencyKey: key,
      onReplayed: () => (replayed = true),
    });
    return { reply, replayed };
  };
  const mongo = () => service.app.get<Connection>(getConnectionToken());
  const keyDocument = (principal: Principal, key: string) =>
    mongo()
      .collection<IdempotencyKeyDocument>(IDEMPOTENCY_KEYS_COLLECTION)
      .findOne({ _id: keyDocumentId(principal.sub, key) });
  /**
   * The service dies after the request's writes and before the key records its reply: the key
   * document stays "running" with its lease, exactly as a kill -9 at that point leaves it.
   */
  const dieBeforeTheReply = () => dieBeforeTheReplyIsKept(service.app.get(IdempotencyKeys));
  /** Restarts the service, sees a replay refused while the dead run's lease lasts, lets it pass. */
  const restartAndOutliveTheLease = async (replay: () => Promise<unknown>) => {
    await service.restart();
    await expect(replay()).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 200));
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

  it('answers the subscription and secret of a webhook creation that died before answering, once, after a restart', async () => {
    const key = randomUUID();
    const request = {
      url: 'https://partner.example/hooks/idempotency',
      eventTypes: ['cases.case.validated.v1'],
      filters: { office: [office] },
    };
    const create = () => sendKeyed(createWebhook, request, integration, key);
    const dies = dieBeforeTheReply();
    await expect(create()).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(dies.deaths()).toBe(1);
    expect(await keyDocument(integration, key)).toMatchObject({ state: 'running' });
    const stored = (await service.send(listWebhooks, {}, integration)).items;
    expect(stored).toHaveLength(1);

    await restartAndOutliveTheLease(create);
    const replay = await create();
    expect(replay.replayed).toBe(false);
    expect(replay.reply.subscription).toEqual(stored[0]);
    // The secret the dead run stored, which no one had received: the replay hands it out.
    const document = await mongo()
      .collection<{ _id: string; secret: string }>(WEBHOOK_SUBSCRIPTIONS_COLLECTION)
      .findOne({ _id: stored[0]!.id });
    expect(replay.reply.secret).toBe(document?.secret);
    expect((await service.send(listWebhooks, {}, integration)).items).toHaveLength(1);
    await settle();
    const created = (
      await storedEvents<CloudEvent>(service.nats, `events.${webhookCreated.type}`)
    ).filter((event) => event.subject === stored[0]!.id);
    expect(created).toHaveLength(1);
    expect(await keyDocument(integration, key)).toMatchObject({ state: 'done' });
    // and from now on the recorded reply answers.
    expect(await create()).toEqual({ reply: replay.reply, replayed: true });
  });

  it('answers the message of a post that died before answering, under its number, once, after a restart and a later post', async () => {
    const conversation = await service.send(
      createConversation,
      { name: `Idempotency ${suffix}`, members: [{ user: member.sub }] },
      author,
    );
    const conversationId = conversation.id;
    const begun = await service.send(
      beginAttachmentUpload,
      { conversationId, name: 'report.pdf' },
      author,
    );
    await service.send(
      appendAttachmentChunk,
      { uploadId: begun.uploadId, sequence: 0, data: PDF.toString('base64') },
      author,
    );
    const attachment = await service.send(
      finishAttachmentUpload,
      { uploadId: begun.uploadId, chunks: 1, size: PDF.length },
      author,
    );
    const key = randomUUID();
    const post = () =>
      sendKeyed(
        postMessage,
        { conversationId, body: 'Seizure at gate 12', attachments: [attachment.id] },
        author,
        key,
      );

    const dies = dieBeforeTheReply();
    await expect(post()).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(dies.deaths()).toBe(1);
    // The number the dead run took was recorded in its key before its insert.
    expect(await keyDocument(author, key)).toMatchObject({ state: 'running', progress: '1' });
    // Someone posts meanwhile: the next free number is no longer the dead run's.
    await service.send(postMessage, { conversationId, body: 'Noted' }, member);

    await restartAndOutliveTheLease(post);
    const replay = await post();
    expect(replay.replayed).toBe(false);
    expect(replay.reply).toMatchObject({
      number: 1,
      author: author.sub,
      body: 'Seizure at gate 12',
      attachments: [expect.objectContaining({ id: attachment.id })],
    });
    const messages = await service.send(listMessages, { conversationId }, author);
    expect(messages.items.map((m) => [m.number, m.author])).toEqual([
      [2, member.sub],
      [1, author.sub],
    ]);
    expect(messages.items.find((m) => m.number === 1)).toEqual(replay.reply);
    // Its attachment is readable as posted in it (the replay did not refuse it as posted).
    await expect(
      service.send(getAttachment, { conversationId, attachmentId: attachment.id }, member),
    ).resolves.toMatchObject({ id: attachment.id });
    await settle();
    const posted = (
      await storedEvents<CloudEvent<{ conversationId: string; number: number }>>(
        service.nats,
        `events.${messagePosted.type}`,
      )
    ).filter((event) => event.data.conversationId === conversationId);
    expect(posted.map((event) => event.data.number).sort()).toEqual([1, 2]);
    expect(await keyDocument(author, key)).toMatchObject({ state: 'done' });
    expect(await post()).toEqual({ reply: replay.reply, replayed: true });
  });
});
