import {
  CASE_PARTY_ROLES,
  type CaseParty,
  DOCUMENT_TYPES,
  type PersonCandidate,
  personDraftSchema,
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
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { ReferenceSelect } from '../reference/ReferenceSelect';

/** A party picked for the case, with the name it is shown by. */
export type PickedParty = Pick<CaseParty, 'subjectType' | 'subjectId' | 'role'> & { name: string };

interface Typed {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  nationality?: string;
  documentType: (typeof DOCUMENT_TYPES)[number];
  documentNumber: string;
}

/** What the officer typed, as the persons service's draft (blank fields left out). */
function inputOf(typed: Typed) {
  const given = typed.givenNames.trim();
  const born = typed.dateOfBirth.trim();
  const number = typed.documentNumber.trim();
  return {
    familyName: typed.familyName.trim(),
    ...(given ? { givenNames: given } : {}),
    ...(born ? { dateOfBirth: born } : {}),
    nationalities: typed.nationality ? [typed.nationality] : [],
    documents: number ? [{ type: typed.documentType, number }] : [],
  };
}

const nameOf = ({ familyName, givenNames }: { familyName: string; givenNames?: string }) =>
  givenNames ? `${familyName.toUpperCase()}, ${givenNames}` : familyName.toUpperCase();

/** Typing this many letters of a family name starts looking for known persons. */
const MATCH_FROM = 2;

/**
 * Picks the person a case names, without recording a duplicate: as the officer types, the persons
 * service's match lists the known persons who may be this one, each with why it matches, to pick;
 * a new person is recorded from the same form only if none is; and if the service still finds
 * strong candidates then, the officer picks one or confirms it is someone else.
 */
export function PartyPicker({ onPick }: { onPick: (party: PickedParty) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const [typed, setTyped] = useState<Typed>({
    familyName: '',
    givenNames: '',
    dateOfBirth: '',
    documentType: 'passport',
    documentNumber: '',
  });
  const [role, setRole] = useState<CaseParty['role']>('suspect');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [strong, setStrong] = useState<PersonCandidate[]>();
  const field =
    <K extends keyof Typed>(key: K) =>
    (value: Typed[K]) => {
      setTyped((current) => ({ ...current, [key]: value }));
      setStrong(undefined);
      setErrors({});
    };
  const [searched] = useDebouncedValue(typed, 400);
  // A draft the service would refuse (a date of birth half typed) is not looked up yet.
  const searchable = personDraftSchema.safeParse(inputOf(searched));
  const ready = searched.familyName.trim().length >= MATCH_FROM && searchable.success;
  const purpose = t('parties.purpose');
  const match = useQuery({
    queryKey: ['persons', 'match', searchable.data],
    queryFn: () => api.matchPersons({ draft: searchable.data!, limit: 10 }, purpose),
    enabled: ready,
    // Asked afresh each time the officer types it again: a person recorded a moment ago (here or
    // by a colleague) is then suggested, not an answer kept from before.
    gcTime: 0,
  });
  const reset = () => {
    setTyped({
      familyName: '',
      givenNames: '',
      dateOfBirth: '',
      documentType: 'passport',
      documentNumber: '',
    });
    setStrong(undefined);
  };
  const pick = (candidate: { id: string; familyName: string; givenNames?: string }) => {
    onPick({ subjectType: 'person', subjectId: candidate.id, role, name: nameOf(candidate) });
    reset();
  };
  const create = useMutation({
    mutationFn: (confirmedNew: boolean) => {
      // Checked with the contracts' schema first: a refused field is shown, nothing is sent.
      const checked = personDraftSchema.safeParse(inputOf(typed));
      if (!checked.success) {
        throw new ApiProblem(
          400,
          t('form.invalid'),
          t('form.invalid'),
          checked.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            reason: issue.message,
          })),
        );
      }
      return api.createPerson({ draft: checked.data, confirmedNew });
    },
    onSuccess: (reply) => {
      if (reply.outcome === 'candidates') setStrong(reply.candidates);
      else pick(reply.person);
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(error.fieldErrors('draft.'));
    },
  });

  const candidates = strong ?? (ready ? (match.data?.candidates ?? []) : []);
  const roleLabel = t(`parties.role_${role}`);
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId} mb="sm">
        {t('parties.addPerson')}
      </Title>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label={t('parties.familyName')}
            value={typed.familyName}
            onChange={(event) => field('familyName')(event.currentTarget.value)}
            error={errors.familyName}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label={t('parties.givenNames')}
            value={typed.givenNames}
            onChange={(event) => field('givenNames')(event.currentTarget.value)}
            error={errors.givenNames}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput
            label={t('parties.dateOfBirth')}
            description={t('parties.dateOfBirthHint')}
            value={typed.dateOfBirth}
            onChange={(event) => field('dateOfBirth')(event.currentTarget.value)}
            error={errors.dateOfBirth}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <ReferenceSelect
            list="countries"
            label={t('parties.nationality')}
            value={typed.nationality}
            onChange={field('nationality')}
            error={errors['nationalities.0']}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Select
            label={t('parties.documentType')}
            data={DOCUMENT_TYPES.map((type) => ({
              value: type,
              label: t(`parties.document_${type}`),
            }))}
            value={typed.documentType}
            onChange={(value) => value && field('documentType')(value as Typed['documentType'])}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput
            label={t('parties.documentNumber')}
            value={typed.documentNumber}
            onChange={(event) => field('documentNumber')(event.currentTarget.value)}
            error={errors['documents.0.number']}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <Select
            label={t('parties.role')}
            data={CASE_PARTY_ROLES.map((r) => ({ value: r, label: t(`parties.role_${r}`) }))}
            value={role}
            onChange={(value) => value && setRole(value as CaseParty['role'])}
            allowDeselect={false}
          />
        </Grid.Col>
      </Grid>

      <Stack mt="md" gap="xs" aria-live="polite">
        {strong && (
          <Alert color="orange" role="alert">
            {t('parties.strongFound')}
          </Alert>
        )}
        {match.isFetching && !strong && <Text size="sm">{t('parties.searching')}</Text>}
        {match.error && (
          <Alert color="red" role="alert">
            {match.error.message}
          </Alert>
        )}
        {ready && !match.isFetching && candidates.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('parties.noCandidates')}
          </Text>
        )}
        {candidates.length > 0 && (
          <Stack
            gap="xs"
            component="ul"
            aria-label={t('parties.candidates')}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {candidates.map(({ person, score, strength, reasons }) => (
              <Card
                component="li"
                key={person.id}
                withBorder
                padding="sm"
                data-candidate={person.id}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Text fw={600}>{nameOf(person)}</Text>
                      <Badge
                        color={
                          strength === 'strong'
                            ? 'red'
                            : strength === 'possible'
                              ? 'orange'
                              : 'gray'
                        }
                        variant="light"
                      >
                        {t(`parties.strength_${strength}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {t('parties.score', {
                          score: new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(
                            score,
                          ),
                        })}
                      </Text>
                    </Group>
                    <Text size="sm" c="dimmed">
                      {[
                        person.dateOfBirth && t('parties.born', { date: person.dateOfBirth }),
                        person.nationalities.join(', '),
                        person.documents.map((d) => d.number).join(', '),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                    <Text size="xs" fw={600} mt={4}>
                      {t('parties.why')}
                    </Text>
                    <List size="xs" spacing={0}>
                      {reasons.map((reason) => (
                        <List.Item key={reason}>{reason}</List.Item>
                      ))}
                    </List>
                  </Stack>
                  <Button
                    size="xs"
                    onClick={() => pick(person)}
                    aria-label={t('parties.pickLabel', { name: nameOf(person), role: roleLabel })}
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
            onClick={() => create.mutate(Boolean(strong))}
            loading={create.isPending}
            disabled={typed.familyName.trim() === ''}
          >
            {strong ? t('parties.confirmNew') : t('parties.createNew')}
          </Button>
        </Group>
        {create.error &&
          !(create.error instanceof ApiProblem && create.error.errors.length > 0) && (
            <Alert color="red" role="alert">
              {create.error.message}
            </Alert>
          )}
      </Stack>
    </Card>
  );
}
