import { CLASSIFICATIONS, ROLES, type Role, type User, createUser } from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDateTime } from '../i18n/format';
import { ReferenceSelect } from '../reference/ReferenceSelect';
import { UserDetail } from './UserDetail';
import { USER_QUERIES, grantableRoles, userState } from './users';

const PAGE = 50;
const STATES = ['enabled', 'disabled', 'locked'] as const;

/** The list's filter as the API takes it: the state is `enabled` and `locked`. */
const stateFilter = (state: string | null) =>
  state === 'locked'
    ? { locked: true }
    : state === 'enabled'
      ? { enabled: true, locked: false }
      : state === 'disabled'
        ? { enabled: false, locked: false }
        : {};

interface NewUser {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  office?: string;
  roles: string[];
  clearance: string;
  temporaryPassword: string;
}

/** A new user, checked with the contract; the temporary password is shown once, after. */
function CreateUserForm({ onCreated }: { onCreated: (user: User, password: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<NewUser>({
    username: '',
    firstName: '',
    lastName: '',
    email: '',
    office: session.office,
    roles: ['officer'],
    clearance: 'restricted',
    temporaryPassword: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (request: Parameters<typeof api.createUser>[0]) => api.createUser(request),
    onSuccess: async (reply) => {
      await queryClient.invalidateQueries({ queryKey: [...USER_QUERIES, 'list'] });
      onCreated(reply.user, reply.temporaryPassword);
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors());
    },
  });
  const set = (field: keyof NewUser) => (value: string | string[] | undefined) =>
    setValues((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = {
      ...values,
      username: values.username.trim(),
      email: values.email.trim(),
      temporaryPassword: values.temporaryPassword || undefined,
    };
    const checked = createUser.request.safeParse(request);
    if (!checked.success) {
      const byField: Record<string, string> = {};
      for (const issue of checked.error.issues) byField[String(issue.path[0])] ??= issue.message;
      setErrors(byField);
      return;
    }
    setErrors({});
    create.mutate(checked.data);
  };
  const fields = [
    'username',
    'firstName',
    'lastName',
    'email',
    'office',
    'roles',
    'clearance',
    'temporaryPassword',
  ];
  const unplaced =
    create.error && !fields.some((field) => errors[field]) ? create.error.message : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('users.username')}
            value={values.username}
            onChange={(event) => set('username')(event.currentTarget.value)}
            error={errors.username}
            required
          />
          <TextInput
            type="email"
            label={t('users.email')}
            value={values.email}
            onChange={(event) => set('email')(event.currentTarget.value)}
            error={errors.email}
            required
          />
          <TextInput
            label={t('users.firstName')}
            value={values.firstName}
            onChange={(event) => set('firstName')(event.currentTarget.value)}
            error={errors.firstName}
            required
          />
          <TextInput
            label={t('users.lastName')}
            value={values.lastName}
            onChange={(event) => set('lastName')(event.currentTarget.value)}
            error={errors.lastName}
            required
          />
          <ReferenceSelect
            list="customs-offices"
            label={t('users.office')}
            value={values.office}
            onChange={set('office')}
            error={errors.office}
            required
          />
          <Select
            label={t('users.clearance')}
            data={CLASSIFICATIONS.map((value) => ({
              value,
              label: t(`users.clearance_${value}`),
            }))}
            value={values.clearance}
            onChange={(value) => set('clearance')(value ?? 'restricted')}
            error={errors.clearance}
            allowDeselect={false}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('users.roles')}
          data={grantableRoles(session).map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          value={values.roles}
          onChange={set('roles')}
          error={errors.roles}
          required
        />
        <PasswordInput
          label={t('users.temporaryPassword')}
          description={t('users.temporaryPasswordHelp')}
          value={values.temporaryPassword}
          onChange={(event) => set('temporaryPassword')(event.currentTarget.value)}
          error={errors.temporaryPassword}
        />
        {unplaced && (
          <Alert color="red" role="alert">
            {t('app.error', { message: unplaced })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {t('users.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The users for whoever manages them (admins every user, supervisors their office's, as the auth
 * service narrows it): search by text, role and state; one user's details and changes; new users.
 */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const allowed = may(session, 'userManagers');
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [selected, setSelected] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ user: User; password: string }>();
  const pages = useInfiniteQuery({
    queryKey: [...USER_QUERIES, 'list', search, role, state],
    queryFn: ({ pageParam }) =>
      api.listUsers({
        text: search || undefined,
        role: (role as Role | null) ?? undefined,
        ...stateFilter(state),
        first: pageParam,
        max: PAGE,
      }),
    initialPageParam: 0,
    getNextPageParam: (page) => page.nextFirst,
    enabled: allowed,
  });
  if (!allowed) return <p>{t('app.notFound')}</p>;
  const users = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        <Button onClick={() => setCreating(true)}>{t('users.new')}</Button>
      </Group>
      {created && (
        <Alert color="green" role="status" withCloseButton onClose={() => setCreated(undefined)}>
          {t('users.created', { username: created.user.username })}{' '}
          <Code data-testid="temporary-password">{created.password}</Code>
          <Text size="sm">{t('users.passwordOnce')}</Text>
        </Alert>
      )}
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(text.trim());
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('users.text')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          <Select
            label={t('users.role')}
            data={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
            value={role}
            onChange={setRole}
            clearable
          />
          <Select
            label={t('users.state')}
            data={STATES.map((value) => ({ value, label: t(`users.state_${value}`) }))}
            value={state}
            onChange={setState}
            clearable
          />
          <Button type="submit" variant="default">
            {t('search.run')}
          </Button>
        </Group>
      </form>
      {pages.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: pages.error.message })}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table striped aria-label={t('users.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.username')}</Table.Th>
              <Table.Th scope="col">{t('users.name')}</Table.Th>
              <Table.Th scope="col">{t('users.office')}</Table.Th>
              <Table.Th scope="col">{t('users.roles')}</Table.Th>
              <Table.Th scope="col">{t('users.state')}</Table.Th>
              <Table.Th scope="col">{t('users.lastLoginColumn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => (
              <Table.Tr key={user.id} data-user={user.id}>
                <Table.Th scope="row">
                  <Anchor
                    component="button"
                    type="button"
                    onClick={() => setSelected(user.id)}
                    aria-current={selected === user.id ? 'true' : undefined}
                  >
                    {user.username}
                  </Anchor>
                </Table.Th>
                <Table.Td>{[user.firstName, user.lastName].filter(Boolean).join(' ')}</Table.Td>
                <Table.Td>{user.office ?? '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.roles.map((r) => (
                      <Badge key={r} variant="light" size="sm">
                        {t(`roles.${r}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{t(`users.state_${userState(user)}`)}</Table.Td>
                <Table.Td>{formatDateTime(user.lastLoginAt, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages.isSuccess && users.length === 0 && <Text c="dimmed">{t('users.empty')}</Text>}
      {pages.hasNextPage && (
        <Button
          variant="default"
          loading={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          {t('referenceAdmin.more')}
        </Button>
      )}
      {selected && <UserDetail id={selected} />}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('users.new')} size="lg">
        <CreateUserForm
          onCreated={(user, password) => {
            setCreating(false);
            setCreated({ user, password });
            setSelected(user.id);
          }}
        />
      </Modal>
    </Stack>
  );
}
