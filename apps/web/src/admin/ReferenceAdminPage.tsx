import {
  REFERENCE_LISTS,
  type ReferenceEntry,
  type ReferenceList,
  deprecateReferenceEntry,
} from '@opencen/contracts';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDate } from '../i18n/format';
import { ReferenceSelect } from '../reference/ReferenceSelect';
import { ReferenceEntryForm } from './ReferenceEntryForm';
import { REFERENCE_ADMIN_QUERIES, issuesByField } from './reference-admin';

const PAGE = 50;

/** Retires an entry at the version read: its last valid day and what replaces it. */
function DeprecateForm({ entry, onDone }: { entry: ReferenceEntry; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [validTo, setValidTo] = useState('');
  const [replacedBy, setReplacedBy] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const deprecate = useMutation({
    mutationFn: (request: Parameters<typeof api.deprecateReferenceEntry>[0]) =>
      api.deprecateReferenceEntry(request),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: REFERENCE_ADMIN_QUERIES });
      await queryClient.invalidateQueries({ queryKey: ['reference', entry.list] });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(issuesByField(error.errors));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = {
      list: entry.list,
      code: entry.code,
      version: entry.version,
      validTo: validTo || undefined,
      replacedBy,
    };
    const checked = deprecateReferenceEntry.request.safeParse(request);
    if (!checked.success) {
      setErrors(
        issuesByField(
          checked.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
        ),
      );
      return;
    }
    setErrors({});
    deprecate.mutate(request);
  };
  const unplaced =
    deprecate.error && !errors.validTo && !errors.replacedBy ? deprecate.error.message : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('referenceAdmin.deprecateHelp')}</Text>
        <TextInput
          type="date"
          label={t('referenceAdmin.lastValidDay')}
          description={t('referenceAdmin.lastValidDayHelp')}
          value={validTo}
          onChange={(event) => setValidTo(event.currentTarget.value)}
          error={errors.validTo}
        />
        <ReferenceSelect
          list={entry.list}
          label={t('referenceAdmin.replacedBy')}
          value={replacedBy}
          onChange={setReplacedBy}
          error={errors.replacedBy}
        />
        {unplaced && (
          <Alert color="red" role="alert">
            {t('app.error', { message: unplaced })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" color="red" loading={deprecate.isPending}>
            {t('referenceAdmin.deprecate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type Dialog =
  { kind: 'create' } | { kind: 'edit'; code: string } | { kind: 'deprecate'; code: string };

/** An entry read afresh (its current version) before it is changed or retired. */
function EntryDialog({
  list,
  dialog,
  onClose,
}: {
  list: ReferenceList;
  dialog: Dialog;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const code = dialog.kind === 'create' ? undefined : dialog.code;
  const entry = useQuery({
    queryKey: [...REFERENCE_ADMIN_QUERIES, 'entry', list, code],
    queryFn: () => api.referenceEntry({ list, code: code! }),
    enabled: code !== undefined,
    staleTime: 0,
  });
  const title =
    dialog.kind === 'create'
      ? t('referenceAdmin.newEntryIn', { list: t(`referenceList.${list}`) })
      : t(dialog.kind === 'edit' ? 'referenceAdmin.editEntry' : 'referenceAdmin.deprecateEntry', {
          code,
        });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      {entry.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: entry.error.message })}
        </Alert>
      )}
      {dialog.kind === 'create' && <ReferenceEntryForm list={list} onDone={onClose} />}
      {dialog.kind === 'edit' && entry.data && (
        <ReferenceEntryForm list={list} entry={entry.data} onDone={onClose} />
      )}
      {dialog.kind === 'deprecate' && entry.data && (
        <DeprecateForm entry={entry.data} onDone={onClose} />
      )}
    </Modal>
  );
}

/**
 * The code lists for administrators: each list's entries (deprecated ones on demand), searchable by
 * code or label, with their labels in the user's language; an entry created, changed (labels in the
 * six languages, validity, attributes) or retired.
 */
export function ReferenceAdminPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const [list, setList] = useState<ReferenceList>('countries');
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [includeDeprecated, setIncludeDeprecated] = useState(false);
  const [dialog, setDialog] = useState<Dialog>();
  const pages = useInfiniteQuery({
    queryKey: [...REFERENCE_ADMIN_QUERIES, list, search, includeDeprecated, i18n.language],
    queryFn: ({ pageParam }) =>
      api.referenceEntries(list, {
        text: search || undefined,
        includeDeprecated,
        limit: PAGE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
    enabled: may(session, 'administrators'),
  });
  if (!may(session, 'administrators')) return <p>{t('app.notFound')}</p>;
  const entries = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('referenceAdmin.title')}</Title>
      <Group align="flex-end">
        <Select
          label={t('referenceAdmin.list')}
          data={REFERENCE_LISTS.map((value) => ({ value, label: t(`referenceList.${value}`) }))}
          value={list}
          onChange={(value) => value && setList(value as ReferenceList)}
          allowDeselect={false}
        />
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setSearch(text.trim());
          }}
        >
          <Group align="flex-end">
            <TextInput
              label={t('referenceAdmin.text')}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
            />
            <Button type="submit" variant="default">
              {t('search.run')}
            </Button>
          </Group>
        </form>
        <Switch
          label={t('referenceAdmin.includeDeprecated')}
          checked={includeDeprecated}
          onChange={(event) => setIncludeDeprecated(event.currentTarget.checked)}
        />
        <Button onClick={() => setDialog({ kind: 'create' })}>
          {t('referenceAdmin.newEntry')}
        </Button>
      </Group>
      {pages.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: pages.error.message })}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-label={t(`referenceList.${list}`)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('referenceAdmin.code')}</Table.Th>
              <Table.Th scope="col">{t('referenceAdmin.label')}</Table.Th>
              <Table.Th scope="col">{t('referenceAdmin.validFrom')}</Table.Th>
              <Table.Th scope="col">{t('referenceAdmin.validTo')}</Table.Th>
              <Table.Th scope="col">{t('referenceAdmin.state')}</Table.Th>
              <Table.Th scope="col">{t('referenceAdmin.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.code} data-code={entry.code}>
                <Table.Th scope="row" ff="monospace">
                  {entry.code}
                </Table.Th>
                <Table.Td lang={entry.labelLanguage}>{entry.label}</Table.Td>
                <Table.Td>{formatDate(entry.validFrom, i18n.language)}</Table.Td>
                <Table.Td>{formatDate(entry.validTo, i18n.language)}</Table.Td>
                <Table.Td>
                  {entry.deprecated ? (
                    <Badge color="gray" variant="light">
                      {entry.replacedBy
                        ? t('referenceAdmin.replacedByCode', { code: entry.replacedBy })
                        : t('referenceAdmin.deprecated')}
                    </Badge>
                  ) : (
                    <Badge color="green" variant="light">
                      {t('referenceAdmin.active')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setDialog({ kind: 'edit', code: entry.code })}
                      aria-label={t('referenceAdmin.editEntry', { code: entry.code })}
                    >
                      {t('referenceAdmin.edit')}
                    </Button>
                    {!entry.deprecated && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        color="red"
                        onClick={() => setDialog({ kind: 'deprecate', code: entry.code })}
                        aria-label={t('referenceAdmin.deprecateEntry', { code: entry.code })}
                      >
                        {t('referenceAdmin.deprecate')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages.isSuccess && entries.length === 0 && (
        <Text c="dimmed">{t('referenceAdmin.empty')}</Text>
      )}
      {pages.hasNextPage && (
        <Button
          variant="default"
          loading={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          {t('referenceAdmin.more')}
        </Button>
      )}
      {dialog && <EntryDialog list={list} dialog={dialog} onClose={() => setDialog(undefined)} />}
    </Stack>
  );
}
