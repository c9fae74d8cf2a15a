import { type CaseSearchFilter, type StatisticsRow } from '@opencen/contracts';
import { Alert, Box, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { CaseFilterForm, useCaseFilter } from '../cases/case-filter';
import { directionOf } from '../i18n/i18n';
import { formatNumber } from '../i18n/format';
import { type CountryMark } from '../maps/WorldMap';
import { useReferenceLabel } from '../reference/ReferenceSelect';
import { StatisticsFigure } from './StatisticsFigure';
import { figureTable } from './statistics-table';

// ECharts and the atlas are loaded with this screen only, each in its own chunk.
const CountChart = lazy(() => import('../charts/CountChart'));
const WorldMap = lazy(() => import('../maps/WorldMap'));

/** The search filter key that lists the cases of a figure's key. */
const SEARCH_KEY = {
  commodityCategory: 'commodityCategory',
  office: 'office',
  routeCountry: 'country',
} as const;

/** The address of the search of the cases behind one key of a figure, within the filter. */
function casesOf(filter: CaseSearchFilter, dimension: 'month' | keyof typeof SEARCH_KEY) {
  return (key: string) => {
    const params = new URLSearchParams(filter as Record<string, string>);
    if (dimension === 'month') {
      const [year, month] = key.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      params.set('detectedFrom', `${key}-01`);
      params.set('detectedTo', `${key}-${String(last).padStart(2, '0')}`);
    } else {
      params.set(SEARCH_KEY[dimension], key);
    }
    return `/cases?${params}`;
  };
}

/** A month key (YYYY-MM, UTC) as the user's language writes it. */
const monthLabel = (language: string) => {
  const format = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return (key: string) => format.format(new Date(`${key}-01T00:00:00Z`));
};

/** A shade from light to dark indigo for a share of the largest count (square root: small ones show). */
export function shade(fraction: number): string {
  const light = [0xdb, 0xe4, 0xff];
  const dark = [0x36, 0x4f, 0xc7];
  const f = Math.sqrt(Math.min(1, Math.max(0, fraction)));
  const channel = (i: number) => Math.round(light[i]! + (dark[i]! - light[i]!) * f);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

function Drawing({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<Loader aria-label={t('app.loading')} />}>{children}</Suspense>;
}

/**
 * Statistics of the cases that match any filter of the search: seizures by month, category,
 * office, and route country on a world map, each drawn, tabled and downloadable.
 */
export default function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { filter, set, clear } = useCaseFilter();
  const language = i18n.language;
  const direction = directionOf(language);
  const category = useReferenceLabel('commodity-categories');
  const office = useReferenceLabel('customs-offices');
  const country = useReferenceLabel('countries');
  const query = useQuery({
    queryKey: ['cases', 'statistics', filter],
    queryFn: () => api.caseStatistics(filter),
  });
  const totals = query.data;
  const dimensions = totals?.dimensions;

  const chart = (
    kind: 'line' | 'bar',
    title: string,
    rows: readonly StatisticsRow[],
    label: (key: string) => string,
  ) => (
    <Drawing>
      <CountChart
        kind={kind}
        title={title}
        labels={rows.map((row) => label(row.key))}
        counts={rows.map((row) => row.cases)}
        language={language}
        direction={direction}
      />
    </Drawing>
  );

  const byCountry = dimensions?.routeCountry ?? [];
  const most = Math.max(1, ...byCountry.map((row) => row.cases));
  const marks = new Map<string, CountryMark>(
    byCountry.map((row) => [
      row.key,
      {
        fill: shade(row.cases / most),
        mark: 'counted',
        title: t('statistics.countryCases', {
          country: country(row.key),
          count: row.cases,
          formatted: formatNumber(row.cases, language),
        }),
      },
    ]),
  );

  const titles = {
    month: t('statistics.byMonth'),
    commodityCategory: t('statistics.byCategory'),
    office: t('statistics.byOffice'),
    routeCountry: t('statistics.byCountry'),
  };

  return (
    <Stack>
      <Title order={2}>{t('statistics.title')}</Title>
      <CaseFilterForm filter={filter} set={set} clear={clear} />
      {query.error && (
        <Alert color="red" role="alert">
          {query.error.message}
        </Alert>
      )}
      {query.isLoading && <Loader aria-label={t('app.loading')} />}
      {totals && dimensions && (
        <>
          <Text role="status" data-testid="statistics-total">
            {t('statistics.total', {
              count: totals.cases,
              formatted: formatNumber(totals.cases, language),
            })}
          </Text>
          <StatisticsFigure
            name="month"
            title={titles.month}
            table={figureTable(dimensions.month, monthLabel(language))}
            chart={chart('line', titles.month, dimensions.month, monthLabel(language))}
            casesOf={casesOf(filter, 'month')}
          />
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <StatisticsFigure
              name="commodityCategory"
              title={titles.commodityCategory}
              table={figureTable(dimensions.commodityCategory, category)}
              chart={chart('bar', titles.commodityCategory, dimensions.commodityCategory, category)}
              casesOf={casesOf(filter, 'commodityCategory')}
            />
            <StatisticsFigure
              name="office"
              title={titles.office}
              table={figureTable(dimensions.office, office)}
              chart={chart('bar', titles.office, dimensions.office, office)}
              casesOf={casesOf(filter, 'office')}
            />
          </SimpleGrid>
          <StatisticsFigure
            name="routeCountry"
            title={titles.routeCountry}
            table={figureTable(byCountry, country)}
            chart={
              <Drawing>
                <WorldMap label={titles.routeCountry} marks={marks} />
                <Group gap={4} justify="center" mt={4} aria-hidden data-testid="map-legend">
                  <Text size="xs">{formatNumber(1, language)}</Text>
                  {[0, 0.25, 0.5, 0.75, 1].map((fraction) => (
                    <Box key={fraction} w={24} h={10} style={{ background: shade(fraction) }} />
                  ))}
                  <Text size="xs">{formatNumber(most, language)}</Text>
                </Group>
              </Drawing>
            }
            casesOf={casesOf(filter, 'routeCountry')}
          />
        </>
      )}
    </Stack>
  );
}
