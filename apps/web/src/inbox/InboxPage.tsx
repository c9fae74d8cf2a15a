import { type Notification } from '@opencen/contracts';
import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { PagedList } from '../shell/PagedList';
import { formatDateTime } from '../i18n/format';
import { NOTIFICATION_QUERIES } from './notification-stream';
import { targetPath } from './notification-target';

function NotificationItem({
  item,
  onRead,
  marking,
}: {
  item: Notification;
  onRead: () => void;
  marking: boolean;
}) {
  const { t, i18n } = useTranslation();
  const path = targetPath(item.link);
  const target = `${t(`notificationTarget.${item.link.type}`)} ${item.link.label ?? item.link.id}`;
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-notification={item.id}
      data-read={item.read}
      bg={item.read ? undefined : 'var(--mantine-color-indigo-light)'}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            {!item.read && (
              <Badge size="xs" color="red">
                {t('inbox.unread')}
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {t(`notificationKind.${item.kind}`)} ·{' '}
              <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, i18n.language)}</time>
            </Text>
          </Group>
          <Text>{item.text}</Text>
          {path ? (
            <Anchor
              component={Link}
              to={path}
              size="sm"
              onClick={() => {
                if (!item.read) onRead();
              }}
            >
              {target}
            </Anchor>
          ) : (
            <Text size="sm">{target}</Text>
          )}
        </Stack>
        {!item.read && (
          <Button
            size="xs"
            variant="light"
            loading={marking}
            onClick={onRead}
            aria-label={t('inbox.markReadOf', { text: item.text })}
          >
            {t('inbox.markRead')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** My notifications, newest first, a page at a time; mark one or all read. */
export function InboxPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const pages = useInfiniteQuery({
    queryKey: [...NOTIFICATION_QUERIES, 'list', { unreadOnly }],
    queryFn: ({ pageParam }) => api.listNotifications({ unreadOnly, cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATION_QUERIES });
  const markRead = useMutation({
    mutationFn: (id: string) => api.markNotificationRead({ id }),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api.markAllNotificationsRead(),
    onSuccess: refresh,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const problem = pages.error ?? markRead.error ?? markAll.error;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('inbox.title')}</Title>
        <Group>
          <Anchor component={Link} to="/inbox/preferences">
            {t('inbox.preferences')}
          </Anchor>
          <Button variant="light" loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('inbox.markAllRead')}
          </Button>
        </Group>
      </Group>
      <Checkbox
        label={t('inbox.unreadOnly')}
        checked={unreadOnly}
        onChange={(event) => setUnreadOnly(event.currentTarget.checked)}
      />
      <PagedList
        label={t('inbox.title')}
        empty={t('inbox.empty')}
        count={items.length}
        pages={pages}
        error={problem}
      >
        {items.map((item) => (
          <NotificationItem
            key={item.id}
            item={item}
            marking={markRead.isPending && markRead.variables === item.id}
            onRead={() => markRead.mutate(item.id)}
          />
        ))}
      </PagedList>
    </Stack>
  );
}
