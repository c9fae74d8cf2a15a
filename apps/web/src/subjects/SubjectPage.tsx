import { type SubjectType } from '@opencen/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { type SubjectRecord } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { formatDateTime, formatNumber } from '../i18n/format';
import { SubjectAlerts } from './alerts';
import { SUBJECT_KINDS, type SubjectKind, draftOf, subjectPath } from './subject-kinds';

/** The record query of a subject page, shared by its parts (invalidated after a change). */
const recordKey = (kind: SubjectKind, id: string) => ['subjects', kind.type, 'record', id];

/** Edits the kind's simple fields at the version read (If-Match); lists are kept as they are. */
function SubjectEditor({
  kind,
  record,
  onDone,
}: {
  kind: SubjectKind;
  record: SubjectRecord;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const current = record as unknown as Record<string, unknown>;
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      kind.editableFields.map((field) => [field, (current[field] as string | undefined) ?? '']),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: async () => {
      const draft = draftOf(kind, record);
      for (const [field, value] of Object.entries(typed)) {
        if (value.trim() === '') delete draft[field];
        else draft[field] = value.trim();
      }
      const checked = kind.draftSchema.safeParse(draft);
      if (!checked.success) {
        const found: Record<string, string> = {};
        for (const issue of checked.error.issues) found[issue.path.join('.')] ??= issue.message;
        setErrors(found);
        return false;
      }
      await api.updateSubject(kind.type, {
        id: record.id,
        version: record.version,
        draft: checked.data as never,
      });
      return true;
    },
    onSuccess: (saved) => saved && onDone(),
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors('draft.'));
    },
  });
  return (
    <Stack
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {kind.editableFields.map((field) => (
        <TextInput
          key={field}
          label={t(`subjects.field_${field}`)}
          value={typed[field]}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setTyped((now) => ({ ...now, [field]: value }));
            setErrors({});
          }}
          error={errors[field]}
          autoComplete="off"
        />
      ))}
      {save.error && !(save.error instanceof ApiProblem && save.error.errors.length > 0) && (
        <Alert color="red" role="alert">
          {save.error.message}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={save.isPending}>
          {t('subjects.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Merging another record of the same subject into this one (supervisors, admins): the other one
 * is read first, so the supervisor confirms what they merge and both versions are the ones seen.
 */
function MergeForm({ kind, record }: { kind: SubjectKind; record: SubjectRecord }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [otherId, setOtherId] = useState('');
  const [error, setError] = useState<string>();
  const [other, setOther] = useState<SubjectRecord>();
  const read = useMutation({
    mutationFn: () => api.getSubject(kind.type, { id: otherId.trim() }),
    onSuccess: (found) => {
      // A merged id answers with its survivor: this very record cannot be merged into itself.
      if (found.id === record.id) setError(t('subjects.mergeSelf'));
      else setOther(found);
    },
    onError: (problem) => setError(problem.message),
  });
  const merge = useMutation({
    mutationFn: (merged: SubjectRecord) =>
      api.mergeSubjects(kind.type, {
        survivorId: record.id,
        survivorVersion: record.version,
        mergedId: merged.id,
        mergedVersion: merged.version,
      }),
    onSuccess: () => {
      setOther(undefined);
      setOtherId('');
      void queryClient.invalidateQueries({ queryKey: ['subjects', kind.type] });
    },
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <TextInput
          label={t('subjects.mergeId')}
          description={t('subjects.mergeHint')}
          value={otherId}
          onChange={(event) => {
            setOtherId(event.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          autoComplete="off"
        />
        <Button
          variant="default"
          onClick={() => {
            if (otherId.trim() === '') setError(t('subjects.mergeIdRequired'));
            else read.mutate();
          }}
          loading={read.isPending}
        >
          {t('subjects.mergeFind')}
        </Button>
      </Group>
      <Modal
        opened={other !== undefined}
        onClose={() => setOther(undefined)}
        title={t('subjects.merge')}
      >
        {other && (
          <Stack>
            <Text>
              {t('subjects.mergeConfirm', {
                merged: kind.name(other),
                survivor: kind.name(record),
              })}
            </Text>
            {merge.error && (
              <Alert color="red" role="alert">
                {merge.error.message}
              </Alert>
            )}
            <Group>
              <Button color="orange" onClick={() => merge.mutate(other)} loading={merge.isPending}>
                {t('subjects.merge')}
              </Button>
              <Button variant="default" onClick={() => setOther(undefined)}>
                {t('subjects.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

/** The merges this record survived, each undone by a supervisor while it stands. */
function Merges({ kind, record }: { kind: SubjectKind; record: SubjectRecord }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useAuth();
  const merger = may(session, 'recordMergers');
  const undo = useMutation({
    mutationFn: (mergeId: string) =>
      api.unmergeSubjects(kind.type, {
        survivorId: record.id,
        survivorVersion: record.version,
        mergeId,
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['subjects', kind.type] }),
  });
  const merges = record.merges ?? [];
  if (merges.length === 0 && !merger) return null;
  return (
    <Card withBorder component="section" aria-labelledby="subject-merges">
      <Title order={3} size="h4" id="subject-merges" mb="sm">
        {t('subjects.merges')}
      </Title>
      {merges.length === 0 ? (
        <Text c="dimmed">{t('subjects.noMerges')}</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {merges.map((merge) => (
              <Table.Tr key={merge.mergeId} data-merge={merge.mergeId}>
                <Table.Td>
                  <Anchor component={Link} to={subjectPath(kind.type, merge.mergedId)}>
                    {merge.mergedId}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDateTime(merge.at, i18n.language)}</Table.Td>
                <Table.Td>{merge.by}</Table.Td>
                <Table.Td>{t(`subjects.mergeState_${merge.state}`)}</Table.Td>
                <Table.Td>
                  {merger && merge.state === 'done' && (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => undo.mutate(merge.mergeId)}
                      loading={undo.isPending && undo.variables === merge.mergeId}
                      aria-label={t('subjects.undoOf', { id: merge.mergedId })}
                    >
                      {t('subjects.undo')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {undo.error && (
        <Alert color="red" role="alert" mt="xs">
          {undo.error.message}
        </Alert>
      )}
      {merger && (
        <Stack mt="sm">
          <MergeForm kind={kind} record={record} />
        </Stack>
      )}
    </Card>
  );
}

/** Who changed what, version by version. */
function History({ kind, id }: { kind: SubjectKind; id: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const history = useQuery({
    queryKey: ['subjects', kind.type, 'history', id],
    queryFn: () => api.subjectHistory(kind.type, { id }),
  });
  return (
    <Card withBorder component="section" aria-labelledby="subject-history">
      <Title order={3} size="h4" id="subject-history" mb="sm">
        {t('subjects.history')}
      </Title>
      {history.error && (
        <Alert color="red" role="alert">
          {history.error.message}
        </Alert>
      )}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('subjects.version')}</Table.Th>
            <Table.Th>{t('subjects.when')}</Table.Th>
            <Table.Th>{t('subjects.who')}</Table.Th>
            <Table.Th>{t('subjects.change')}</Table.Th>
            <Table.Th>{t('subjects.fields')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.data?.changes.map((change) => (
            <Table.Tr key={change.version}>
              <Table.Td>{formatNumber(change.version, i18n.language)}</Table.Td>
              <Table.Td>{formatDateTime(change.at, i18n.language)}</Table.Td>
              <Table.Td>{change.by}</Table.Td>
              <Table.Td>{t(`subjects.change_${change.change}`)}</Table.Td>
              <Table.Td>{change.fields.join(', ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** The cases naming the subject, from the case search (party or conveyance filter). */
function Cases({ kind, id }: { kind: SubjectKind; id: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const cases = useQuery({
    queryKey: ['cases', 'search', { [kind.caseFilter]: id }],
    queryFn: () => api.searchCases({ [kind.caseFilter]: id, limit: 50 }),
  });
  return (
    <Card withBorder component="section" aria-labelledby="subject-cases">
      <Title order={3} size="h4" id="subject-cases" mb="sm">
        {t('subjects.cases')}
      </Title>
      {cases.error && (
        <Alert color="red" role="alert">
          {cases.error.message}
        </Alert>
      )}
      {cases.data && cases.data.items.length === 0 && (
        <Text c="dimmed">{t('subjects.noCases')}</Text>
      )}
      {cases.data && cases.data.items.length > 0 && (
        <Table>
          <Table.Tbody>
            {cases.data.items.map((kase) => (
              <Table.Tr key={kase.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/cases/${encodeURIComponent(kase.id)}`}>
                    {kase.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`caseStatus.${kase.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{t(`caseType.${kase.type}`)}</Table.Td>
                <Table.Td>{formatDateTime(kase.detectedAt, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {cases.data && cases.data.total > cases.data.items.length && (
        <Anchor
          component={Link}
          to={`/cases?${new URLSearchParams({ [kind.caseFilter]: id }).toString()}`}
          size="sm"
        >
          {t('subjects.allCases', { count: cases.data.total })}
        </Anchor>
      )}
    </Card>
  );
}

/**
 * A person's, company's or conveyance's page: everything recorded, its history, the cases it
 * appears in, its alerts, its merges (and undoing them) and its links; each part only for the
 * roles the API lets read or change it.
 */
export function SubjectPage({ type }: { type: SubjectType }) {
  const kind = SUBJECT_KINDS[type];
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useAuth();
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: recordKey(kind, id),
    queryFn: () => api.getSubject(kind.type, { id }),
  });
  if (query.isLoading) return <Loader aria-label={t('app.loading')} />;
  if (query.error || !query.data)
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: query.error?.message ?? '' })}
      </Alert>
    );
  const record = query.data;
  const name = kind.name(record);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          {t(`notificationTarget.${kind.type}`)}: {name}
        </Title>
        <Group>
          <Badge variant="outline">{t('subjects.officeOf', { office: record.office })}</Badge>
          <Badge variant="light">{t(`subjects.classification_${record.classification}`)}</Badge>
        </Group>
      </Group>
      {record.resolvedFrom && (
        <Alert color="blue" role="status">
          {t('subjects.resolvedFrom', { id: record.resolvedFrom })}
        </Alert>
      )}
      <Group>
        {may(session, 'recordWriters') && (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t('subjects.edit')}
          </Button>
        )}
        {may(session, 'caseReaders') && (
          <Button
            component={Link}
            to={`/links/${kind.type}/${encodeURIComponent(record.id)}`}
            variant="light"
          >
            {t('subjects.links')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder component="section" aria-labelledby="subject-details">
          <Title order={3} size="h4" id="subject-details" mb="sm">
            {t('subjects.details')}
          </Title>
          <Table>
            <Table.Tbody>
              {kind.facts(record, t).map((fact) => (
                <Table.Tr key={fact.label}>
                  <Table.Th scope="row">{fact.label}</Table.Th>
                  <Table.Td>{fact.value}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{t('subjects.caseCount')}</Table.Th>
                <Table.Td>{formatNumber(record.caseCount, i18n.language)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('subjects.recorded')}</Table.Th>
                <Table.Td>
                  {formatDateTime(record.createdAt, i18n.language)} · {record.createdBy}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('subjects.updated')}</Table.Th>
                <Table.Td>
                  {formatDateTime(record.updatedAt, i18n.language)} · {record.updatedBy}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
        <Stack>
          {may(session, 'caseReaders') && <Cases kind={kind} id={record.id} />}
          {may(session, 'alertReaders') && (
            <SubjectAlerts subject={{ subjectType: kind.type, subjectId: record.id }} />
          )}
        </Stack>
      </SimpleGrid>
      <History kind={kind} id={record.id} />
      <Merges kind={kind} record={record} />
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('subjects.edit')}>
        <SubjectEditor
          kind={kind}
          record={record}
          onDone={() => {
            setEditing(false);
            void queryClient.invalidateQueries({ queryKey: ['subjects', kind.type] });
          }}
        />
      </Modal>
    </Stack>
  );
}
