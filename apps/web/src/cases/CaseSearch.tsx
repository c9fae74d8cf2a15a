import {
  CASE_FACETS,
  CASE_STATUSES,
  CASE_TYPES,
  type CaseFacet,
  type RequestOf,
  type searchCases,
} from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Chip,
  Grid,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { formatDateTime } from '../i18n/format';

type Filter = Omit<RequestOf<typeof searchCases>, 'facets' | 'limit' | 'cursor' | 'sort' | 'order'>;
const FILTER_KEYS = [
  'text',
  'status',
  'type',
  'detectedFrom',
  'detectedTo',
  ...CASE_FACETS,
] as const;

/** The filter in the page's address, so a search can be bookmarked and shared. */
function filterOf(params: URLSearchParams): Filter {
  const filter: Record<string, string> = {};
  for (const key of new Set(FILTER_KEYS)) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as Filter;
}

/** Case search: free text, filters, and the counts of each facet to narrow by a click. */
export function CaseSearch() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const [text, setText] = useState(filter.text ?? '');
  const query = useQuery({
    queryKey: ['cases', 'search', filter],
    queryFn: () => api.searchCases({ ...filter, facets: true, limit: 50 }),
  });

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set('text', text.trim() || undefined);
  };
  const facetLabel = (facet: CaseFacet, value: string) =>
    facet === 'status'
      ? t(`caseStatus.${value}`)
      : facet === 'type'
        ? t(`caseType.${value}`)
        : value;

  return (
    <Stack>
      <Title order={2}>{t('search.title')}</Title>
      <form onSubmit={submit} role="search">
        <Group align="flex-end">
          <TextInput
            label={t('search.text')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Select
            label={t('search.status')}
            data={CASE_STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))}
            value={filter.status ?? null}
            onChange={(value) => set('status', value ?? undefined)}
            clearable
          />
          <Select
            label={t('search.type')}
            data={CASE_TYPES.map((s) => ({ value: s, label: t(`caseType.${s}`) }))}
            value={filter.type ?? null}
            onChange={(value) => set('type', value ?? undefined)}
            clearable
          />
          <TextInput
            type="date"
            label={t('search.detectedFrom')}
            value={filter.detectedFrom ?? ''}
            onChange={(event) => set('detectedFrom', event.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('search.detectedTo')}
            value={filter.detectedTo ?? ''}
            onChange={(event) => set('detectedTo', event.currentTarget.value)}
          />
          <Button type="submit">{t('search.run')}</Button>
          <Button variant="subtle" onClick={() => setParams(new URLSearchParams())}>
            {t('search.clear')}
          </Button>
        </Group>
      </form>
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
