import { type Notification } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderScreen } from '../testing/render';
import { InboxPage } from './InboxPage';

const notification = (n: number, patch: Partial<Notification> = {}): Notification => ({
  id: `n-${n}`,
  kind: 'case-rejected',
  text: `Case FRACDG-2026-00000${n} was rejected`,
  language: 'en',
  link: { type: 'case', id: `case-${n}`, label: `FRACDG-2026-00000${n}` },
  read: false,
  createdAt: `2026-12-0${n}T10:00:00.000Z`,
  position: `179663760000${n}-n-${n}`,
  ...patch,
});

/** An inbox of three: a first page of two, newest first, then a page of one. */
function inboxApi() {
  const read = new Set<string>();
  const all = () =>
    [
      notification(3),
      notification(2),
      notification(1, { kind: 'watchlist-hit', link: { type: 'alert', id: 'alert-1' } }),
    ].map((item) => (read.has(item.id) ? { ...item, read: true } : item));
  const listNotifications = vi.fn(
    async ({ unreadOnly, cursor }: { unreadOnly?: boolean; cursor?: string }) => {
      const items = all().filter((item) => !unreadOnly || !item.read);
      const start = cursor ? items.findIndex((item) => item.position === cursor) + 1 : 0;
      const page = items.slice(start, start + 2);
      return {
        items: page,
        nextCursor: start + 2 < items.length ? page.at(-1)!.position : undefined,
      };
    },
  );
  const markNotificationRead = vi.fn(async ({ id }: { id: string }) => {
    read.add(id);
    return all().find((item) => item.id === id);
  });
  const markAllNotificationsRead = vi.fn(async () => {
    const marked = all().filter((item) => !item.read).length;
    for (const item of all()) read.add(item.id);
    return { marked };
  });
  return {
    api: fakeApi({ listNotifications, markNotificationRead, markAllNotificationsRead }),
    listNotifications,
    markNotificationRead,
    markAllNotificationsRead,
  };
}

describe('InboxPage', () => {
  it('lists my notifications newest first, each linked to its target, and pages on with "More"', async () => {
    const { api } = inboxApi();
    renderScreen(<InboxPage />, { api });
    const list = await screen.findByRole('list', { name: 'Notifications' });
    await within(list).findByText('Case FRACDG-2026-000003 was rejected');
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByRole('link', { name: 'Case FRACDG-2026-000003' })).toHaveAttribute(
      'href',
      '/cases/case-3',
    );
    await userEvent.click(screen.getByRole('button', { name: 'More' }));
    expect(await within(list).findByRole('link', { name: 'Alert alert-1' })).toHaveAttribute(
      'href',
      '/alerts/alert-1',
    );
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'More' })).not.toBeInTheDocument();
  });

  it('marks one read through the API, and it no longer shows as unread', async () => {
    const { api, markNotificationRead } = inboxApi();
    renderScreen(<InboxPage />, { api });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Mark read: Case FRACDG-2026-000003 was rejected',
      }),
    );
    expect(markNotificationRead).toHaveBeenCalledWith({ id: 'n-3' });
    const item = (await screen.findByText('Case FRACDG-2026-000003 was rejected')).closest('li')!;
    await vi.waitFor(() => expect(item).toHaveAttribute('data-read', 'true'));
    expect(within(item).queryByRole('button', { name: /^Mark read/ })).not.toBeInTheDocument();
  });

  it('shows only the unread ones when asked, and marks all read', async () => {
    const { api, listNotifications, markAllNotificationsRead } = inboxApi();
    renderScreen(<InboxPage />, { api });
    await screen.findByText('Case FRACDG-2026-000003 was rejected');
    await userEvent.click(screen.getByLabelText('Unread only'));
    expect(listNotifications).toHaveBeenLastCalledWith(
      expect.objectContaining({ unreadOnly: true }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(markAllNotificationsRead).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('No notifications.')).toBeInTheDocument();
  });

  it("dates each notification in the user's language", async () => {
    const { api } = inboxApi();
    renderScreen(<InboxPage />, { api, language: 'fr' });
    const time = (await screen.findByText('Case FRACDG-2026-000003 was rejected'))
      .closest('li')!
      .querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', '2026-12-03T10:00:00.000Z');
    expect(time.textContent).toMatch(/3 déc\. 2026/);
  });
});
