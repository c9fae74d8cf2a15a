import { SUBJECT_TYPES, type SubjectType, subjectTypeSchema } from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Card,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { SUBJECT_KINDS, subjectPath } from '../subjects/subject-kinds';
import { type LinkNode } from './LinksGraph';

// ECharts' graph is loaded with the first links view, in a chunk of its own.
const LinksGraph = lazy(() => import('./LinksGraph'));

/** Subjects whose names are read for the labels; beyond them, a subject is named by its id. */
const NAMED_AT_MOST = 40;

const caseNode = (id: string) => `case:${id}`;
const subjectNode = (type: SubjectType, id: string) => `${type}:${id}`;

/**
 * The links view (`/links/:kind/:id`): a subject's cases and the other parties and conveyances of
 * those cases, one or two hops out, drawn as a network and listed beside it (the same links, for
 * the keyboard and screen readers). Every node leads to its page.
 */
export function LinksPage() {
  const { kind = '', id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [depth, setDepth] = useState<'1' | '2'>('2');
  const type = subjectTypeSchema.safeParse(kind);
  const links = useQuery({
    queryKey: ['links', kind, id, depth],
    queryFn: () =>
      api.caseLinks({
        subject: { subjectType: type.data!, subjectId: id },
        depth: Number(depth),
      }),
    enabled: type.success,
  });
  const subjects = links.data?.subjects ?? [];
  // The index holds ids only: the names are read from the persons service (audited reads).
  const names = useQueries({
    queries: subjects.slice(0, NAMED_AT_MOST).map((s) => ({
      queryKey: ['subjects', s.subjectType, 'record', s.subjectId],
      queryFn: () => api.getSubject(s.subjectType, { id: s.subjectId }),
      retry: false,
    })),
  });
  if (!type.success) return <Alert color="red">{t('app.notFound')}</Alert>;
  const nameOf = (subjectType: SubjectType, subjectId: string) => {
    const index = subjects.findIndex(
      (s) => s.subjectType === subjectType && s.subjectId === subjectId,
    );
    const record = index >= 0 ? names[index]?.data : undefined;
    return record ? SUBJECT_KINDS[subjectType].name(record) : subjectId;
  };
  const kindLabel = (subjectType: SubjectType) => t(`notificationTarget.${subjectType}`);
  const categories = [t('links.cases'), ...SUBJECT_TYPES.map((s) => t(`links.kind_${s}`))];

  const nodes: LinkNode[] = [
    ...(links.data?.cases ?? []).map((kase) => ({
      id: caseNode(kase.id),
      label: kase.number,
      category: 0,
      path: `/cases/${encodeURIComponent(kase.id)}`,
    })),
    ...subjects.map((s) => ({
      id: subjectNode(s.subjectType, s.subjectId),
      label: nameOf(s.subjectType, s.subjectId),
      category: 1 + SUBJECT_TYPES.indexOf(s.subjectType),
      origin: s.hop === 0,
      path: subjectPath(s.subjectType, s.subjectId),
    })),
  ];
  const edges = (links.data?.links ?? []).map((link) => ({
    source: caseNode(link.caseId),
    target: subjectNode(link.subjectType, link.subjectId),
  }));
  const origin = nameOf(type.data, id);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('links.title', { name: origin })}</Title>
        <SegmentedControl
          aria-label={t('links.depth')}
          value={depth}
          onChange={(value) => setDepth(value as '1' | '2')}
          data={[
            { value: '1', label: t('links.depth1') },
            { value: '2', label: t('links.depth2') },
          ]}
        />
      </Group>
      <Anchor component={Link} to={subjectPath(type.data, id)}>
        {t('links.back', { kind: kindLabel(type.data), name: origin })}
      </Anchor>
      {links.isLoading && <Loader aria-label={t('app.loading')} />}
      {links.error && (
        <Alert color="red" role="alert">
          {links.error.message}
        </Alert>
      )}
      {links.data?.truncated && (
        <Alert color="orange" role="status">
          {t('links.truncated')}
        </Alert>
      )}
      {links.data && links.data.cases.length === 0 && <Text c="dimmed">{t('links.none')}</Text>}
      {links.data && links.data.cases.length > 0 && (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Card withBorder>
              <Suspense fallback={<Loader size="sm" aria-label={t('app.loading')} />}>
                <LinksGraph
                  title={t('links.graph', { name: origin })}
                  categories={categories}
                  nodes={nodes}
                  edges={edges}
                  onOpen={(path) => void navigate(path)}
                />
              </Suspense>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Card withBorder component="section" aria-labelledby="links-list">
              <Title order={3} size="h5" id="links-list" mb="sm">
                {t('links.list')}
              </Title>
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
                {links.data.cases.map((kase) => (
                  <li key={kase.id} data-link-case={kase.id}>
                    <Group gap="xs">
                      <Anchor
                        component={Link}
                        to={`/cases/${encodeURIComponent(kase.id)}`}
                        fw={600}
                      >
                        {kase.number}
                      </Anchor>
                      <Badge size="xs" variant="light">
                        {t('links.hop', { hop: kase.hop })}
                      </Badge>
                    </Group>
                    <ul aria-label={t('links.namedIn', { number: kase.number })}>
                      {links.data.links
                        .filter((link) => link.caseId === kase.id)
                        .map((link) => (
                          <li key={`${link.subjectType}:${link.subjectId}`}>
                            <Anchor
                              component={Link}
                              to={subjectPath(link.subjectType, link.subjectId)}
                              size="sm"
                            >
                              {kindLabel(link.subjectType)}:{' '}
                              {nameOf(link.subjectType, link.subjectId)}
                            </Anchor>
                          </li>
                        ))}
                    </ul>
                  </li>
                ))}
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
