import { ActionIcon, Indicator, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { formatNumber } from '../i18n/format';
import { NOTIFICATION_QUERIES, useNotificationStream } from './notification-stream';

/** The shell's bell: my unread count, kept live by the stream, and the way to the inbox. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  useNotificationStream();
  const unread = useQuery({
    queryKey: [...NOTIFICATION_QUERIES, 'unread-count'],
    queryFn: () => api.countUnreadNotifications(),
  });
  const count = unread.data?.unread ?? 0;
  return (
    <>
      {/* Announced when the count changes (a status message, WCAG 4.1.3), without moving focus. */}
      <VisuallyHidden aria-live="polite">
        {count > 0 ? t('inbox.bell', { count }) : ''}
      </VisuallyHidden>
      <Indicator
        label={formatNumber(count, i18n.language)}
        disabled={count === 0}
        size={16}
        color="red"
      >
        <ActionIcon
          component={Link}
          to="/inbox"
          variant="default"
          size="lg"
          aria-label={t('inbox.bell', { count })}
          data-testid="notification-bell"
          data-unread={count}
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="currentColor">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
          </svg>
        </ActionIcon>
      </Indicator>
    </>
  );
}
