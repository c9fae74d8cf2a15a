import { type SubjectType } from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { type SubjectSearch } from '../api/client';
import { ApiProblem } from '../api/problem';
import { formatDateTime, formatNumber } from '../i18n/format';
import { SUBJECT_KINDS, subjectPath } from './subject-kinds';

/** What is looked for: the kind's fields as typed, and why (the audited purpose). */
interface Criteria {
  readonly fields: Record<string, string>;
  readonly purpose: string;
}

const PAGE = 20;

/**
 * The search of one kind of subject: its own fields (a name, a number, a plate...), the purpose
 * the gateway requires and audits, and the results a page at a time. The search is checked with
 * the contract's own schema first; a refusal is shown at its field and nothing is sent.
 */
export function SubjectSearchPage({ type }: { type: SubjectType }) {
  const kind = SUBJECT_KINDS[type];
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [purpose, setPurpose] = useState(() => t('subjects.defaultPurpose'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [criteria, setCriteria] = useState<Criteria>();

  const search = useInfiniteQuery({
    queryKey: ['subjects', kind.type, 'search', criteria],
    queryFn: ({ pageParam }) =>
      api.searchSubjects(
        kind.type,
        {
          ...criteria!.fields,
          limit: PAGE,
          ...(pageParam ? { cursor: pageParam } : {}),
        } as SubjectSearch,
        criteria!.purpose,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
    enabled: criteria !== undefined,
  });
  const problem = search.error instanceof ApiProblem ? search.error : undefined;
  const shownErrors = { ...errors, ...(problem ? problem.fieldErrors() : {}) };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = Object.fromEntries(
      Object.entries(typed)
        .map(([key, value]) => [key, value.trim()])
        .filter(([, value]) => value !== ''),
    );
    const found: Record<string, string> = {};
    const checked = kind.searchSchema.safeParse({ ...fields, limit: PAGE });
    if (!checked.success) {
      for (const issue of checked.error.issues) found[issue.path.join('.')] ??= issue.message;
    }
    if (purpose.trim() === '') found.purpose = t('subjects.purposeRequired');
    setErrors(found);
    if (Object.keys(found).length === 0) setCriteria({ fields, purpose: purpose.trim() });
  };

  const items = search.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t(`subjects.title_${kind.type}`)}</Title>
      <Card withBorder component="form" onSubmit={submit} aria-label={t('subjects.searchForm')}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {kind.searchFields.map((field) => (
            <TextInput
              key={field}
              label={t(`subjects.field_${field}`)}
              value={typed[field] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setTyped((current) => ({ ...current, [field]: value }));
              }}
              error={shownErrors[field]}
              autoComplete="off"
            />
          ))}
          <TextInput
            label={t('subjects.purpose')}
            description={t('subjects.purposeHint')}
            value={purpose}
            onChange={(event) => setPurpose(event.currentTarget.value)}
            error={shownErrors.purpose}
            withAsterisk
          />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit" loading={search.isFetching && !search.isFetchingNextPage}>
            {t('subjects.search')}
          </Button>
        </Group>
      </Card>
      {search.error && !(problem && problem.errors.length > 0) && (
        <Alert color="red" role="alert">
          {search.error.message}
        </Alert>
      )}
      {criteria && search.data && (
        <>
          <Text role="status">{t('subjects.found', { count: items.length })}</Text>
          {items.length > 0 && (
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('subjects.name')}</Table.Th>
                  <Table.Th>{t('subjects.office')}</Table.Th>
                  <Table.Th>{t('subjects.caseCount')}</Table.Th>
                  <Table.Th>{t('subjects.lastSeen')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((record) => (
                  <Table.Tr key={record.id} data-subject={record.id}>
                    <Table.Td>
                      <Anchor component={Link} to={subjectPath(kind.type, record.id)}>
                        {kind.name(record)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{record.office}</Table.Td>
                    <Table.Td>{formatNumber(record.caseCount, i18n.language)}</Table.Td>
                    <Table.Td>{formatDateTime(record.lastSeenAt, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {search.hasNextPage && (
            <Group>
              <Button
                variant="default"
                onClick={() => void search.fetchNextPage()}
                loading={search.isFetchingNextPage}
              >
                {t('subjects.more')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
