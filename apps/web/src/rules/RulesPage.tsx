import { type Rule } from '@opencen/contracts';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { PagedList } from '../shell/PagedList';

import { RULE_QUERIES } from './rule-queries';
const LIST = [...RULE_QUERIES, 'list'];

type RulePages = InfiniteData<{ items: Rule[]; nextCursor?: string }>;

/** A rule's filter as the officer reads it: `key: value`, one after the other. */
const filterText = (rule: Rule) =>
  Object.entries(rule.target.filter)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ');

function RuleItem({ rule }: { rule: Rule }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  // The list comes from the search index, a second behind: the change is applied to it at once.
  const change = useMutation({
    mutationFn: (action: 'enable' | 'disable' | 'delete') =>
      api.changeRule(action, { id: rule.id, version: rule.version }),
    onSuccess: (reply) =>
      queryClient.setQueryData<RulePages>(LIST, (pages) =>
        pages
          ? {
              ...pages,
              pages: pages.pages.map((page) => ({
                ...page,
                items: page.items.flatMap((item) =>
                  item.id !== rule.id ? [item] : 'deleted' in reply ? [] : [reply],
                ),
              })),
            }
          : pages,
      ),
  });
  const search =
    rule.target.kind === 'case-search'
      ? `/cases?${new URLSearchParams(rule.target.filter as Record<string, string>).toString()}`
      : undefined;
  return (
    <Paper component="li" withBorder p="sm" data-rule={rule.id} data-enabled={rule.enabled}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            {search ? (
              <Anchor component={Link} to={search} fw={600}>
                {rule.name}
              </Anchor>
            ) : (
              <Text fw={600}>{rule.name}</Text>
            )}
            <Badge variant="light" color={rule.enabled ? 'green' : 'gray'}>
              {rule.enabled ? t('rules.enabled') : t('rules.disabled')}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t(`ruleKind.${rule.target.kind}`)}
            {filterText(rule) && ` · ${filterText(rule)}`}
          </Text>
          {change.error && (
            <Text size="sm" c="red" role="alert">
              {change.error.message}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            loading={change.isPending && change.variables !== 'delete'}
            onClick={() => change.mutate(rule.enabled ? 'disable' : 'enable')}
            aria-label={t(rule.enabled ? 'rules.disableOf' : 'rules.enableOf', { name: rule.name })}
          >
            {rule.enabled ? t('rules.disable') : t('rules.enable')}
          </Button>
          <Button
            size="xs"
            color="red"
            variant="light"
            loading={change.isPending && change.variables === 'delete'}
            onClick={() => change.mutate('delete')}
            aria-label={t('rules.deleteOf', { name: rule.name })}
          >
            {t('rules.delete')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

/** My saved searches and watches, newest first: enable, disable, delete. */
export function RulesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const pages = useInfiniteQuery({
    queryKey: LIST,
    queryFn: ({ pageParam }) => api.listRules({ cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('rules.title')}</Title>
      <PagedList
        label={t('rules.title')}
        empty={t('rules.empty')}
        count={items.length}
        pages={pages}
        error={pages.error}
      >
        {items.map((rule) => (
          <RuleItem key={rule.id} rule={rule} />
        ))}
      </PagedList>
    </Stack>
  );
}
