import { randomBytes } from 'node:crypto';
import {
  type Attachment,
  type AuditEntry,
  type Conversation,
  type Message,
  type Notification,
} from '@opencen/contracts';
import { type DemoUser, decodeJwtPayload, eventually } from '@opencen/testing';

import { type ProblemBody, api, gatewayUrl, tokenOf } from './support/gateway';

/**
 * Secure messaging through the gateway with the demo users' real tokens: an operation group of the
 * officer (owner), the liaison officer and the investigator; the analyst is no member. Other test
 * files may notify the same users: only this file's conversation is looked at.
 */

const BASE = '/api/v1/conversations';
const suffix = randomBytes(3).toString('hex');
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000)]);

const subOf = async (user: DemoUser) => decodeJwtPayload(await tokenOf(user)).sub as string;

async function uploadFile(
  conversationId: string,
  file: Buffer,
  type: string,
  as: DemoUser = 'officer',
): Promise<{ status: number; body: Attachment & ProblemBody }> {
  const form = new FormData();
  form.append('name', 'report.pdf');
  form.append('file', new Blob([file], { type }), 'report.pdf');
  const response = await fetch(`${gatewayUrl()}${BASE}/${conversationId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(as)}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Attachment & ProblemBody };
}

describe('conversations through the gateway', () => {
  let conversation: Conversation;
  let liaison: string;
  let investigator: string;

  beforeAll(async () => {
    liaison = await subOf('liaison');
    investigator = await subOf('investigator');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const unknown = await api<ProblemBody>(BASE, {
      method: 'POST',
      as: 'officer',
      body: { name: 'Op', colour: 'red' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.path)).toContain('colour');
    const missing = await api<ProblemBody>(BASE, { method: 'POST', as: 'officer', body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.path)).toContain('name');
    const backwards = await api<ProblemBody>(BASE, {
      method: 'POST',
      as: 'officer',
      body: { name: 'Op', startsOn: '2026-12-10', endsOn: '2026-12-01' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toContainEqual(
      expect.objectContaining({ path: 'endsOn', reason: 'the end comes before the start' }),
    );
    const stranger = await api<ProblemBody>(BASE, {
      method: 'POST',
      as: 'officer',
      body: { name: 'Op', members: [{ user: `nobody-${suffix}` }] },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toContainEqual(
      expect.objectContaining({ path: 'members.0.user', reason: 'no such user' }),
    );
  });

  it('creates an operation group; a non-member gets 404', async () => {
    const created = await api<Conversation>(BASE, {
      method: 'POST',
      as: 'officer',
      body: {
        name: `Operation Tide ${suffix}`,
        members: [{ user: liaison }, { user: investigator }],
        startsOn: '2026-01-01',
        endsOn: '2099-12-31',
        templates: [{ name: 'Seizure report', body: 'Date:\nPlace:\nGoods:' }],
      },
    });
    expect(created.status).toBe(201);
    conversation = created.body;
    expect(created.headers.get('location')).toBe(`${BASE}/${conversation.id}`);
    for (const path of [`${BASE}/${conversation.id}`, `${BASE}/${conversation.id}/messages`]) {
      const reply = await api<ProblemBody>(path, { as: 'analyst' });
      expect(reply.status).toBe(404);
      expect(reply.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('notifies the other members of a new message without its body, and keeps read receipts', async () => {
    const body = `Container TGHU${suffix} under watch`;
    const posted = await api<Message>(`${BASE}/${conversation.id}/messages`, {
      method: 'POST',
      as: 'officer',
      body: { body, template: 'Seizure report' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.number).toBe(1);

    const notice = await eventually(async () => {
      const inbox = await api<{ items: Notification[] }>('/api/v1/notifications?limit=100', {
        as: 'liaison',
      });
      const found = inbox.body.items.find(
        (n) => n.kind === 'message-posted' && n.link.id === conversation.id,
      );
      if (!found) throw new Error('no message-posted notification yet');
      return found;
    }, 20_000);
    expect(notice.text).toContain(`Operation Tide ${suffix}`);
    expect(notice.text).not.toContain(body);

    const unread = await api<Conversation>(`${BASE}/${conversation.id}`, { as: 'liaison' });
    expect(unread.body.unread).toBe(1);
    const read = await api<{ lastRead: number }>(`${BASE}/${conversation.id}/read`, {
      method: 'POST',
      as: 'liaison',
      body: { upTo: 1 },
    });
    expect(read.body).toEqual({ lastRead: 1 });
    const seen = await api<Conversation>(`${BASE}/${conversation.id}`, { as: 'officer' });
    expect(seen.body.members.find((m) => m.user === liaison)?.lastRead).toBe(1);
    expect(seen.body.members.find((m) => m.user === investigator)?.lastRead).toBe(0);
  });

  it('a removed member cannot read what is posted after', async () => {
    const removed = await api<{ removed: boolean }>(
      `${BASE}/${conversation.id}/members/${investigator}/remove`,
      { method: 'POST', as: 'officer', body: {} },
    );
    expect(removed.body).toEqual({ removed: true });
    await api(`${BASE}/${conversation.id}/messages`, {
      method: 'POST',
      as: 'liaison',
      body: { body: 'after the removal' },
    });
    const reply = await api<ProblemBody>(`${BASE}/${conversation.id}/messages`, {
      as: 'investigator',
    });
    expect(reply.status).toBe(404);
    const messages = await api<{ items: Message[] }>(`${BASE}/${conversation.id}/messages`, {
      as: 'officer',
    });
    expect(messages.body.items.map((m) => m.body)).toEqual([
      'after the removal',
      expect.stringContaining('TGHU'),
    ]);
  });

  it('refuses an executable, a file whose bytes do not match its type, and one too large', async () => {
    const executable = await uploadFile(
      conversation.id,
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]),
      'application/x-msdownload',
    );
    expect(executable.status).toBe(400);
    expect(executable.body.errors).toContainEqual(expect.objectContaining({ path: 'file' }));
    const mismatch = await uploadFile(conversation.id, PDF, 'image/png');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0]?.reason).toMatch(
      /declared as image\/png but its content is application\/pdf/,
    );
    const tooLarge = await uploadFile(
      conversation.id,
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]),
      'application/pdf',
    );
    expect(tooLarge.status).toBe(413);
  });

  it('posts an attachment that a member downloads as uploaded', async () => {
    const uploaded = await uploadFile(conversation.id, PDF, 'application/pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ contentType: 'application/pdf', size: PDF.length });
    const posted = await api<Message>(`${BASE}/${conversation.id}/messages`, {
      method: 'POST',
      as: 'officer',
      body: { body: 'the report', attachments: [uploaded.body.id] },
    });
    expect(posted.status).toBe(201);
    const response = await fetch(
      `${gatewayUrl()}${BASE}/${conversation.id}/attachments/${uploaded.body.id}`,
      { headers: { authorization: `Bearer ${await tokenOf('liaison')}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    const outsider = await api(`${BASE}/${conversation.id}/attachments/${uploaded.body.id}`, {
      as: 'analyst',
    });
    expect(outsider.status).toBe(404);
  });

  it('lists my conversations with unread counts', async () => {
    await eventually(async () => {
      const page = await api<{ items: { id: string; unread: number }[] }>(`${BASE}?limit=100`, {
        as: 'liaison',
      });
      const mine = page.body.items.find((c) => c.id === conversation.id);
      if (!mine) throw new Error('not listed yet');
      expect(mine.unread).toBe(1);
    }, 20_000);
  });

  it('holds the reads and the writes in the audit trail, for the auditor', async () => {
    const officer = await subOf('officer');
    await eventually(async () => {
      const reply = await api<{ entries: AuditEntry[] }>(
        `/api/v1/audit/records/conversation/${conversation.id}?limit=200`,
        { as: 'auditor' },
      );
      expect(reply.status).toBe(200);
      const operations = reply.body.entries.map((e) => `${e.action} ${e.actor.sub === officer}`);
      expect(operations).toEqual(expect.arrayContaining(['consultation true', 'collection true']));
      const reads = reply.body.entries.filter((e) => e.action === 'consultation');
      expect(reads.some((e) => e.actor.sub === liaison)).toBe(true);
    }, 20_000);
  });
});
