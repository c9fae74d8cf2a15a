import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeEventSource } from '../testing/event-source';
import { fakeApi, renderScreen } from '../testing/render';
import { NotificationBell } from './NotificationBell';

const notification = {
  id: 'n-2',
  kind: 'case-assigned',
  text: 'Case FRACDG-2026-000002 was assigned to you',
  language: 'en',
  link: { type: 'case', id: 'case-2', label: 'FRACDG-2026-000002' },
  read: false,
  createdAt: '2026-12-07T10:00:00.000Z',
  position: '1796637600000-n-2',
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('NotificationBell', () => {
  it('shows the unread count and counts again when the stream brings a notification', async () => {
    const EventSource = installFakeEventSource();
    let unread = 1;
    const api = fakeApi({
      countUnreadNotifications: async () => ({ unread }),
      notificationStreamUrl: () => '/api/v1/notifications/stream?access_token=token',
    });
    renderScreen(<NotificationBell />, { api });
    const bell = await screen.findByRole('link', { name: 'Notifications: 1 unread' });
    expect(bell).toHaveAttribute('href', '/inbox');
    expect(EventSource.opened).toHaveLength(1);
    expect(EventSource.opened[0]!.url).toContain('access_token=token');

    unread = 2;
    EventSource.opened[0]!.emit('notification', notification, notification.position);
    expect(await screen.findByRole('link', { name: 'Notifications: 2 unread' })).toBeVisible();
  });

  it('opens the stream again with the current token when the gateway refused it, and counts again', async () => {
    const EventSource = installFakeEventSource();
    let unread = 0;
    let token = 'old';
    const api = fakeApi({
      countUnreadNotifications: async () => ({ unread }),
      notificationStreamUrl: () => `/api/v1/notifications/stream?access_token=${token}`,
    });
    renderScreen(<NotificationBell />, { api });
    await screen.findByRole('link', { name: 'Notifications: 0 unread' });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    token = 'renewed';
    unread = 3;
    EventSource.opened[0]!.refuse();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(EventSource.opened).toHaveLength(2);
    expect(EventSource.opened[1]!.url).toContain('access_token=renewed');
    // What came while the stream was closed cannot be resumed by Last-Event-ID: counted again.
    act(() => void EventSource.opened[1]!.dispatchEvent(new Event('open')));
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Notifications: 3 unread' })).toBeVisible(),
    );
  });
});
