import { buildEvent, messagePosted } from '@opencen/contracts';

import { type DeliverNotice } from '../../inbox/usecases/deliver-notice';
import { type ConversationRecord, membershipOf } from '../domain/conversation';
import { NotifyMessagePosted } from './notify-message-posted';
import { type ConversationStore, type ExternalMail, type MessageStore } from './ports';

const at = new Date('2026-12-07T10:00:00Z');
const conversation: ConversationRecord = {
  id: 'c1',
  name: 'Operation Tide',
  owner: 'u-author',
  templates: [],
  members: [
    membershipOf({ user: 'u-author' }, 0, at),
    membershipOf({ user: 'u-reader' }, 0, at),
    membershipOf({ user: 'u-after' }, 3, at),
    membershipOf({ email: 'partner@customs.example' }, 0, at),
  ],
  lastMessage: 2,
  lastActivityAt: at,
  createdAt: at,
  version: 4,
};

function setup(bodies: 'allowed' | 'forbidden') {
  const notices: unknown[] = [];
  const mails: { key: string; to: string; subject: string; text: string }[] = [];
  const notify = new NotifyMessagePosted(
    { get: async () => conversation } as unknown as ConversationStore,
    {
      get: async () => [
        {
          conversationId: 'c1',
          number: 3,
          author: 'u-author',
          body: 'Dock 3 at 6',
          attachments: [],
          postedAt: at,
        },
      ],
    } as unknown as MessageStore,
    { execute: async (notice: unknown) => void notices.push(notice) } as unknown as DeliverNotice,
    {
      send: async (key: string, to: string, subject: string, text: string) =>
        void mails.push({ key, to, subject, text }),
    } as unknown as ExternalMail,
    { externalBodies: bodies, appUrl: 'http://app' },
  );
  return { notify, notices, mails };
}

const event = buildEvent(messagePosted, {
  subject: 'c1',
  data: { conversationId: 'c1', number: 3, author: 'u-author', attachments: [] },
  correlationId: 'corr',
  actor: 'u-author',
});

describe('telling members of a new message', () => {
  it('tells the users who may read it (not its author, not those added after it) through the inbox', async () => {
    const { notify, notices } = setup('forbidden');
    await notify.execute(event);
    expect(notices).toEqual([
      expect.objectContaining({
        id: event.id,
        kind: 'message-posted',
        audiences: [{ type: 'users', users: ['u-reader'] }],
        link: { type: 'conversation', id: 'c1' },
        params: { conversation: 'Operation Tide' },
        actor: 'u-author',
      }),
    ]);
  });

  it('e-mails outside members once per message, with the body only when allowed', async () => {
    const forbidden = setup('forbidden');
    await forbidden.notify.execute(event);
    expect(forbidden.mails).toEqual([
      expect.objectContaining({
        key: expect.stringMatching(/^message\/c1\/3\/ext-/),
        to: 'partner@customs.example',
      }),
    ]);
    expect(forbidden.mails[0]!.text).not.toContain('Dock 3');
    const allowed = setup('allowed');
    await allowed.notify.execute(event);
    expect(allowed.mails[0]!.text).toContain('Dock 3 at 6');
  });
});
