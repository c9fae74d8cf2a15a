import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationPreferences,
} from '@opencen/contracts';
import { Alert, Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';

const PREFERENCES_QUERY = ['notification-preferences'] as const;

/** The table of channels per kind, edited locally and saved at once. */
function PreferencesForm({ saved }: { saved: NotificationPreferences }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [preferences, setPreferences] = useState(saved);
  const save = useMutation({
    mutationFn: () => api.setNotificationPreferences(preferences),
    onSuccess: (reply) => {
      queryClient.setQueryData(PREFERENCES_QUERY, reply);
      setPreferences(reply);
    },
  });
  const toggle = (kind: keyof NotificationPreferences, channel: NotificationChannel) =>
    setPreferences((current) => {
      const channels = current[kind].includes(channel)
        ? current[kind].filter((c) => c !== channel)
        : NOTIFICATION_CHANNELS.filter((c) => c === channel || current[kind].includes(c));
      return { ...current, [kind]: channels };
    });
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  return (
    <Stack>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('preferences.kind')}</Table.Th>
            {NOTIFICATION_CHANNELS.map((channel) => (
              <Table.Th key={channel} scope="col">
                {t(`notificationChannel.${channel}`)}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t('preferences.off')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {NOTIFICATION_KINDS.map((kind) => (
            <Table.Tr key={kind} data-kind={kind}>
              <Table.Th scope="row">
                {t(`notificationKind.${kind}`)}
                {fieldErrors[kind] && (
                  <Text size="xs" c="red">
                    {fieldErrors[kind]}
                  </Text>
                )}
              </Table.Th>
              {NOTIFICATION_CHANNELS.map((channel) => (
                <Table.Td key={channel}>
                  <Checkbox
                    aria-label={`${t(`notificationKind.${kind}`)}: ${t(`notificationChannel.${channel}`)}`}
                    checked={preferences[kind].includes(channel)}
                    onChange={() => toggle(kind, channel)}
                  />
                </Table.Td>
              ))}
              <Table.Td>
                <Checkbox
                  aria-label={`${t(`notificationKind.${kind}`)}: ${t('preferences.off')}`}
                  checked={preferences[kind].length === 0}
                  onChange={() =>
                    setPreferences((current) => ({
                      ...current,
                      [kind]: current[kind].length === 0 ? ['in-app'] : [],
                    }))
                  }
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {save.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: save.error.message })}
        </Alert>
      )}
      <Group>
        <Button loading={save.isPending} onClick={() => save.mutate()}>
          {t('preferences.save')}
        </Button>
        {save.isSuccess && <Text c="green">{t('preferences.saved')}</Text>}
      </Group>
    </Stack>
  );
}

/** My channels for each kind of notification: in the app, by e-mail, in the daily digest, off. */
export function PreferencesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const preferences = useQuery({
    queryKey: PREFERENCES_QUERY,
    queryFn: () => api.notificationPreferences(),
  });
  return (
    <Stack>
      <Title order={2}>{t('preferences.title')}</Title>
      <Text c="dimmed">{t('preferences.help')}</Text>
      {preferences.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: preferences.error.message })}
        </Alert>
      )}
      {preferences.data && <PreferencesForm saved={preferences.data} />}
    </Stack>
  );
}
