import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { CaseForm } from '../cases/CaseForm';
import { formatDateTime } from '../i18n/format';
import { useOfflineQueue } from './OfflineQueue';
import { type QueuedDraft } from './draft-store';

function DraftCard({ draft }: { draft: QueuedDraft }) {
  const { t, i18n } = useTranslation();
  const queue = useOfflineQueue()!;
  const [discarding, setDiscarding] = useState(false);
  const when = formatDateTime(draft.savedAt, i18n.language);
  return (
    <Card withBorder component="li" data-draft={draft.key}>
      <Group justify="space-between">
        <Stack gap={2}>
          <Text fw={600}>
            {t(`caseType.${draft.draft.type}`)} · {draft.draft.location?.office ?? '—'}
          </Text>
          <Text size="sm" c="dimmed">
            {t('offline.keptAt', { date: when })}
          </Text>
        </Stack>
        <Badge color={draft.refusal ? 'red' : 'indigo'} variant="light">
          {draft.refusal ? t('offline.stateRefused') : t('offline.stateWaiting')}
        </Badge>
      </Group>
      {draft.refusal && (
        <Alert color="red" mt="sm">
          {draft.refusal.detail || draft.refusal.title}
        </Alert>
      )}
      <Group mt="sm">
        {draft.refusal && (
          <Button component={Link} to={`/drafts/${draft.key}`} size="xs">
            {t('offline.fix')}
          </Button>
        )}
        {discarding ? (
          <>
            <Button size="xs" color="red" onClick={() => void queue.discard(draft.key)}>
              {t('offline.confirmDiscard')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setDiscarding(false)}>
              {t('offline.keep')}
            </Button>
          </>
        ) : (
          <Button size="xs" variant="subtle" color="red" onClick={() => setDiscarding(true)}>
            {t('offline.discard')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

/** The drafts kept in this browser: waiting, refused (to fix), and those sent meanwhile. */
export function OfflineDraftsPage() {
  const { t } = useTranslation();
  const queue = useOfflineQueue();
  if (!queue) return null;
  return (
    <Stack>
      <Title order={2}>{t('offline.title')}</Title>
      <Text size="sm">
        {queue.online ? t('offline.explainOnline') : t('offline.explainOffline')}
      </Text>
      {queue.drafts.length === 0 ? (
        <Text c="dimmed">{t('offline.none')}</Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} style={{ listStyle: 'none' }}>
          {queue.drafts.map((draft) => (
            <DraftCard key={draft.key} draft={draft} />
          ))}
        </Stack>
      )}
      {queue.online && queue.drafts.some((draft) => !draft.refusal) && (
        <Group>
          <Button variant="light" onClick={queue.sendNow}>
            {t('offline.sendNow')}
          </Button>
        </Group>
      )}
      {queue.sent.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            {t('offline.sentTitle')}
          </Title>
          <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
            {queue.sent.map((sent) => (
              <li key={sent.key}>
                <Anchor component={Link} to={`/cases/${sent.caseId}`}>
                  {t('case.title', { number: sent.number })}
                </Anchor>
              </li>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** A refused draft in the case form, its problems at their fields; saved, it is queued again. */
export function OfflineDraftEditor() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const queue = useOfflineQueue();
  const navigate = useNavigate();
  if (!queue) return null;
  const queued = queue.drafts.find((draft) => draft.key === key);
  if (!queued) return <Loader aria-label={t('app.loading')} />;
  const refusal = queued.refusal;
  const errors: Record<string, string> = {};
  for (const { path, reason } of refusal?.errors ?? []) {
    errors[path.startsWith('draft.') ? path.slice('draft.'.length) : path] ??= reason;
  }
  return (
    <CaseForm
      heading={t('offline.fixTitle')}
      initial={queued.draft}
      initialErrors={errors}
      initialFailure={refusal ? refusal.detail || refusal.title : undefined}
      onSave={async (draft) => {
        await queue.replace(key, draft);
        await navigate('/drafts');
      }}
    />
  );
}
