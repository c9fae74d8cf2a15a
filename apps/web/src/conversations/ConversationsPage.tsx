import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { PagedList } from '../shell/PagedList';
import { formatDate, formatNumber } from '../i18n/format';
import { CONVERSATION_QUERIES } from './conversation-queries';

/** My conversations, the latest activity first, with their unread counts. */
export function ConversationsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const pages = useInfiniteQuery({
    queryKey: [...CONVERSATION_QUERIES, 'list'],
    queryFn: ({ pageParam }) => api.listConversations({ cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('conversations.title')}</Title>
        <Button component={Link} to="/conversations/new">
          {t('conversations.new')}
        </Button>
      </Group>
      <PagedList
        label={t('conversations.title')}
        empty={t('conversations.empty')}
        count={items.length}
        pages={pages}
        error={pages.error}
      >
        {items.map((item) => (
          <Paper component="li" withBorder p="sm" key={item.id} data-conversation={item.id}>
            <Group justify="space-between">
              <Anchor component={Link} to={`/conversations/${encodeURIComponent(item.id)}`}>
                {item.name}
              </Anchor>
              {item.unread > 0 && (
                <Badge color="red" aria-label={t('conversations.unread', { count: item.unread })}>
                  {formatNumber(item.unread, i18n.language)}
                </Badge>
              )}
            </Group>
            {(item.startsOn ?? item.endsOn) && (
              <Text size="sm" c="dimmed">
                {t('conversations.period', {
                  start: formatDate(item.startsOn, i18n.language),
                  end: formatDate(item.endsOn, i18n.language),
                })}
              </Text>
            )}
          </Paper>
        ))}
      </PagedList>
    </Stack>
  );
}
