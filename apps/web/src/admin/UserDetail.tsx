import {
  CLASSIFICATIONS,
  type Classification,
  type User,
  changeUserRoles,
} from '@opencen/contracts';
import {
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { type UserChange } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDateTime } from '../i18n/format';
import { ReferenceSelect } from '../reference/ReferenceSelect';
import { USER_QUERIES, grantableRoles, userState } from './users';

/** A user's roles, office and clearance changed, and their account's actions. */
function UserChanges({ user }: { user: User }) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const queryClient = useQueryClient();
  const admin = session.roles.includes('admin');
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [office, setOffice] = useState(user.office);
  const [clearance, setClearance] = useState<string | null>(user.clearance ?? null);
  const [rolesError, setRolesError] = useState<string>();
  const change = useMutation({
    mutationFn: ({ action, body }: { action: UserChange; body?: Record<string, unknown> }) =>
      api.changeUser(action, user.id, body),
    onSuccess: async (changed) => {
      queryClient.setQueryData([...USER_QUERIES, 'user', user.id], changed);
      await queryClient.invalidateQueries({ queryKey: [...USER_QUERIES, 'list'] });
    },
  });
  const errors = change.error instanceof ApiProblem ? change.error.fieldErrors() : {};
  const errorOf = (action: UserChange, field: string) =>
    change.variables?.action === action ? errors[field] : undefined;
  const saveRoles = () => {
    const checked = changeUserRoles.request.safeParse({ id: user.id, roles });
    if (!checked.success) {
      setRolesError(checked.error.issues[0]!.message);
      return;
    }
    setRolesError(undefined);
    change.mutate({ action: 'roles', body: { roles } });
  };
  // Only an admin grants or removes admin, auditor or integration: a supervisor sees them, fixed.
  const offered = grantableRoles(session);
  const roleOptions = [...new Set([...offered, ...user.roles])].map((role) => ({
    value: role,
    label: t(`roles.${role}`),
    disabled: !offered.includes(role),
  }));
  const state = userState(user);
  const unplaced =
    change.error && Object.keys(errors).length === 0 ? change.error.message : undefined;
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <MultiSelect
          label={t('users.roles')}
          data={roleOptions}
          value={roles}
          onChange={setRoles}
          error={rolesError ?? errorOf('roles', 'roles')}
          miw={280}
        />
        <Button
          variant="default"
          onClick={saveRoles}
          loading={change.isPending && change.variables?.action === 'roles'}
        >
          {t('users.saveRoles')}
        </Button>
      </Group>
      {admin && (
        <Group align="flex-end">
          <ReferenceSelect
            list="customs-offices"
            label={t('users.office')}
            value={office}
            onChange={setOffice}
            error={errorOf('office', 'office')}
          />
          <Button
            variant="default"
            disabled={!office || office === user.office}
            onClick={() => change.mutate({ action: 'office', body: { office } })}
          >
            {t('users.moveOffice')}
          </Button>
        </Group>
      )}
      <Group align="flex-end">
        <Select
          label={t('users.clearance')}
          data={CLASSIFICATIONS.map((value) => ({ value, label: t(`users.clearance_${value}`) }))}
          value={clearance}
          onChange={setClearance}
          error={errorOf('clearance', 'clearance')}
          allowDeselect={false}
        />
        <Button
          variant="default"
          disabled={!clearance || clearance === user.clearance}
          onClick={() =>
            change.mutate({ action: 'clearance', body: { clearance: clearance as Classification } })
          }
        >
          {t('users.saveClearance')}
        </Button>
      </Group>
      <Group gap="xs">
        {state === 'locked' && (
          <Button onClick={() => change.mutate({ action: 'unlock' })}>{t('users.unlock')}</Button>
        )}
        {state === 'enabled' && (
          <Button color="red" variant="light" onClick={() => change.mutate({ action: 'disable' })}>
            {t('users.disable')}
          </Button>
        )}
        {state === 'disabled' && (
          <Button onClick={() => change.mutate({ action: 'enable' })}>{t('users.enable')}</Button>
        )}
        <Button variant="default" onClick={() => change.mutate({ action: 'reset-password' })}>
          {t('users.resetPassword')}
        </Button>
        <Button variant="default" onClick={() => change.mutate({ action: 'logout' })}>
          {t('users.endSessions')}
        </Button>
      </Group>
      {change.isSuccess && (
        <Text size="sm" c="green" role="status">
          {t('users.changed')}
        </Text>
      )}
      {unplaced && (
        <Alert color="red" role="alert">
          {t('app.error', { message: unplaced })}
        </Alert>
      )}
    </Stack>
  );
}

/** One user, read afresh: who they are, their account's state, and what may be changed. */
export function UserDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const user = useQuery({
    queryKey: [...USER_QUERIES, 'user', id],
    queryFn: () => api.getUser({ id }),
  });
  if (user.error) {
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: user.error.message })}
      </Alert>
    );
  }
  if (!user.data) return null;
  const shown = user.data;
  const state = userState(shown);
  return (
    <Paper withBorder p="md" aria-label={t('users.detailOf', { username: shown.username })}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>
            {[shown.firstName, shown.lastName].filter(Boolean).join(' ') || shown.username}
          </Title>
          <Badge color={state === 'enabled' ? 'green' : state === 'locked' ? 'orange' : 'gray'}>
            {t(`users.state_${state}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {shown.username} · {shown.email ?? '—'} · {shown.office ?? t('app.noOffice')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('users.lastLogin', { at: formatDateTime(shown.lastLoginAt, i18n.language) })}
          {shown.lock &&
            ` · ${t('users.lockedSince', { at: formatDateTime(shown.lock.at, i18n.language) })}`}
          {shown.requiredActions.length > 0 &&
            ` · ${t('users.requiredActions', { actions: shown.requiredActions.join(', ') })}`}
        </Text>
        {/* A new key per version, so the fields start from what the user now is. */}
        <UserChanges key={JSON.stringify(shown)} user={shown} />
      </Stack>
    </Paper>
  );
}
