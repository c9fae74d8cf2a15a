import {
  type AuditVerification,
  AUDITED_KINDS,
  type AuditEntry,
  type AuditedKind,
  auditRecordTrail,
  auditUserActivity,
} from '@opencen/contracts';
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDateTime, formatNumber } from '../i18n/format';
import { auditPeriod } from './audit-period';

const PAGE = 50;

/** The entries of a trail, newest first, as a table: when, who, what, which records, why. */
function AuditEntries({ entries, label }: { entries: AuditEntry[]; label: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('audit.seq')}</Table.Th>
            <Table.Th scope="col">{t('audit.at')}</Table.Th>
            <Table.Th scope="col">{t('audit.action')}</Table.Th>
            <Table.Th scope="col">{t('audit.actor')}</Table.Th>
            <Table.Th scope="col">{t('audit.operation')}</Table.Th>
            <Table.Th scope="col">{t('audit.records')}</Table.Th>
            <Table.Th scope="col">{t('audit.purpose')}</Table.Th>
            <Table.Th scope="col">{t('audit.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.seq} data-seq={entry.seq}>
              <Table.Th scope="row">{formatNumber(entry.seq, i18n.language)}</Table.Th>
              <Table.Td>{formatDateTime(entry.at, i18n.language)}</Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`audit.action_${entry.action}`)}</Badge>
              </Table.Td>
              <Table.Td>
                {entry.actor.username ?? entry.actor.sub}
                {entry.actor.office && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {entry.actor.office}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ff="monospace">{entry.operation}</Table.Td>
              <Table.Td>
                {entry.records.length > 0 && (
                  <List size="sm" spacing={0}>
                    {entry.records.slice(0, 5).map((record) => (
                      <List.Item key={`${record.kind}/${record.id}`}>
                        {t(`audit.kind_${record.kind}`)} {record.id}
                      </List.Item>
                    ))}
                    {entry.records.length > 5 && (
                      <List.Item>
                        {t('audit.moreRecords', {
                          more: formatNumber(entry.records.length - 5, i18n.language),
                        })}
                      </List.Item>
                    )}
                  </List>
                )}
              </Table.Td>
              <Table.Td>{entry.purpose ?? '—'}</Table.Td>
              <Table.Td>{entry.status ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A page of entries and the whole count; "More" pages on. */
function AuditResults({
  query,
  label,
}: {
  query: ReturnType<typeof useAuditPages>;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  if (query.error && !(query.error instanceof ApiProblem && query.error.errors.length > 0)) {
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: query.error.message })}
      </Alert>
    );
  }
  if (!query.data) return null;
  const entries = query.data.pages.flatMap((page) => page.entries);
  const total = query.data.pages[0]?.total ?? 0;
  return (
    <Stack gap="sm">
      <Text size="sm" aria-live="polite">
        {t('audit.total', { total: formatNumber(total, i18n.language) })}
      </Text>
      {entries.length > 0 && <AuditEntries entries={entries} label={label} />}
      {query.hasNextPage && (
        <Button
          variant="default"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t('referenceAdmin.more')}
        </Button>
      )}
    </Stack>
  );
}

type TrailQuery =
  | { kind: 'record'; record: AuditedKind; id: string; from?: string; to?: string }
  | { kind: 'user'; sub: string; from?: string; to?: string };

/** Pages of a record's trail or a user's activity, once asked for. */
function useAuditPages(query: TrailQuery | undefined) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) =>
      query!.kind === 'record'
        ? api.auditRecordTrail({
            kind: query!.record,
            id: query!.id,
            from: query!.from,
            to: query!.to,
            cursor: pageParam,
            limit: PAGE,
          })
        : api.auditUserActivity({
            sub: query!.sub,
            from: query!.from,
            to: query!.to,
            cursor: pageParam,
            limit: PAGE,
          }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
    enabled: query !== undefined,
  });
}

/** Problems by field, from the contract's check or the API's answer. */
function problemsOf(error: unknown, checked: Record<string, string>) {
  const fromApi = error instanceof ApiProblem ? error.fieldErrors() : {};
  return { ...fromApi, ...checked };
}

function PeriodFields({
  from,
  to,
  setFrom,
  setTo,
  errors,
}: {
  from: string;
  to: string;
  setFrom: (value: string) => void;
  setTo: (value: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        type="date"
        label={t('audit.from')}
        value={from}
        onChange={(event) => setFrom(event.currentTarget.value)}
        error={errors.from}
      />
      <TextInput
        type="date"
        label={t('audit.to')}
        value={to}
        onChange={(event) => setTo(event.currentTarget.value)}
        error={errors.to}
      />
    </>
  );
}

/** Who read or changed a record: its kind and id, in a period (kept in the address). */
function RecordTrail() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [record, setRecord] = useState<string>(params.get('kind') ?? 'case');
  const [id, setId] = useState(params.get('id') ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [query, setQuery] = useState<TrailQuery | undefined>(() =>
    params.get('kind') && params.get('id')
      ? { kind: 'record', record: params.get('kind') as AuditedKind, id: params.get('id')! }
      : undefined,
  );
  const pages = useAuditPages(query);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = { kind: record, id: id.trim(), ...auditPeriod(from, to) };
    const result = auditRecordTrail.request.safeParse(request);
    if (!result.success) {
      const byField: Record<string, string> = {};
      for (const issue of result.error.issues) byField[String(issue.path[0])] ??= issue.message;
      setChecked(byField);
      return;
    }
    setChecked({});
    setParams(new URLSearchParams({ tab: 'record', kind: record, id: request.id }));
    setQuery({
      kind: 'record',
      record: record as AuditedKind,
      id: request.id,
      from: request.from,
      to: request.to,
    });
  };
  const errors = problemsOf(pages.error, checked);
  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate>
        <Group align="flex-start">
          <Select
            label={t('audit.kind')}
            data={AUDITED_KINDS.map((value) => ({ value, label: t(`audit.kind_${value}`) }))}
            value={record}
            onChange={(value) => value && setRecord(value)}
            allowDeselect={false}
            error={errors.kind}
          />
          <TextInput
            label={t('audit.recordId')}
            value={id}
            onChange={(event) => setId(event.currentTarget.value)}
            error={errors.id}
            required
          />
          <PeriodFields from={from} to={to} setFrom={setFrom} setTo={setTo} errors={errors} />
          <Button type="submit" mt={25}>
            {t('audit.show')}
          </Button>
        </Group>
      </form>
      {query?.kind === 'record' && (
        <AuditResults
          query={pages}
          label={t('audit.trailOf', { kind: t(`audit.kind_${query.record}`), id: query.id })}
        />
      )}
    </Stack>
  );
}

/** What a user (their Keycloak subject id) read or changed, in a period. */
function UserActivity() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [sub, setSub] = useState(params.get('sub') ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [query, setQuery] = useState<TrailQuery | undefined>(() =>
    params.get('sub') ? { kind: 'user', sub: params.get('sub')! } : undefined,
  );
  const pages = useAuditPages(query);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = { sub: sub.trim(), ...auditPeriod(from, to) };
    const result = auditUserActivity.request.safeParse(request);
    if (!result.success) {
      const byField: Record<string, string> = {};
      for (const issue of result.error.issues) byField[String(issue.path[0])] ??= issue.message;
      setChecked(byField);
      return;
    }
    setChecked({});
    setParams(new URLSearchParams({ tab: 'user', sub: request.sub }));
    setQuery({ kind: 'user', ...request });
  };
  const errors = problemsOf(pages.error, checked);
  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate>
        <Group align="flex-start">
          <TextInput
            label={t('audit.sub')}
            description={t('audit.subHelp')}
            value={sub}
            onChange={(event) => setSub(event.currentTarget.value)}
            error={errors.sub}
            required
            miw={320}
          />
          <PeriodFields from={from} to={to} setFrom={setFrom} setTo={setTo} errors={errors} />
          <Button type="submit" mt={25}>
            {t('audit.show')}
          </Button>
        </Group>
      </form>
      {query?.kind === 'user' && (
        <AuditResults query={pages} label={t('audit.activityOf', { sub: query.sub })} />
      )}
    </Stack>
  );
}

/**
 * The whole chain, one bounded range per request (each answers in seconds), until the chain ends
 * or a range does not hold: the counts are the ranges' together.
 */
async function verifyWholeChain(api: ReturnType<typeof useApi>): Promise<AuditVerification> {
  let report = await api.verifyAuditChain();
  let { entries, checkpoints, lastCheckpointSeq } = report;
  while (report.valid && report.nextFrom !== undefined) {
    report = await api.verifyAuditChain({ from: report.nextFrom });
    entries += report.entries;
    checkpoints += report.checkpoints;
    lastCheckpointSeq = Math.max(lastCheckpointSeq, report.lastCheckpointSeq);
  }
  return { ...report, from: 1, entries, checkpoints, lastCheckpointSeq };
}

/** The chain recomputed on demand, its verdict in plain words. */
function ChainVerification() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const verify = useMutation({ mutationFn: () => verifyWholeChain(api) });
  const result = verify.data;
  return (
    <Stack gap="sm" align="flex-start">
      <Text size="sm">{t('audit.verifyHelp')}</Text>
      <Button onClick={() => verify.mutate()} loading={verify.isPending}>
        {t('audit.verify')}
      </Button>
      {verify.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: verify.error.message })}
        </Alert>
      )}
      {result && (
        <Paper
          withBorder
          p="md"
          role="status"
          data-valid={result.valid}
          bg={result.valid ? 'var(--mantine-color-green-light)' : 'var(--mantine-color-red-light)'}
        >
          <Title order={4}>{result.valid ? t('audit.chainHolds') : t('audit.chainBroken')}</Title>
          <Text size="sm">
            {t('audit.chainCounts', {
              entries: formatNumber(result.entries, i18n.language),
              checkpoints: formatNumber(result.checkpoints, i18n.language),
              last: formatNumber(result.lastCheckpointSeq, i18n.language),
            })}
          </Text>
          {result.problem && (
            <Text size="sm" fw={600}>
              {t('audit.chainProblem', {
                problem: t(`audit.problem_${result.problem.kind}`),
                seq: formatNumber(result.problem.seq, i18n.language),
                detail: result.problem.detail,
              })}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('audit.verifiedAt', { at: formatDateTime(result.verifiedAt, i18n.language) })}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

/** The auditors' screen: a record's access trail, a user's activity, the chain's verification. */
export function AuditPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const [params] = useSearchParams();
  if (!may(session, 'auditors')) return <p>{t('app.notFound')}</p>;
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Tabs
        defaultValue={params.get('tab') ?? (params.get('sub') ? 'user' : 'record')}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="record">{t('audit.recordTab')}</Tabs.Tab>
          <Tabs.Tab value="user">{t('audit.userTab')}</Tabs.Tab>
          <Tabs.Tab value="verify">{t('audit.verifyTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="record" pt="md">
          <RecordTrail />
        </Tabs.Panel>
        <Tabs.Panel value="user" pt="md">
          <UserActivity />
        </Tabs.Panel>
        <Tabs.Panel value="verify" pt="md">
          <ChainVerification />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
