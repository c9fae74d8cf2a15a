import {
  EXCHANGE_FORMATS,
  type ExchangeFormat,
  type ExportFilter,
  exportFilterSchema,
  purposeSchema,
} from '@opencen/contracts';
import {
  Alert,
  Button,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { saveFile } from '../api/save-file';
import { useCaseFilter } from '../cases/case-filter';
import { formatDateTime, formatNumber } from '../i18n/format';
import { ReferenceSelect } from '../reference/ReferenceSelect';

const POLL_MS = 1000;

/**
 * The export's filter from the page's address, where the case search keeps its own (the same
 * keys: detection dates, office, commodity category), so a search can be carried over; the route
 * country is the export's own key.
 */
function exportFilterOf(
  filter: ReturnType<typeof useCaseFilter>['filter'],
  params: URLSearchParams,
): ExportFilter {
  return {
    detectedFrom: filter.detectedFrom || undefined,
    detectedTo: filter.detectedTo || undefined,
    offices: filter.office ? [filter.office] : undefined,
    commodityCategory: filter.commodityCategory || undefined,
    routeCountry: params.get('routeCountry') || undefined,
  };
}

/** Errors by field: the contract's check of the filter and purpose, else the API's problem. */
function errorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const errors: Record<string, string> = {};
  for (const [path, reason] of Object.entries(error.fieldErrors())) {
    errors[path.replace(/^filter\./, '').replace(/^offices(\.\d+)?$/, 'offices')] ??= reason;
  }
  return errors;
}

/** The export's record while it is served: cases and pages so far, polled. */
function ExportProgress({ exportId, done }: { exportId: string; done: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  // Polled while the file streams in (not after it ended, in a failure too), and read once more
  // when it has ended, for the final count.
  const record = useQuery({
    queryKey: ['case-export', exportId],
    queryFn: () => api.getCaseExport(exportId),
    refetchInterval: (query) => (done || query.state.data?.status === 'complete' ? false : POLL_MS),
  });
  const { refetch } = record;
  useEffect(() => {
    if (done) void refetch();
  }, [done, refetch]);
  const served = record.data?.caseIds.length ?? 0;
  const complete = done && record.data?.status === 'complete';
  const text = t(complete ? 'exchange.exportServed' : 'exchange.exportProgressText', {
    cases: formatNumber(served, i18n.language),
    pages: formatNumber(record.data?.pages ?? 0, i18n.language),
  });
  return (
    <Stack gap="xs" data-testid="export-progress" data-status={record.data?.status ?? 'starting'}>
      <Progress
        value={100}
        animated={!complete}
        striped={!complete}
        aria-label={t('exchange.exportProgress')}
        aria-valuetext={text}
      />
      <Text size="sm" aria-live="polite">
        {text}
      </Text>
      {complete && record.data && (
        <Text size="sm">
          {t('exchange.exportComplete', {
            at: formatDateTime(record.data.completedAt, i18n.language),
          })}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The export for partner administrations (liaison officers, supervisors): the filter, why, and the
 * format; the file streams in with the token, its record polled meanwhile, and is saved.
 */
export function ExportPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const { filter, set } = useCaseFilter();
  const [params] = useSearchParams();
  const [format, setFormat] = useState<ExchangeFormat>('csv');
  const [purpose, setPurpose] = useState('');
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const [exportId, setExportId] = useState<string>();
  const [saved, setSaved] = useState<{ blob: Blob; name: string }>();
  const exportFilter = exportFilterOf(filter, params);
  const start = useMutation({
    mutationFn: async () => {
      setSaved(undefined);
      setExportId(undefined);
      const started = await api.exportCases({ format, filter: exportFilter }, purpose.trim());
      setExportId(started.exportId);
      const blob = await started.file();
      return { blob, name: started.fileName };
    },
    onSuccess: (file) => {
      setSaved(file);
      saveFile(file.blob, file.name);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const checkedFilter = exportFilterSchema.safeParse(exportFilter);
    if (!checkedFilter.success) {
      for (const issue of checkedFilter.error.issues)
        errors[String(issue.path[0])] ??= issue.message;
    }
    const checkedPurpose = purposeSchema.safeParse(purpose);
    if (!checkedPurpose.success) errors.purpose = checkedPurpose.error.issues[0]!.message;
    setCheckErrors(errors);
    if (Object.keys(errors).length === 0) start.mutate();
  };
  const apiErrors = errorsOf(start.error);
  const errors = { ...apiErrors, ...checkErrors };
  const unplaced =
    start.error &&
    !['detectedFrom', 'detectedTo', 'offices', 'commodityCategory', 'routeCountry', 'purpose'].some(
      (field) => apiErrors[field],
    );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Title order={3}>{t('exchange.exportTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('exchange.exportHelp')}
        </Text>
        <Group align="flex-start" grow>
          <TextInput
            type="date"
            label={t('search.detectedFrom')}
            value={filter.detectedFrom ?? ''}
            onChange={(event) => set('detectedFrom', event.currentTarget.value)}
            error={errors.detectedFrom}
          />
          <TextInput
            type="date"
            label={t('search.detectedTo')}
            value={filter.detectedTo ?? ''}
            onChange={(event) => set('detectedTo', event.currentTarget.value)}
            error={errors.detectedTo}
          />
        </Group>
        <Group align="flex-start" grow>
          <ReferenceSelect
            list="customs-offices"
            label={t('exchange.office')}
            value={filter.office}
            onChange={(value) => set('office', value)}
            error={errors.offices}
          />
          <ReferenceSelect
            list="commodity-categories"
            label={t('exchange.commodityCategory')}
            value={filter.commodityCategory}
            onChange={(value) => set('commodityCategory', value)}
            error={errors.commodityCategory}
          />
          <ReferenceSelect
            list="countries"
            label={t('exchange.routeCountry')}
            value={exportFilter.routeCountry}
            onChange={(value) => set('routeCountry', value)}
            error={errors.routeCountry}
          />
        </Group>
        <TextInput
          label={t('exchange.purpose')}
          description={t('exchange.purposeHelp')}
          value={purpose}
          onChange={(event) => setPurpose(event.currentTarget.value)}
          error={errors.purpose}
          required
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="export-format-label">
            {t('exchange.format')}
          </Text>
          <SegmentedControl
            aria-labelledby="export-format-label"
            value={format}
            onChange={(value) => setFormat(value as ExchangeFormat)}
            data={EXCHANGE_FORMATS.map((value) => ({ value, label: value.toUpperCase() }))}
          />
        </Stack>
        <Group>
          <Button type="submit" loading={start.isPending}>
            {t('exchange.startExport')}
          </Button>
          {saved && (
            <Button variant="default" onClick={() => saveFile(saved.blob, saved.name)}>
              {t('exchange.saveAgain', { file: saved.name })}
            </Button>
          )}
        </Group>
        {unplaced && (
          <Alert color="red" role="alert">
            {t('app.error', { message: start.error.message })}
          </Alert>
        )}
        {exportId && <ExportProgress exportId={exportId} done={!start.isPending} />}
      </Stack>
    </form>
  );
}
