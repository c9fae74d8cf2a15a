import {
  ALERT_CATEGORIES,
  type Alert as WatchAlert,
  type AlertDraft,
  type SubjectRef,
  alertDraftSchema,
} from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDate } from '../i18n/format';
import { subjectPath } from './subject-kinds';

const today = () => new Date().toISOString().slice(0, 10);

/** The contract's field errors of a draft, by field. */
function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  const found: Record<string, string> = {};
  for (const issue of error.issues) found[issue.path.join('.')] ??= issue.message;
  return found;
}

/**
 * Raises or changes an alert: checked with the contract's `alertDraftSchema` first (a validity
 * that ends before it starts is shown at `validTo`, nothing sent), and the API's problems at
 * their fields.
 */
function AlertForm({
  initial,
  onSend,
  onDone,
}: {
  initial?: AlertDraft;
  onSend: (draft: AlertDraft) => Promise<unknown>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<string, string>>({
    reason: initial?.reason ?? '',
    category: initial?.category ?? 'smuggling-suspect',
    validFrom: initial?.validFrom ?? today(),
    validTo: initial?.validTo ?? '',
    handlingInstruction: initial?.handlingInstruction ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: async () => {
      const checked = alertDraftSchema.safeParse(draft);
      if (!checked.success) {
        setErrors(issuesOf(checked.error));
        return false;
      }
      await onSend(checked.data);
      return true;
    },
    onSuccess: (sent) => sent && onDone(),
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors('draft.'));
    },
  });
  const set = (field: string) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors({});
  };
  return (
    <Stack
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
    >
      <Select
        label={t('alerts.category')}
        data={ALERT_CATEGORIES.map((c) => ({ value: c, label: t(`alerts.category_${c}`) }))}
        value={draft.category}
        onChange={(value) => value && set('category')(value)}
        allowDeselect={false}
        error={errors.category}
      />
      <Textarea
        label={t('alerts.reason')}
        value={draft.reason}
        onChange={(event) => set('reason')(event.currentTarget.value)}
        error={errors.reason}
        withAsterisk
      />
      <Group grow>
        <TextInput
          type="date"
          label={t('alerts.validFrom')}
          value={draft.validFrom}
          onChange={(event) => set('validFrom')(event.currentTarget.value)}
          error={errors.validFrom}
          withAsterisk
        />
        <TextInput
          type="date"
          label={t('alerts.validTo')}
          value={draft.validTo}
          onChange={(event) => set('validTo')(event.currentTarget.value)}
          error={errors.validTo}
          withAsterisk
        />
      </Group>
      <Textarea
        label={t('alerts.handlingInstruction')}
        value={draft.handlingInstruction}
        onChange={(event) => set('handlingInstruction')(event.currentTarget.value)}
        error={errors.handlingInstruction}
        withAsterisk
      />
      {send.error && !(send.error instanceof ApiProblem && send.error.errors.length > 0) && (
        <Alert color="red" role="alert">
          {send.error.message}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={send.isPending}>
          {t('alerts.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** One alert: what, why, until when, and its owner's actions (change, withdraw) while active. */
export function AlertCard({
  alert,
  showSubject = false,
}: {
  alert: WatchAlert;
  showSubject?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useAuth();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['alerts'] });
  const withdraw = useMutation({
    mutationFn: () => api.withdrawAlert({ id: alert.id, version: alert.version }),
    onSuccess: refresh,
  });
  const manager = may(session, 'alertManagers') && alert.status === 'active';
  const category = t(`alerts.category_${alert.category}`);
  return (
    <Card withBorder component="li" data-alert={alert.id} data-status={alert.status}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Anchor component={Link} to={`/alerts/${encodeURIComponent(alert.id)}`} fw={600}>
              {category}
            </Anchor>
            <Badge color={alert.status === 'active' ? 'red' : 'gray'} variant="light">
              {t(`alerts.status_${alert.status}`)}
            </Badge>
          </Group>
          {showSubject && (
            <Anchor
              component={Link}
              to={subjectPath(alert.subject.subjectType, alert.subject.subjectId)}
              size="sm"
            >
              {t(`notificationTarget.${alert.subject.subjectType}`)} {alert.subject.subjectId}
            </Anchor>
          )}
          <Text size="sm">
            {t('alerts.validity', {
              from: formatDate(alert.validFrom, i18n.language),
              to: formatDate(alert.validTo, i18n.language),
            })}
          </Text>
          <Text size="sm">{alert.reason}</Text>
          <Text size="sm" c="dimmed">
            {t('alerts.handling', { instruction: alert.handlingInstruction })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('alerts.owner', { office: alert.ownerOffice })}
          </Text>
        </Stack>
        {manager && (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              onClick={() => setEditing(true)}
              aria-label={t('alerts.changeOf', { name: category })}
            >
              {t('alerts.change')}
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => withdraw.mutate()}
              loading={withdraw.isPending}
              aria-label={t('alerts.withdrawOf', { name: category })}
            >
              {t('alerts.withdraw')}
            </Button>
          </Group>
        )}
      </Group>
      {withdraw.error && (
        <Alert color="red" role="alert" mt="xs">
          {withdraw.error.message}
        </Alert>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('alerts.change')}>
        <AlertForm
          initial={alert}
          onSend={(draft) => api.updateAlert({ id: alert.id, version: alert.version, draft })}
          onDone={() => {
            setEditing(false);
            void refresh();
          }}
        />
      </Modal>
    </Card>
  );
}

/** The alerts on a subject, newest first, and raising one for those who may. */
export function SubjectAlerts({ subject }: { subject: SubjectRef }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useAuth();
  const [raising, setRaising] = useState(false);
  const alerts = useQuery({
    queryKey: ['alerts', subject.subjectType, subject.subjectId],
    queryFn: () => api.listAlerts({ subject }),
  });
  return (
    <Card withBorder component="section" aria-labelledby="subject-alerts">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="subject-alerts">
          {t('alerts.title')}
        </Title>
        {may(session, 'alertManagers') && (
          <Button size="xs" onClick={() => setRaising(true)}>
            {t('alerts.raise')}
          </Button>
        )}
      </Group>
      {alerts.isLoading && <Loader size="sm" aria-label={t('app.loading')} />}
      {alerts.error && (
        <Alert color="red" role="alert">
          {alerts.error.message}
        </Alert>
      )}
      {alerts.data && alerts.data.items.length === 0 && <Text c="dimmed">{t('alerts.none')}</Text>}
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {alerts.data?.items.map((alert) => (
          <AlertCard key={alert.id} alert={alert} />
        ))}
      </Stack>
      <Modal opened={raising} onClose={() => setRaising(false)} title={t('alerts.raise')}>
        <AlertForm
          onSend={(draft) => api.raiseAlert({ subject, draft })}
          onDone={() => {
            setRaising(false);
            void queryClient.invalidateQueries({ queryKey: ['alerts'] });
          }}
        />
      </Modal>
    </Card>
  );
}

/** One alert's page (`/alerts/:id`), where the inbox's watchlist notifications lead. */
export function AlertPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const alert = useQuery({ queryKey: ['alerts', 'one', id], queryFn: () => api.getAlert({ id }) });
  if (alert.isLoading) return <Loader aria-label={t('app.loading')} />;
  if (alert.error || !alert.data)
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: alert.error?.message ?? '' })}
      </Alert>
    );
  return (
    <Stack>
      <Title order={2}>{t('alerts.one')}</Title>
      <Stack component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        <AlertCard alert={alert.data} showSubject />
      </Stack>
    </Stack>
  );
}
