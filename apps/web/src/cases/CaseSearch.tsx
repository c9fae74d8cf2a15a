import { CASE_FACETS, type CaseFacet } from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Card,
  Chip,
  Grid,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDateTime } from '../i18n/format';
import { SaveSearchButton } from '../rules/SaveSearchButton';
import { CaseFilterForm, useCaseFilter } from './case-filter';

/** Case search: free text, filters, and the counts of each facet to narrow by a click. */
export function CaseSearch() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { filter, set, clear } = useCaseFilter();
  const { session } = useAuth();
  const query = useQuery({
    queryKey: ['cases', 'search', filter],
    queryFn: () => api.searchCases({ ...filter, facets: true, limit: 50 }),
  });

  const facetLabel = (facet: CaseFacet, value: string) =>
    facet === 'status'
      ? t(`caseStatus.${value}`)
      : facet === 'type'
        ? t(`caseType.${value}`)
        : value;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('search.title')}</Title>
        {may(session, 'ruleOwners') && <SaveSearchButton filter={filter} />}
      </Group>
      <CaseFilterForm filter={filter} set={set} clear={clear} />
      {query.error && (
        <Alert color="red" role="alert">
          {query.error.message}
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder component="aside" aria-label={t('search.facets')}>
            <Title order={3} size="h5" mb="sm">
              {t('search.facets')}
            </Title>
            <Stack gap="sm">
              {CASE_FACETS.map((facet) => {
                const counts = query.data?.facets?.[facet] ?? [];
                if (counts.length === 0) return null;
                return (
                  <div key={facet} role="group" aria-label={t(`search.facet_${facet}`)}>
                    <Text size="sm" fw={600} mb={4}>
                      {t(`search.facet_${facet}`)}
                    </Text>
                    <Group gap={4}>
                      {counts.map(({ value, count }) => (
                        <Chip
                          key={value}
                          size="xs"
                          checked={filter[facet] === value}
                          onChange={(on) => set(facet, on ? value : undefined)}
                          data-facet={facet}
                          data-value={value}
                        >
                          {facetLabel(facet, value)} ({count.toLocaleString(i18n.language)})
                        </Chip>
                      ))}
                    </Group>
                  </div>
                );
              })}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Text role="status" mb="xs">
            {t('search.results', { count: query.data?.total ?? 0 })}
          </Text>
          {query.data && query.data.items.length === 0 ? (
            <Text c="dimmed">{t('search.noResults')}</Text>
          ) : (
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('search.number')}</Table.Th>
                  <Table.Th>{t('search.status')}</Table.Th>
                  <Table.Th>{t('search.type')}</Table.Th>
                  <Table.Th>{t('search.detected')}</Table.Th>
                  <Table.Th>{t('search.categories')}</Table.Th>
                  <Table.Th>{t('search.countries')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(query.data?.items ?? []).map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases/${item.id}`}>
                        {item.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`caseStatus.${item.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td>{t(`caseType.${item.type}`)}</Table.Td>
                    <Table.Td>{formatDateTime(item.detectedAt, i18n.language)}</Table.Td>
                    <Table.Td>{item.commodityCategories.join(', ')}</Table.Td>
                    <Table.Td>{item.routeCountries.join(', ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
