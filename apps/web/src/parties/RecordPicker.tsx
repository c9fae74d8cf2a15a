import {
  CASE_PARTY_ROLES,
  CONVEYANCE_TYPES,
  type CaseParty,
  type ConveyanceType,
  companyDraftSchema,
  conveyanceDraftSchema,
} from '@opencen/contracts';
import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { type SubjectRecord } from '../api/client';
import { ApiProblem } from '../api/problem';
import { ReferenceSelect } from '../reference/ReferenceSelect';
import { companyKind, conveyanceKind } from '../subjects/subject-kinds';
import { type PickedParty } from './PartyPicker';

/** A known record offered to pick: from the search, or a create's candidates with their reasons. */
interface Offered {
  readonly record: SubjectRecord;
  readonly strength?: 'strong' | 'possible';
  readonly reasons?: readonly string[];
}

/** Typing this many characters starts looking for known records. */
const SEARCH_FROM = 2;

/** Throws the contract's refusal of a draft as a problem whose errors land at the fields. */
function checked<T>(
  result: {
    success: boolean;
    data?: T;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  },
  title: string,
): T {
  if (result.success) return result.data as T;
  throw new ApiProblem(
    400,
    title,
    title,
    result.error!.issues.map((issue) => ({ path: issue.path.join('.'), reason: issue.message })),
  );
}

/**
 * The shared shape of the company and conveyance pickers: the fields typed, the known records
 * they find (searched as the officer types), each picked with one click, and a new record made
 * from the same fields only when none is the one; if the service still finds candidates then,
 * they are shown with its reasons, to pick one or confirm it is another.
 */
function RecordPicker({
  title,
  fields,
  searchKey,
  search,
  create,
  name,
  describe,
  actionLabel,
  onPick,
  setErrors,
  canCreate,
}: {
  title: string;
  fields: ReactNode;
  /** What the search looks for now; no search while undefined. */
  searchKey: Record<string, string> | undefined;
  search: (key: Record<string, string>) => Promise<{ items: SubjectRecord[] }>;
  create: (confirmedNew: boolean) => Promise<{ record?: SubjectRecord; candidates: Offered[] }>;
  name: (record: SubjectRecord) => string;
  describe: (record: SubjectRecord) => string;
  actionLabel: (name: string) => string;
  onPick: (record: SubjectRecord) => void;
  setErrors: (errors: Record<string, string>) => void;
  canCreate: boolean;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const [candidates, setCandidates] = useState<Offered[]>();
  const [searched] = useDebouncedValue(searchKey, 400);
  const found = useQuery({
    queryKey: ['record-picker', title, searched],
    queryFn: () => search(searched!),
    enabled: searched !== undefined,
    gcTime: 0,
  });
  const make = useMutation({
    mutationFn: create,
    onSuccess: (reply) => {
      if (reply.record) {
        setCandidates(undefined);
        onPick(reply.record);
      } else setCandidates(reply.candidates);
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors('draft.'));
    },
  });
  const offered: Offered[] =
    candidates ?? (searchKey ? (found.data?.items ?? []).map((record) => ({ record })) : []);
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId} mb="sm">
        {title}
      </Title>
      {fields}
      <Stack mt="md" gap="xs" aria-live="polite">
        {candidates && (
          <Alert color="orange" role="alert">
            {t('pickers.candidatesFound')}
          </Alert>
        )}
        {found.error && (
          <Alert color="red" role="alert">
            {found.error.message}
          </Alert>
        )}
        {offered.length > 0 && (
          <Stack
            gap="xs"
            component="ul"
            aria-label={t('pickers.known', { title })}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {offered.map(({ record, strength, reasons }) => (
              <Card
                component="li"
                key={record.id}
                withBorder
                padding="sm"
                data-candidate={record.id}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Text fw={600}>{name(record)}</Text>
                      {strength && (
                        <Badge color={strength === 'strong' ? 'red' : 'orange'} variant="light">
                          {t(`parties.strength_${strength}`)}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {describe(record)}
                    </Text>
                    {reasons && reasons.length > 0 && (
                      <List size="xs" spacing={0}>
                        {reasons.map((reason) => (
                          <List.Item key={reason}>{reason}</List.Item>
                        ))}
                      </List>
                    )}
                  </Stack>
                  <Button
                    size="xs"
                    onClick={() => {
                      setCandidates(undefined);
                      onPick(record);
                    }}
                    aria-label={actionLabel(name(record))}
                  >
                    {t('parties.pick')}
                  </Button>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
        <Group>
          <Button
            variant="light"
            onClick={() => make.mutate(candidates !== undefined)}
            loading={make.isPending}
            disabled={!canCreate}
          >
            {candidates ? t('pickers.confirmNew') : t('pickers.createNew')}
          </Button>
        </Group>
        {make.error && !(make.error instanceof ApiProblem && make.error.errors.length > 0) && (
          <Alert color="red" role="alert">
            {make.error.message}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** Picks the company a case names, in a role: found by name or number, or recorded here. */
export function CompanyPicker({ onPick }: { onPick: (party: PickedParty) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [companyName, setCompanyName] = useState('');
  const [number, setNumber] = useState('');
  const [country, setCountry] = useState<string>();
  const [role, setRole] = useState<CaseParty['role']>('consignee');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const purpose = t('parties.purpose');
  const searchKey: Record<string, string> | undefined =
    number.trim().length >= SEARCH_FROM
      ? { number: number.trim() }
      : companyName.trim().length >= SEARCH_FROM
        ? { name: companyName.trim() }
        : undefined;
  const reset = () => {
    setCompanyName('');
    setNumber('');
  };
  return (
    <RecordPicker
      title={t('pickers.addCompany')}
      searchKey={searchKey}
      search={(key) => api.searchSubjects('company', { ...key, limit: 10 }, purpose)}
      create={async (confirmedNew) => {
        const draft = checked(
          companyDraftSchema.safeParse({
            names: [{ name: companyName.trim() }],
            country,
            ...(number.trim() ? { registrationNumber: number.trim() } : {}),
          }),
          t('form.invalid'),
        );
        const reply = await api.createCompany({ draft, confirmedNew });
        return reply.outcome === 'created'
          ? { record: reply.company, candidates: [] }
          : {
              candidates: reply.candidates.map(({ company, strength, reasons }) => ({
                record: company,
                strength,
                reasons,
              })),
            };
      }}
      name={companyKind.name}
      describe={(record) => {
        const company = record as {
          country: string;
          registrationNumber?: string;
          vatNumber?: string;
        };
        return [company.country, company.registrationNumber, company.vatNumber]
          .filter(Boolean)
          .join(' · ');
      }}
      actionLabel={(name) => t('parties.pickLabel', { name, role: t(`parties.role_${role}`) })}
      onPick={(record) => {
        onPick({
          subjectType: 'company',
          subjectId: record.id,
          role,
          name: companyKind.name(record),
        });
        reset();
      }}
      setErrors={setErrors}
      canCreate={companyName.trim() !== ''}
      fields={
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('pickers.companyName')}
              value={companyName}
              onChange={(event) => {
                setCompanyName(event.currentTarget.value);
                setErrors({});
              }}
              error={errors['names.0.name'] ?? errors.names}
              autoComplete="off"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('pickers.companyNumber')}
              value={number}
              onChange={(event) => {
                setNumber(event.currentTarget.value);
                setErrors({});
              }}
              error={errors.registrationNumber}
              autoComplete="off"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <ReferenceSelect
              list="countries"
              label={t('pickers.companyCountry')}
              value={country}
              onChange={(value) => {
                setCountry(value);
                setErrors({});
              }}
              error={errors.country}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={t('parties.role')}
              data={CASE_PARTY_ROLES.map((r) => ({ value: r, label: t(`parties.role_${r}`) }))}
              value={role}
              onChange={(value) => value && setRole(value as CaseParty['role'])}
              allowDeselect={false}
            />
          </Grid.Col>
        </Grid>
      }
    />
  );
}

/** The identifier each type of conveyance is looked up and recorded by. */
const IDENTIFIER_OF: Record<
  ConveyanceType,
  'plate' | 'imoNumber' | 'aircraftRegistration' | 'containerNumber'
> = {
  vehicle: 'plate',
  trailer: 'plate',
  vessel: 'imoNumber',
  aircraft: 'aircraftRegistration',
  container: 'containerNumber',
};
/** The conveyance search has no aircraft registration: an aircraft is only recorded here. */
const SEARCHABLE = new Set(['plate', 'imoNumber', 'containerNumber']);

/**
 * Picks the conveyance of a case: found by its identifier (plate, IMO number, container number),
 * or recorded here; the picked one is shown with a button to take it off.
 */
export function ConveyancePicker({
  value,
  onChange,
}: {
  /** The conveyance id the case names, if any. */
  value: string | undefined;
  onChange: (conveyance: { id: string; name: string } | undefined) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [type, setType] = useState<ConveyanceType>('vehicle');
  const [identifier, setIdentifier] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const field = IDENTIFIER_OF[type];
  const purpose = t('parties.purpose');
  const picked = useQuery({
    queryKey: ['subjects', 'conveyance', 'record', value],
    queryFn: () => api.getSubject('conveyance', { id: value! }),
    enabled: value !== undefined,
    retry: false,
  });
  const searchKey =
    SEARCHABLE.has(field) && identifier.trim().length >= SEARCH_FROM
      ? { [field]: identifier.trim() }
      : undefined;
  if (value !== undefined) {
    const name = picked.data ? conveyanceKind.name(picked.data) : value;
    return (
      <Card withBorder component="section" aria-label={t('pickers.conveyance')}>
        <Group justify="space-between">
          <Text>{t('pickers.conveyanceOfCase', { name })}</Text>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => onChange(undefined)}
            aria-label={t('parties.remove', { name })}
          >
            ×
          </Button>
        </Group>
      </Card>
    );
  }
  return (
    <RecordPicker
      title={t('pickers.conveyance')}
      searchKey={searchKey}
      search={(key) => api.searchSubjects('conveyance', { ...key, limit: 10 }, purpose)}
      create={async (confirmedNew) => {
        const draft = checked(
          conveyanceDraftSchema.safeParse({ type, [field]: identifier.trim() || undefined }),
          t('form.invalid'),
        );
        const reply = await api.createConveyance({ draft, confirmedNew });
        return reply.outcome === 'created'
          ? { record: reply.conveyance, candidates: [] }
          : {
              candidates: reply.candidates.map(({ conveyance, strength, reasons }) => ({
                record: conveyance,
                strength,
                reasons,
              })),
            };
      }}
      name={conveyanceKind.name}
      describe={(record) => t(`subjects.conveyance_${(record as { type: ConveyanceType }).type}`)}
      actionLabel={(name) => t('pickers.pickConveyance', { name })}
      onPick={(record) => {
        onChange({ id: record.id, name: conveyanceKind.name(record) });
        setIdentifier('');
      }}
      setErrors={setErrors}
      canCreate={identifier.trim() !== ''}
      fields={
        <Grid>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label={t('subjects.field_type')}
              data={CONVEYANCE_TYPES.map((c) => ({
                value: c,
                label: t(`subjects.conveyance_${c}`),
              }))}
              value={type}
              onChange={(next) => {
                if (next) setType(next as ConveyanceType);
                setErrors({});
              }}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput
              label={t(`subjects.field_${field}`)}
              value={identifier}
              onChange={(event) => {
                setIdentifier(event.currentTarget.value);
                setErrors({});
              }}
              error={errors[field]}
              autoComplete="off"
            />
          </Grid.Col>
        </Grid>
      }
    />
  );
}
