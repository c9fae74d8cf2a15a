import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import { CONVERSATION_QUERIES } from '../conversations/conversation-queries';

/** The query keys of the inbox: a new notification makes every one of them stale. */
export const NOTIFICATION_QUERIES = ['notifications'] as const;

/** How long to wait before opening the stream again once the gateway closed it (ms). */
const REOPEN_AFTER_MS = 5_000;

/**
 * Keeps the inbox's queries live: listens to the gateway's Server-Sent Events of the caller's
 * notifications and invalidates the inbox (and conversation) queries on each new one.
 *
 * After a network cut the browser's EventSource reconnects by itself and sends `Last-Event-ID`,
 * so the gateway sends what came meanwhile first. When the gateway refuses the stream instead
 * (an expired token: EventSource gives up), it is opened again with the current token; a new
 * EventSource cannot send `Last-Event-ID`, so the queries are refetched instead, losing nothing.
 */
export function useNotificationStream(): void {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    // jsdom and very old browsers have no EventSource: the inbox then refreshes when opened.
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // A notification may tell of a new message too: the conversations' unread counts follow.
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: NOTIFICATION_QUERIES });
      void queryClient.invalidateQueries({ queryKey: CONVERSATION_QUERIES });
    };
    const open = (again: boolean) => {
      source = new EventSource(api.notificationStreamUrl());
      source.addEventListener('notification', refresh);
      if (again) source.addEventListener('open', refresh, { once: true });
      source.addEventListener('error', () => {
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        reopen = setTimeout(() => open(true), REOPEN_AFTER_MS);
      });
    };
    open(false);
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, [api, queryClient]);
}
