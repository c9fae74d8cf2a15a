import { type Case, type SubjectType } from '@opencen/contracts';
import { Anchor, Card, List, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { SUBJECT_KINDS, subjectPath } from './subject-kinds';

/**
 * The parties and the conveyance of a case, each linked to its page (for those who may read
 * records; others see none). The case names them by id: their names are read from the persons
 * service, and an id stands in until then (or if the record cannot be read).
 */
export function CaseSubjects({ kase }: { kase: Pick<Case, 'parties' | 'conveyance'> }) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const readers = may(session, 'recordReaders');
  const subjects: { type: SubjectType; id: string; role?: string }[] = [
    // A partial case (as some screens' tests pass) may lack the list: none is shown then.
    ...(kase.parties ?? []).map((party) => ({
      type: party.subjectType,
      id: party.subjectId,
      role: party.role,
    })),
    ...(kase.conveyance?.conveyanceId
      ? [{ type: 'conveyance' as const, id: kase.conveyance.conveyanceId }]
      : []),
  ];
  const records = useQueries({
    queries: subjects.map(({ type, id }) => ({
      queryKey: ['subjects', type, 'record', id],
      queryFn: () => api.getSubject(type, { id }),
      enabled: readers,
      retry: false,
    })),
  });
  if (!readers || subjects.length === 0) return null;
  return (
    <Card withBorder component="section" aria-labelledby="case-subjects">
      <Title order={3} size="h4" id="case-subjects" mb="sm">
        {t('pickers.caseSubjects')}
      </Title>
      <List data-testid="case-subjects">
        {subjects.map(({ type, id, role }, index) => {
          const record = records[index]?.data;
          const name = record ? SUBJECT_KINDS[type].name(record) : id;
          return (
            <List.Item key={`${type}:${id}:${role ?? ''}`}>
              <Text size="sm" span>
                {t(`notificationTarget.${type}`)}:{' '}
              </Text>
              <Anchor component={Link} to={subjectPath(type, id)} size="sm">
                {name}
              </Anchor>
              {role && (
                <Text size="sm" span c="dimmed">
                  {' '}
                  — {t(`parties.role_${role}`)}
                </Text>
              )}
            </List.Item>
          );
        })}
      </List>
    </Card>
  );
}
