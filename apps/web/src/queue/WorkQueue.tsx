import { type Case, type CaseSummary } from '@opencen/contracts';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDate, formatDateTime } from '../i18n/format';
import { targetPath } from '../inbox/notification-target';
import { NOTIFICATION_QUERIES } from '../inbox/notification-stream';

/** How many of the latest notifications are looked through for watchlist hits. */
const RECENT_NOTIFICATIONS = 50;
/** How many watchlist hits the queue shows (the inbox has them all). */
const SHOWN_HITS = 10;

/** One list of the queue. */
function QueueCard({
  title,
  children,
  count,
}: {
  title: string;
  count: number;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Badge variant="light">{count}</Badge>
      </Group>
      {count === 0 ? <Text c="dimmed">{t('queue.empty')}</Text> : <Stack gap={6}>{children}</Stack>}
    </Card>
  );
}

function CaseLink({
  item,
  note,
}: {
  item: Pick<CaseSummary, 'id' | 'number' | 'status' | 'detectedAt'>;
  note?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div>
      <Anchor component={Link} to={`/cases/${item.id}`}>
        {item.number}
      </Anchor>{' '}
      <Text span size="sm" c="dimmed">
        {t(`caseStatus.${item.status}`)} · {formatDateTime(item.detectedAt, i18n.language)}
      </Text>
      {note && (
        <Text size="sm" c="orange">
          {note}
        </Text>
      )}
    </div>
  );
}

/**
 * The first screen: the drafts of the user's office (those rejected back to the user apart), the
 * cases to validate for supervisors, the investigations and their tasks with due dates, and the
 * recent watchlist hits among the user's notifications (kept live by the notification stream).
 */
export function WorkQueue() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const writer = may(session, 'caseWriters');
  const supervisor = may(session, 'caseSupervisors');
  const investigator = session.roles.includes('investigator');

  const drafts = useQuery({
    queryKey: ['cases', 'queue', 'drafts'],
    queryFn: () => api.searchCases({ status: 'draft', sort: 'updatedAt', limit: 20 }),
    enabled: writer,
  });
  const toValidate = useQuery({
    queryKey: ['cases', 'queue', 'submitted'],
    queryFn: () => api.searchCases({ status: 'submitted', sort: 'updatedAt', limit: 20 }),
    enabled: supervisor,
  });
  const investigations = useQuery({
    queryKey: ['cases', 'queue', 'investigations'],
    queryFn: () => api.searchCases({ type: 'investigation', sort: 'updatedAt', limit: 20 }),
    enabled: investigator || supervisor,
  });
  // A summary does not say who wrote a draft or why it came back: the drafts are read whole.
  const draftCases = useQueries({
    queries: (drafts.data?.items ?? []).map((item) => ({
      queryKey: ['case', item.id],
      queryFn: () => api.getCase({ id: item.id }),
    })),
  });
  const fullDrafts = draftCases.map((q) => q.data).filter((c): c is Case => c !== undefined);
  const rejected = fullDrafts.filter((c) => c.rejection && c.createdBy === session.sub);
  const plainDrafts = (drafts.data?.items ?? []).filter(
    (item) => !rejected.some((c) => c.id === item.id),
  );
  const investigationCases = useQueries({
    queries: (investigations.data?.items ?? []).map((item) => ({
      queryKey: ['case', item.id],
      queryFn: () => api.getCase({ id: item.id }),
    })),
  });
  // The notification stream invalidates this key's prefix, so a new hit shows at once.
  const notifications = useQuery({
    queryKey: [...NOTIFICATION_QUERIES, 'queue', 'recent'],
    queryFn: () => api.listNotifications({ limit: RECENT_NOTIFICATIONS }),
  });
  const hits = (notifications.data?.items ?? [])
    .filter((item) => item.kind === 'watchlist-hit')
    .slice(0, SHOWN_HITS);
  const tasks = investigationCases
    .map((q) => q.data)
    .filter((c): c is Case => c !== undefined)
    .flatMap((c) => c.tasks.filter((task) => task.status === 'open').map((task) => ({ c, task })))
    .sort((a, b) => (a.task.dueDate ?? '9999').localeCompare(b.task.dueDate ?? '9999'));

  return (
    <Stack>
      <Title order={2}>{t('queue.title')}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {writer && (
          <QueueCard title={t('queue.rejected')} count={rejected.length}>
            {rejected.map((c) => (
              <CaseLink
                key={c.id}
                item={c}
                note={t('queue.rejectedBecause', { reason: c.rejection?.reason ?? '' })}
              />
            ))}
          </QueueCard>
        )}
        {writer && (
          <QueueCard title={t('queue.drafts')} count={plainDrafts.length}>
            {plainDrafts.map((item) => (
              <CaseLink key={item.id} item={item} />
            ))}
          </QueueCard>
        )}
        {supervisor && (
          <QueueCard title={t('queue.toValidate')} count={toValidate.data?.items.length ?? 0}>
            {(toValidate.data?.items ?? []).map((item) => (
              <CaseLink key={item.id} item={item} />
            ))}
          </QueueCard>
        )}
        {(investigator || supervisor) && (
          <QueueCard
            title={t('queue.investigations')}
            count={investigations.data?.items.length ?? 0}
          >
            {(investigations.data?.items ?? []).map((item) => (
              <CaseLink key={item.id} item={item} />
            ))}
          </QueueCard>
        )}
        {(investigator || supervisor) && (
          <QueueCard title={t('queue.tasks')} count={tasks.length}>
            {tasks.map(({ c, task }) => (
              <div key={task.id}>
                <Anchor component={Link} to={`/cases/${c.id}`}>
                  {task.title}
                </Anchor>{' '}
                <Text span size="sm" c="dimmed">
                  {c.number}
                  {task.dueDate
                    ? ` · ${t('queue.due', { date: formatDate(task.dueDate, i18n.language) })}`
                    : ''}
                </Text>
              </div>
            ))}
          </QueueCard>
        )}
        <QueueCard title={t('queue.watchlistHits')} count={hits.length}>
          {hits.map((item) => {
            const path = targetPath(item.link);
            const label = item.link.label ?? item.link.id;
            return (
              <div key={item.id}>
                {path ? (
                  <Anchor component={Link} to={path}>
                    {label}
                  </Anchor>
                ) : (
                  label
                )}{' '}
                <Text span size="sm" c="dimmed">
                  {formatDateTime(item.createdAt, i18n.language)}
                </Text>
              </div>
            );
          })}
        </QueueCard>
      </SimpleGrid>
    </Stack>
  );
}
