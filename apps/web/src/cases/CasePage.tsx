import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { formatDateTime, formatNumber } from '../i18n/format';
import { CasePhotoGallery } from '../photos/CasePhotoGallery';
import { useReferenceLabel, useReferenceOptions } from '../reference/ReferenceSelect';
import { CaseSubjects } from '../subjects/CaseSubjects';
import { CaseActions } from './CaseActions';

// The world atlas is loaded with the first route map, in a chunk of its own.
const RouteMap = lazy(() => import('../maps/RouteMap'));

/** The case query, shared by the page and the edit form. */
export function useCase(id: string) {
  const api = useApi();
  return useQuery({ queryKey: ['case', id], queryFn: () => api.getCase({ id }) });
}

/** A code shown with its label in the user's language. */
function useLabel(list: Parameters<typeof useReferenceOptions>[0]) {
  const { options } = useReferenceOptions(list);
  return (code: string | undefined) =>
    code ? (options.find((option) => option.value === code)?.label ?? code) : '—';
}

/** One case: what was recorded, its workflow, and the actions the user may take. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const query = useCase(id);
  const office = useLabel('customs-offices');
  const category = useLabel('commodity-categories');
  const unit = useLabel('units');
  const country = useLabel('countries');
  const countryName = useReferenceLabel('countries');

  if (query.isLoading) return <Loader role="status" aria-label={t('app.loading')} />;
  if (query.error || !query.data)
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: query.error?.message ?? '' })}
      </Alert>
    );
  const kase = query.data;
  const language = i18n.language;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('case.title', { number: kase.number })}</Title>
        <Group>
          <Badge size="lg" data-testid="case-status">
            {t(`caseStatus.${kase.status}`)}
          </Badge>
          <Badge size="lg" variant="outline">
            {t(`caseType.${kase.type}`)}
          </Badge>
        </Group>
      </Group>
      {kase.rejection && (
        <Alert color="orange" role="status">
          {t('case.rejection', {
            date: formatDateTime(kase.rejection.at, language),
            reason: kase.rejection.reason,
          })}
        </Alert>
      )}
      <CaseActions kase={kase} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('case.detectedAt')}
          </Text>
          <Text>{formatDateTime(kase.detectedAt, language)}</Text>
          <Text size="sm" c="dimmed" mt="sm">
            {t('case.office')}
          </Text>
          <Text>{office(kase.location.office ?? kase.office)}</Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('case.route')}
          </Text>
          <Text>
            {[
              kase.route.departureCountry,
              ...kase.route.transitCountries,
              kase.route.destinationCountry,
            ]
              .filter(Boolean)
              .map(country)
              .join(' → ') || '—'}
          </Text>
          {(kase.route.departureCountry ||
            kase.route.destinationCountry ||
            kase.route.transitCountries.length > 0) && (
            <Suspense fallback={<Loader size="sm" role="status" aria-label={t('app.loading')} />}>
              <RouteMap route={kase.route} label={countryName} />
            </Suspense>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          {t('case.items')}
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('form.commodityCategory')}</Table.Th>
              <Table.Th>{t('form.description')}</Table.Th>
              <Table.Th>{t('form.quantity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kase.items.map((item, index) => (
              <Table.Tr key={index}>
                <Table.Td>{category(item.commodityCategory)}</Table.Td>
                <Table.Td>{item.description ?? '—'}</Table.Td>
                <Table.Td>
                  {formatNumber(item.quantity, language)} {item.unit ? unit(item.unit) : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <CaseSubjects kase={kase} />
      <Card withBorder component="section" aria-labelledby="case-photos-title">
        <Title order={3} size="h4" mb="sm" id="case-photos-title">
          {t('photos.title')}
        </Title>
        <CasePhotoGallery caseId={kase.id} />
      </Card>
      {kase.narrative && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            {t('case.narrative')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{kase.narrative}</Text>
        </Card>
      )}
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          {t('case.history')}
        </Title>
        <Table>
          <Table.Tbody>
            {kase.workflow.map((step, index) => (
              <Table.Tr key={index}>
                <Table.Td>{formatDateTime(step.at, language)}</Table.Td>
                <Table.Td>{t(`case.${step.transition}`)}</Table.Td>
                <Table.Td>
                  {t(`caseStatus.${step.from}`)} → {t(`caseStatus.${step.to}`)}
                </Table.Td>
                <Table.Td>{step.comment ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
