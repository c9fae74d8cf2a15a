import { type CaseImport } from '@opencen/contracts';
import {
  Alert,
  Badge,
  Button,
  Input,
  Group,
  List,
  Pagination,
  Progress,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { formatNumber } from '../i18n/format';
import { type ReportRow, importProgress, reportRows } from './import-report';

const ROWS_PER_PAGE = 50;
/** How often a running import is asked for its progress. */
const POLL_MS = 1000;

/** The API's problem with the upload: at the file, or the whole problem. */
const fileProblem = (error: unknown) =>
  error instanceof ApiProblem
    ? (error.fieldErrors().file ?? error.fieldErrors().dryRun ?? error.detail) || error.title
    : error
      ? String(error)
      : undefined;

function Counts({ job }: { job: CaseImport }) {
  const { t, i18n } = useTranslation();
  const counts: [string, number][] = [
    [t('exchange.rows'), job.rows],
    [t('exchange.badRows'), job.badRows],
    [t('exchange.cases'), job.cases],
    [t('exchange.validCases'), job.validCases],
  ];
  if (!job.dryRun) {
    counts.push(
      [t('exchange.imported'), job.imported],
      [t('exchange.alreadyImported'), job.alreadyImported],
      [t('exchange.failed'), job.failed],
    );
  }
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
      {counts.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" m={0} fw={600} data-count={label}>
            {formatNumber(value, i18n.language)}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

const OUTCOME_COLOURS = { good: 'green', bad: 'red', unlisted: 'gray' } as const;
const OUTCOME_LABELS = {
  good: 'exchange.outcomeGood',
  bad: 'exchange.outcomeBad',
  unlisted: 'exchange.outcomeUnlisted',
} as const;
const PAGE_CONTROLS = {
  first: 'exchange.firstPage',
  previous: 'exchange.previousPage',
  next: 'exchange.nextPage',
  last: 'exchange.lastPage',
} as const;

/** The report row by row: each row's outcome and its problems, each at its column. */
export function ImportReport({ job }: { job: CaseImport }) {
  const { t, i18n } = useTranslation();
  const [onlyBad, setOnlyBad] = useState(false);
  const [page, setPage] = useState(1);
  const rows = reportRows(job).filter((row) => !onlyBad || row.outcome !== 'good');
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const shown = rows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
  return (
    <Stack gap="sm">
      <Counts job={job} />
      {job.problemCount > job.problems.length && (
        <Alert color="yellow">
          {t('exchange.problemsTruncated', {
            shown: formatNumber(job.problems.length, i18n.language),
            total: formatNumber(job.problemCount, i18n.language),
          })}
        </Alert>
      )}
      <Switch
        label={t('exchange.onlyBadRows')}
        checked={onlyBad}
        onChange={(event) => {
          setOnlyBad(event.currentTarget.checked);
          setPage(1);
        }}
      />
      <Table.ScrollContainer minWidth={480}>
        <Table striped aria-label={t('exchange.report', { file: job.fileName })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exchange.row')}</Table.Th>
              <Table.Th scope="col">{t('exchange.outcome')}</Table.Th>
              <Table.Th scope="col">{t('exchange.problems')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => (
              <ReportLine key={row.row} row={row} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': t(PAGE_CONTROLS[control]) })}
          getItemProps={(item) => ({ 'aria-label': t('exchange.pageNumber', { page: item }) })}
        />
      )}
    </Stack>
  );
}

function ReportLine({ row }: { row: ReportRow }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-row={row.row} data-outcome={row.outcome}>
      <Table.Th scope="row">{formatNumber(row.row, i18n.language)}</Table.Th>
      <Table.Td>
        <Badge variant="light" color={OUTCOME_COLOURS[row.outcome]}>
          {t(OUTCOME_LABELS[row.outcome])}
        </Badge>
      </Table.Td>
      <Table.Td>
        {row.problems.length > 0 && (
          <List size="sm" spacing={2}>
            {row.problems.map((problem, index) => (
              <List.Item key={index} data-column={problem.column}>
                <Text span fw={600} ff="monospace">
                  {problem.column || t('exchange.wholeRow')}
                </Text>
                {': '}
                {problem.reason}
              </List.Item>
            ))}
          </List>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** A real run: its progress while it imports (polled), then its final report. */
function ImportRun({ started }: { started: CaseImport }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const job = useQuery({
    queryKey: ['case-import', started.id],
    queryFn: () => api.getCaseImport(started.id),
    initialData: started,
    refetchInterval: (query) => (query.state.data?.status === 'imported' ? false : POLL_MS),
  });
  const current = job.data;
  const { done, total, percent } = importProgress(current);
  const finished = current.status === 'imported';
  const progressText = t('exchange.progressText', {
    done: formatNumber(done, i18n.language),
    total: formatNumber(total, i18n.language),
  });
  return (
    <Stack gap="sm" data-testid="import-run" data-status={current.status}>
      <Title order={4}>{finished ? t('exchange.importFinished') : t('exchange.importing')}</Title>
      <Progress.Root size="lg">
        <Progress.Section
          value={percent}
          animated={!finished}
          aria-label={t('exchange.progress')}
        />
      </Progress.Root>
      <Text size="sm" aria-live="polite">
        {progressText}
      </Text>
      {job.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: job.error.message })}
        </Alert>
      )}
      {finished && (
        <>
          <ImportReport job={current} />
          {current.imported > 0 && (
            <Text size="sm">
              <Link to="/">{t('exchange.seeDrafts')}</Link>
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

/**
 * Bulk import: the file is checked first (a dry run: its report row by row, nothing stored), then
 * imported for real, its progress followed until the job says it is done.
 */
export function ImportPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: (chosen: File) => api.importCases(chosen, true) });
  const run = useMutation({ mutationFn: (chosen: File) => api.importCases(chosen, false) });
  const fileId = useId();
  const uploadError = fileProblem(check.error ?? run.error);
  const choose = (chosen: File | null) => {
    setFile(chosen);
    check.reset();
    run.reset();
  };
  return (
    <Stack gap="sm">
      <Title order={3}>{t('exchange.importTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('exchange.importHelp')}
      </Text>
      {/* A native file input: keyboard use and screen readers as the browser gives them. */}
      <Input.Wrapper label={t('exchange.file')} error={uploadError} id={fileId}>
        <input
          id={fileId}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={uploadError ? true : undefined}
          aria-describedby={uploadError ? `${fileId}-error` : undefined}
          onChange={(event) => choose(event.currentTarget.files?.[0] ?? null)}
        />
      </Input.Wrapper>
      <Group>
        <Button
          disabled={!file || run.isSuccess}
          loading={check.isPending}
          onClick={() => file && check.mutate(file)}
        >
          {t('exchange.dryRun')}
        </Button>
        {check.data && (
          <Button
            color="green"
            disabled={!file || check.data.validCases === 0 || run.isSuccess}
            loading={run.isPending}
            onClick={() => file && run.mutate(file)}
          >
            {t('exchange.importForReal', {
              cases: formatNumber(check.data.validCases, i18n.language),
            })}
          </Button>
        )}
      </Group>
      {check.data && !run.data && (
        <Stack gap="sm" data-testid="dry-run">
          <Title order={4}>{t('exchange.dryRunReport', { file: check.data.fileName })}</Title>
          {check.data.badRows > 0 && <Alert color="yellow">{t('exchange.badRowsSkipped')}</Alert>}
          <ImportReport job={check.data} />
        </Stack>
      )}
      {run.data && <ImportRun started={run.data} />}
    </Stack>
  );
}
