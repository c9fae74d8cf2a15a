import { buildEvent, notificationCreated } from '@opencen/contracts';

import { inboxWorld } from '../testing/inbox.fixtures';
import { PushLiveNotifications } from './push-live-notifications';

function createdEvent(channels: ('in-app' | 'email')[]) {
  return buildEvent(notificationCreated, {
    subject: 'owner/ev-1',
    correlationId: 'c-1',
    actor: 'notifications',
    time: '2026-12-07T10:00:00.000Z',
    data: {
      notificationId: 'ev-1',
      recipient: 'owner',
      kind: 'case-assigned',
      channels,
      language: 'en',
      text: 'Case FRA-CDG-2026-000001 was assigned to you',
      link: { type: 'case', id: 'case-1', label: 'FRA-CDG-2026-000001' },
      position: '1765101600000-ev-1',
      cause: 'ev-1',
    },
  });
}

describe('PushLiveNotifications', () => {
  it('pushes a created in-app notification to its recipient, as they read it', () => {
    const { live } = inboxWorld();
    new PushLiveNotifications(live).execute(createdEvent(['in-app', 'email']));
    expect(live.pushed).toEqual([
      {
        recipient: 'owner',
        notification: {
          id: 'ev-1',
          kind: 'case-assigned',
          text: 'Case FRA-CDG-2026-000001 was assigned to you',
          language: 'en',
          link: { type: 'case', id: 'case-1', label: 'FRA-CDG-2026-000001' },
          read: false,
          createdAt: '2026-12-07T10:00:00.000Z',
          position: '1765101600000-ev-1',
        },
      },
    ]);
  });

  it('pushes nothing of an e-mail-only notification', () => {
    const { live } = inboxWorld();
    new PushLiveNotifications(live).execute(createdEvent(['email']));
    expect(live.pushed).toEqual([]);
  });
});
