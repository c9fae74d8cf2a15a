import { randomBytes } from 'node:crypto';

import {
  type CloudEvent,
  type Principal,
  abortAttachmentUpload,
  addConversationMembers,
  appendAttachmentChunk,
  beginAttachmentUpload,
  createConversation,
  finishAttachmentUpload,
  getAttachment,
  getConversation,
  listConversations,
  listMessages,
  listNotifications,
  buildEvent,
  markConversationRead,
  markNotificationRead,
  messagePosted,
  postMessage,
  readAttachmentChunk,
  removeConversationMember,
} from '@opencen/contracts';
import { MailpitClient, eventually, mailTo, storedEvents } from '@opencen/testing';
import { JSONCodec } from 'nats';

import { CleanAbandonedUploads } from '../src/messaging/usecases/clean-abandoned-uploads';
import {
  type NotificationsService,
  startNotificationsService,
} from './support/notifications-service';

/**
 * Secure messaging in process against real NATS, FerretDB, OpenSearch and Mailpit, driven by the
 * request contracts as the gateway sends them. Every user, address and conversation is this file's.
 */

const suffix = randomBytes(3).toString('hex');
const office = `TST-M${suffix.toUpperCase()}`;
const owner = `it-msg-owner-${suffix}`;
const member = `it-msg-member-${suffix}`;
const removed = `it-msg-removed-${suffix}`;
const late = `it-msg-late-${suffix}`;
const outsider = `it-msg-outsider-${suffix}`;
const external = `partner-${suffix}@customs.partner.example`;
const principal = (sub: string): Principal => ({ sub, username: sub, roles: ['officer'], office });

/** Small limits, so that "too large" takes a few chunks. */
const CHUNK = 1024;
const MAX = 4096;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1500)]);
const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('secure messaging (real NATS, FerretDB, OpenSearch and Mailpit)', () => {
  let service: NotificationsService;
  const mailpit = new MailpitClient();
  let conversationId: string;

  beforeAll(async () => {
    service = await startNotificationsService(__filename, {
      users: [owner, member, removed, late, outsider].map((id) => ({
        id,
        office,
        locale: 'en' as const,
      })),
      env: {
        ATTACHMENT_CHUNK_BYTES: String(CHUNK),
        ATTACHMENT_MAX_BYTES: String(MAX),
        // Every upload not posted is abandoned at once; the cleanup job runs by hand only.
        ATTACHMENT_UPLOAD_IDLE_MS: '1',
        ATTACHMENT_CLEANUP_INTERVAL_MS: '0',
      },
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  /** Uploads `bytes` in chunks as the gateway does; resolves with the attachment id. */
  async function upload(bytes: Buffer, declaredType?: string, as = owner): Promise<string> {
    const begun = await service.send(
      beginAttachmentUpload,
      { conversationId, name: 'report.pdf', ...(declaredType ? { declaredType } : {}) },
      principal(as),
    );
    let sequence = 0;
    for (let at = 0; at < bytes.length; at += begun.chunkBytes) {
      const data = bytes.subarray(at, at + begun.chunkBytes).toString('base64');
      await service.send(
        appendAttachmentChunk,
        { uploadId: begun.uploadId, sequence, data },
        principal(as),
      );
      sequence += 1;
    }
    const done = await service.send(
      finishAttachmentUpload,
      { uploadId: begun.uploadId, chunks: sequence, size: bytes.length },
      principal(as),
    );
    return done.id;
  }

  it('refuses bad input naming the field, and creates nothing', async () => {
    await expect(
      service.send(createConversation, { name: 'Op', colour: 'red' } as never, principal(owner)),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      service.send(createConversation, { members: [] } as never, principal(owner)),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'name' })],
    });
    await expect(
      service.send(
        createConversation,
        { name: 'Op', startsOn: '2026-12-10', endsOn: '2026-12-01' } as never,
        principal(owner),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({ path: 'endsOn', reason: 'the end comes before the start' }),
      ],
    });
    await expect(
      service.send(
        createConversation,
        { name: 'Op', members: [{ email: external }, { user: `nobody-${suffix}` }] } as never,
        principal(owner),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'members.1.user', reason: 'no such user' })],
    });
    const created = await storedEvents<CloudEvent<{ owner: string }>>(
      service.nats,
      'events.notifications.conversation.created.v1',
    );
    expect(created.filter((e) => e.data.owner === owner)).toEqual([]);
  });

  it('creates an operation group; to a non-member it does not exist (NOT_FOUND, not FORBIDDEN)', async () => {
    const conversation = await service.send(
      createConversation,
      {
        name: `Operation Harbour ${suffix}`,
        members: [{ user: member }, { user: removed }, { email: external }],
        startsOn: '2026-01-01',
        endsOn: '2099-12-31',
        templates: [{ name: 'Seizure report', body: 'Date:\nPlace:\nGoods:' }],
      } as never,
      principal(owner),
    );
    conversationId = conversation.id;
    expect(conversation.members.map((m) => m.user ?? m.email)).toEqual([
      owner,
      member,
      removed,
      external,
    ]);
    expect(conversation.members[3]!.id).toMatch(/^ext-[0-9a-f]{32}$/);

    for (const attempt of [
      () => service.send(getConversation, { id: conversationId }, principal(outsider)),
      () => service.send(listMessages, { conversationId }, principal(outsider)),
      () =>
        service.send(postMessage, { conversationId, body: 'hello' } as never, principal(outsider)),
      () =>
        service.send(markConversationRead, { id: conversationId, upTo: 0 }, principal(outsider)),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('tells the other members of a new message (inbox, external e-mail without the body), once, and its event carries no body', async () => {
    const body = `Container MSCU${suffix} arrives Tuesday`;
    const posted = await service.send(
      postMessage,
      { conversationId, body, template: 'Seizure report' } as never,
      principal(owner),
    );
    expect(posted).toMatchObject({ number: 1, author: owner, body, template: 'Seizure report' });

    let eventId = '';
    await eventually(async () => {
      const inbox = await service.send(listNotifications, {}, principal(member));
      const notice = inbox.items.find((n) => n.kind === 'message-posted');
      expect(notice).toMatchObject({
        text: `New message in Operation Harbour ${suffix}`,
        link: { type: 'conversation', id: conversationId },
      });
      eventId = notice!.id;
    }, 10_000);
    // The author is not told of their own message.
    expect(
      (await service.send(listNotifications, {}, principal(owner))).items.filter(
        (n) => n.kind === 'message-posted',
      ),
    ).toEqual([]);

    const mail = await mailpit.waitForMessage(
      `${mailTo(external)} subject:"Operation Harbour ${suffix}"`,
      15_000,
    );
    expect(mail.Text).toContain('not sent by e-mail');
    expect(mail.Text).not.toContain(body);

    const events = (
      await storedEvents<CloudEvent<{ conversationId: string }>>(
        service.nats,
        messagePosted.subject,
      )
    ).filter((e) => e.data.conversationId === conversationId);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(eventId);
    expect(JSON.stringify(events[0])).not.toContain(body);

    // The same event delivered again (a redelivery after a crash) tells nobody twice.
    await service.nats.jetstream().publish(messagePosted.subject, JSONCodec().encode(events[0]), {
      msgID: `${events[0]!.id}-again`,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const again = await service.send(listNotifications, {}, principal(member));
    expect(again.items.filter((n) => n.kind === 'message-posted')).toHaveLength(1);
    expect(
      await mailpit.search(`${mailTo(external)} subject:"Operation Harbour ${suffix}"`),
    ).toHaveLength(1);
  });

  it('keeps read receipts per member, forward only', async () => {
    expect(
      (await service.send(getConversation, { id: conversationId }, principal(member))).unread,
    ).toBe(1);
    expect(
      await service.send(markConversationRead, { id: conversationId, upTo: 5 }, principal(member)),
    ).toEqual({
      lastRead: 1,
    });
    expect(
      await service.send(markConversationRead, { id: conversationId, upTo: 0 }, principal(member)),
    ).toEqual({
      lastRead: 1,
    });
    const seen = await service.send(getConversation, { id: conversationId }, principal(owner));
    expect(seen.members.find((m) => m.user === member)!.lastRead).toBe(1);
    expect(seen.members.find((m) => m.user === removed)!.lastRead).toBe(0);
    expect(
      (await service.send(getConversation, { id: conversationId }, principal(member))).unread,
    ).toBe(0);
  });

  it('lists a user’s conversations from the index, with unread counts', async () => {
    await eventually(async () => {
      const page = await service.send(listConversations, {}, principal(removed));
      expect(page.items).toEqual([
        expect.objectContaining({ id: conversationId, lastMessage: 1, unread: 1 }),
      ]);
    }, 10_000);
    expect((await service.send(listConversations, {}, principal(outsider))).items).toEqual([]);
  });

  it('a removed member reads nothing any more; a member added later reads from their addition on', async () => {
    expect(
      await service.send(
        removeConversationMember,
        { id: conversationId, member: removed },
        principal(owner),
      ),
    ).toEqual({ removed: true });
    await service.send(postMessage, { conversationId, body: 'second' } as never, principal(member));
    for (const attempt of [
      () => service.send(getConversation, { id: conversationId }, principal(removed)),
      () => service.send(listMessages, { conversationId }, principal(removed)),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // Only the owner changes members.
    await expect(
      service.send(
        addConversationMembers,
        { id: conversationId, members: [{ user: late }] } as never,
        principal(member),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await service.send(
      addConversationMembers,
      { id: conversationId, members: [{ user: late }] } as never,
      principal(owner),
    );
    expect((await service.send(listMessages, { conversationId }, principal(late))).items).toEqual(
      [],
    );
    await service.send(postMessage, { conversationId, body: 'third' } as never, principal(owner));
    expect(
      (await service.send(listMessages, { conversationId }, principal(late))).items.map(
        (m) => m.body,
      ),
    ).toEqual(['third']);

    // Pages of the full history, newest first, by cursor.
    const first = await service.send(listMessages, { conversationId, limit: 2 }, principal(owner));
    expect(first.items.map((m) => m.number)).toEqual([3, 2]);
    expect(first.nextCursor).toBe(2);
    const second = await service.send(
      listMessages,
      { conversationId, limit: 2, before: first.nextCursor },
      principal(owner),
    );
    expect(second.items.map((m) => m.number)).toEqual([1]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses an attachment whose bytes are not an accepted type, or disagree with its declared type, or are too large', async () => {
    await expect(
      service.send(
        beginAttachmentUpload,
        { conversationId, name: 'tool.exe', declaredType: 'application/x-msdownload' },
        principal(owner),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'file', code: 'unsupported_type' })],
    });
    await expect(upload(EXECUTABLE)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'file', code: 'unsupported_type' })],
    });
    await expect(upload(PDF, 'image/png')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({
          path: 'file',
          code: 'type_mismatch',
          reason: expect.stringContaining('application/pdf'),
        }),
      ],
    });
    await expect(upload(Buffer.concat([PNG_SIGNATURE, randomBytes(MAX)]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'file', code: 'too_large' })],
    });
  });

  it('posts an attachment that members read chunk by chunk; nobody else finds it', async () => {
    const id = await upload(PDF, 'application/pdf');
    // Not readable before it is posted, nor postable by another member.
    await expect(
      service.send(getAttachment, { conversationId, attachmentId: id }, principal(member)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      service.send(
        postMessage,
        { conversationId, body: 'x', attachments: [id] } as never,
        principal(member),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'attachments.0' })],
    });

    const posted = await service.send(
      postMessage,
      { conversationId, body: 'see the report', attachments: [id] } as never,
      principal(owner),
    );
    expect(posted.attachments).toEqual([
      expect.objectContaining({ id, contentType: 'application/pdf', size: PDF.length }),
    ]);

    const meta = await service.send(
      getAttachment,
      { conversationId, attachmentId: id },
      principal(member),
    );
    const chunks = [];
    for (let sequence = 0; sequence < meta.chunks; sequence++) {
      const chunk = await service.send(
        readAttachmentChunk,
        { conversationId, attachmentId: id, sequence },
        principal(member),
      );
      chunks.push(Buffer.from(chunk.data, 'base64'));
    }
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
    await expect(
      service.send(getAttachment, { conversationId, attachmentId: id }, principal(removed)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // An upload aborted is gone.
    const begun = await service.send(
      beginAttachmentUpload,
      { conversationId, name: 'x.pdf' },
      principal(owner),
    );
    expect(
      await service.send(abortAttachmentUpload, { uploadId: begun.uploadId }, principal(owner)),
    ).toEqual({
      aborted: true,
    });
  });

  it('loses nothing acknowledged across a restart: a post stays, and a posted event that waited while the service was down tells the members after', async () => {
    const posted = await service.send(
      postMessage,
      { conversationId, body: 'before the restart' } as never,
      principal(owner),
    );
    await service.stop();
    // An event relayed before a crash and not consumed yet: it waits in the stream.
    const waiting = buildEvent(messagePosted, {
      subject: conversationId,
      data: { conversationId, number: posted.number, author: owner, attachments: [] },
      correlationId: `it-${suffix}-restart`,
      actor: owner,
    });
    await service.nats
      .jetstream()
      .publish(messagePosted.subject, JSONCodec().encode(waiting), { msgID: waiting.id });
    await service.restart();

    const page = await service.send(listMessages, { conversationId, limit: 1 }, principal(member));
    expect(page.items.map((m) => m.body)).toEqual(['before the restart']);
    const told = await eventually(
      () => service.send(markNotificationRead, { id: waiting.id }, principal(member)),
      15_000,
    );
    expect(told).toMatchObject({ kind: 'message-posted', link: { id: conversationId } });
  });

  it('discards uploads never posted (in progress or finished) with their chunks, and keeps posted ones', async () => {
    const posted = await upload(PDF, 'application/pdf');
    await service.send(
      postMessage,
      { conversationId, body: 'kept', attachments: [posted] } as never,
      principal(owner),
    );
    const finished = await upload(PDF, 'application/pdf');
    const begun = await service.send(
      beginAttachmentUpload,
      { conversationId, name: 'half.pdf' },
      principal(owner),
    );
    await service.send(
      appendAttachmentChunk,
      { uploadId: begun.uploadId, sequence: 0, data: PDF.subarray(0, CHUNK).toString('base64') },
      principal(owner),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(await service.app.get(CleanAbandonedUploads).execute()).toEqual({ discarded: 2 });
    await expect(
      service.send(
        appendAttachmentChunk,
        { uploadId: begun.uploadId, sequence: 1, data: PDF.subarray(CHUNK).toString('base64') },
        principal(owner),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      service.send(
        postMessage,
        { conversationId, body: 'late', attachments: [finished] } as never,
        principal(owner),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      (
        await service.send(
          getAttachment,
          { conversationId, attachmentId: posted },
          principal(member),
        )
      ).size,
    ).toBe(PDF.length);
    expect(await service.app.get(CleanAbandonedUploads).execute()).toEqual({ discarded: 0 });
  });
});
