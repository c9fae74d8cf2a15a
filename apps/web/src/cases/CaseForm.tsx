import { CASE_TYPES, CUSTOMS_PROCEDURES, type CaseDraftInput } from '@opencen/contracts';
import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  List,
  NumberInput,
  Select,
  Stack,
  Stepper,
  Text,
  TextInput,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import { PartyPicker } from '../parties/PartyPicker';
import { CompanyPicker, ConveyancePicker } from '../parties/RecordPicker';
import { CasePhotoUpload } from '../photos/CasePhotoUpload';
import {
  ReferenceMultiSelect,
  ReferenceSelect,
  usePrefetchedReferences,
} from '../reference/ReferenceSelect';
import { type FieldErrors, compactDraft, draftErrors, missingMinimum } from './draft-validation';

/** The step of the form that holds a field, so an error elsewhere can be shown. */
function stepOf(path: string): number {
  if (/^(detectionMethods|procedure|transportMode|riskIndicators)/.test(path)) return 1;
  if (path.startsWith('items')) return 2;
  if (path.startsWith('route')) return 3;
  if (/^(conveyance|parties)/.test(path)) return 4;
  if (/^(narrative|tags|outcome)/.test(path)) return PHOTOS_STEP + 1;
  return 0;
}

/** The photo step; the narrative is the last, after it. */
export const PHOTOS_STEP = 5;
const LAST_STEP = PHOTOS_STEP + 1;

/** The mandatory minimum's entries, in the order of the form. */
const MINIMUM = [
  ['detectedAt', 'minimum.detectedAt'],
  ['location.office', 'minimum.office'],
  ['items', 'minimum.items'],
  ['commodityCategory', 'minimum.commodityCategory'],
  ['quantity', 'minimum.quantity'],
  ['unit', 'minimum.unit'],
  ['detectionMethods', 'minimum.detectionMethods'],
  ['route', 'minimum.route'],
] as const;

/** The code lists of the form's steps. */
const FORM_LISTS = [
  'customs-offices',
  'detection-methods',
  'transport-modes',
  'commodity-categories',
  'units',
  'countries',
] as const;

/** `<input type="datetime-local">` value of an ISO instant, in the browser's time zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export interface CaseFormProps {
  initial?: CaseDraftInput;
  heading: string;
  /**
   * Saves the draft; an {@link ApiProblem} it throws is shown at its fields. `then` is `photos`
   * when the officer saves a new draft to add photos to it.
   */
  onSave: (draft: CaseDraftInput, then?: 'photos') => Promise<unknown>;
  /** The saved draft's id: photos are uploaded to it (a new case has none yet). */
  caseId?: string;
  /** The step opened first. */
  initialStep?: number;
  /** Problems to show at their fields from the start (a queued draft the API refused). */
  initialErrors?: FieldErrors;
  initialFailure?: string;
}

/**
 * A case recorded in steps (when and where; how found; what was found; route; parties and
 * conveyance; narrative). The draft is checked with the contracts' schema before it is sent, the
 * mandatory minimum is listed as the officer goes, and the API's problems land on their fields.
 */
export function CaseForm({
  initial,
  heading,
  onSave,
  caseId,
  initialStep,
  initialErrors = {},
  initialFailure,
}: CaseFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CaseDraftInput>(
    initial ?? { type: 'seizure', items: [{}], detectionMethods: [], route: {}, location: {} },
  );
  // A draft shown with problems opens at the step of the first.
  const [step, setStep] = useState(initialStep ?? stepOf(Object.keys(initialErrors)[0] ?? ''));
  const [errors, setErrors] = useState<FieldErrors>(initialErrors);
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(initialFailure);
  const [saving, setSaving] = useState(false);
  const missing = useMemo(() => missingMinimum(draft), [draft]);
  // Every step's code lists at once: a step opened after the network went still has them.
  usePrefetchedReferences(FORM_LISTS);

  // The names of the parties picked here (a saved case names them by id only).
  const [partyNames, setPartyNames] = useState<Record<string, string>>({});
  const update = (change: (current: CaseDraftInput) => CaseDraftInput) => setDraft(change);
  type ItemInput = NonNullable<CaseDraftInput['items']>[number];
  const items: ItemInput[] = draft.items ?? [];
  const setItem = (index: number, patch: Partial<ItemInput>) =>
    update((d) => ({
      ...d,
      items: (d.items ?? []).map((item, i) => (i === index ? { ...item, ...patch } : item)),
    }));

  /** The error to show at a field: the schema's or the API's, else a missing minimum once tried. */
  const errorAt = (path: string): string | undefined =>
    errors[path] ?? (tried ? (missing[path] ? t('form.required') : undefined) : undefined);

  const save = async (then?: 'photos') => {
    setTried(true);
    setFailure(undefined);
    const body = compactDraft(draft);
    const invalid = draftErrors(body);
    setErrors(invalid);
    const first = Object.keys(invalid)[0];
    if (first !== undefined) {
      setStep(stepOf(first));
      setFailure(t('form.invalid'));
      return;
    }
    setSaving(true);
    try {
      await (then ? onSave(body, then) : onSave(body));
    } catch (error) {
      if (error instanceof ApiProblem) {
        const byField = error.fieldErrors('draft.');
        setErrors(byField);
        const firstField = Object.keys(byField)[0];
        if (firstField !== undefined) setStep(stepOf(firstField));
        setFailure(error.detail || error.title);
      } else {
        setFailure(String(error));
      }
    } finally {
      setSaving(false);
    }
  };

  const stepErrors = (index: number) => Object.keys(errors).some((path) => stepOf(path) === index);

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack>
          <Title order={2}>{heading}</Title>
          <Stepper active={step} onStepClick={setStep} allowNextStepsSelect size="sm">
            <Stepper.Step label={t('form.stepWhen')} color={stepErrors(0) ? 'red' : undefined}>
              <Stack>
                <Select
                  label={t('form.type')}
                  data={CASE_TYPES.map((type) => ({ value: type, label: t(`caseType.${type}`) }))}
                  value={draft.type}
                  onChange={(type) =>
                    type && update((d) => ({ ...d, type: type as CaseDraftInput['type'] }))
                  }
                  error={errorAt('type')}
                  allowDeselect={false}
                />
                <TextInput
                  type="datetime-local"
                  label={t('form.detectedAt')}
                  value={toLocalInput(draft.detectedAt)}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    update((d) => ({
                      ...d,
                      detectedAt: value ? new Date(value).toISOString() : undefined,
                    }));
                  }}
                  error={errorAt('detectedAt')}
                />
                <ReferenceSelect
                  list="customs-offices"
                  label={t('form.office')}
                  value={draft.location?.office}
                  onChange={(office) =>
                    update((d) => ({ ...d, location: { ...d.location, office } }))
                  }
                  error={errorAt('location.office')}
                />
                <TextInput
                  label={t('form.placeDescription')}
                  value={draft.location?.placeDescription ?? ''}
                  onChange={(event) => {
                    const placeDescription = event.currentTarget.value;
                    update((d) => ({ ...d, location: { ...d.location, placeDescription } }));
                  }}
                  error={errorAt('location.placeDescription')}
                />
              </Stack>
            </Stepper.Step>
            <Stepper.Step label={t('form.stepHow')} color={stepErrors(1) ? 'red' : undefined}>
              <Stack>
                <ReferenceMultiSelect
                  list="detection-methods"
                  label={t('form.detectionMethods')}
                  value={draft.detectionMethods ?? []}
                  onChange={(detectionMethods) => update((d) => ({ ...d, detectionMethods }))}
                  error={errorAt('detectionMethods')}
                />
                <Select
                  label={t('form.procedure')}
                  data={CUSTOMS_PROCEDURES.map((p) => ({ value: p, label: t(`procedure.${p}`) }))}
                  value={draft.procedure ?? null}
                  onChange={(procedure) =>
                    update((d) => ({
                      ...d,
                      procedure: (procedure ?? undefined) as CaseDraftInput['procedure'],
                    }))
                  }
                  clearable
                  error={errorAt('procedure')}
                />
                <ReferenceSelect
                  list="transport-modes"
                  label={t('form.transportMode')}
                  value={draft.transportMode}
                  onChange={(transportMode) => update((d) => ({ ...d, transportMode }))}
                  error={errorAt('transportMode')}
                />
              </Stack>
            </Stepper.Step>
            <Stepper.Step label={t('form.stepWhat')} color={stepErrors(2) ? 'red' : undefined}>
              <Stack>
                {items.map((item, index) => (
                  <Card
                    withBorder
                    key={index}
                    component="fieldset"
                    aria-label={t('form.item', { n: index + 1 })}
                  >
                    <Stack gap="xs">
                      <Group justify="space-between">
                        <Text fw={600}>{t('form.item', { n: index + 1 })}</Text>
                        {items.length > 1 && (
                          <Button
                            variant="subtle"
                            color="red"
                            size="xs"
                            onClick={() =>
                              update((d) => ({
                                ...d,
                                items: (d.items ?? []).filter((_, i) => i !== index),
                              }))
                            }
                          >
                            {t('form.removeItem', { n: index + 1 })}
                          </Button>
                        )}
                      </Group>
                      <ReferenceSelect
                        list="commodity-categories"
                        label={t('form.commodityCategory')}
                        value={item.commodityCategory}
                        onChange={(commodityCategory) => setItem(index, { commodityCategory })}
                        error={errorAt(`items.${index}.commodityCategory`)}
                      />
                      <TextInput
                        label={t('form.description')}
                        value={item.description ?? ''}
                        onChange={(event) =>
                          setItem(index, { description: event.currentTarget.value })
                        }
                        error={errorAt(`items.${index}.description`)}
                      />
                      <Group grow align="flex-start">
                        <NumberInput
                          label={t('form.quantity')}
                          value={item.quantity ?? ''}
                          onChange={(value) =>
                            setItem(index, {
                              quantity: typeof value === 'number' ? value : undefined,
                            })
                          }
                          error={errorAt(`items.${index}.quantity`)}
                        />
                        <ReferenceSelect
                          list="units"
                          label={t('form.unit')}
                          value={item.unit}
                          onChange={(unit) => setItem(index, { unit })}
                          error={errorAt(`items.${index}.unit`)}
                        />
                      </Group>
                      <TextInput
                        label={t('form.hsCode')}
                        value={item.hsCode ?? ''}
                        onChange={(event) =>
                          setItem(index, { hsCode: event.currentTarget.value || undefined })
                        }
                        error={errorAt(`items.${index}.hsCode`)}
                      />
                    </Stack>
                  </Card>
                ))}
                {errorAt('items') && (
                  <Text c="red" size="sm">
                    {errorAt('items')}
                  </Text>
                )}
                <Button
                  variant="light"
                  onClick={() => update((d) => ({ ...d, items: [...(d.items ?? []), {}] }))}
                >
                  {t('form.addItem')}
                </Button>
              </Stack>
            </Stepper.Step>
            <Stepper.Step label={t('form.stepRoute')} color={stepErrors(3) ? 'red' : undefined}>
              <Stack>
                <ReferenceSelect
                  list="countries"
                  label={t('form.departureCountry')}
                  value={draft.route?.departureCountry}
                  onChange={(departureCountry) =>
                    update((d) => ({ ...d, route: { ...d.route, departureCountry } }))
                  }
                  error={errorAt('route.departureCountry') ?? errorAt('route')}
                />
                <ReferenceSelect
                  list="countries"
                  label={t('form.destinationCountry')}
                  value={draft.route?.destinationCountry}
                  onChange={(destinationCountry) =>
                    update((d) => ({ ...d, route: { ...d.route, destinationCountry } }))
                  }
                  error={errorAt('route.destinationCountry')}
                />
              </Stack>
            </Stepper.Step>
            <Stepper.Step label={t('form.stepParties')} color={stepErrors(4) ? 'red' : undefined}>
              <Stack>
                <Title order={3} size="h5">
                  {t('parties.title')}
                </Title>
                {(draft.parties ?? []).length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('parties.none')}
                  </Text>
                ) : (
                  <List aria-label={t('parties.title')} data-testid="case-parties">
                    {(draft.parties ?? []).map((party, index) => {
                      const name = partyNames[party.subjectId] ?? party.subjectId;
                      return (
                        <List.Item key={`${party.subjectId}-${party.role}`}>
                          <Group gap="xs">
                            <Text size="sm">
                              {name} — {t(`parties.role_${party.role}`)}
                            </Text>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              aria-label={t('parties.remove', { name })}
                              onClick={() =>
                                update((d) => ({
                                  ...d,
                                  parties: (d.parties ?? []).filter((_, i) => i !== index),
                                }))
                              }
                            >
                              ×
                            </Button>
                          </Group>
                        </List.Item>
                      );
                    })}
                  </List>
                )}
                <PartyPicker
                  onPick={({ name, ...party }) => {
                    setPartyNames((names) => ({ ...names, [party.subjectId]: name }));
                    update((d) => ({ ...d, parties: [...(d.parties ?? []), party] }));
                  }}
                />
                <CompanyPicker
                  onPick={({ name, ...party }) => {
                    setPartyNames((names) => ({ ...names, [party.subjectId]: name }));
                    update((d) => ({ ...d, parties: [...(d.parties ?? []), party] }));
                  }}
                />
                <ConveyancePicker
                  value={draft.conveyance?.conveyanceId}
                  onChange={(picked) =>
                    update((d) => ({
                      ...d,
                      conveyance: { ...d.conveyance, conveyanceId: picked?.id },
                    }))
                  }
                />
                <TextInput
                  label={t('form.containerNumber')}
                  value={draft.conveyance?.containerNumber ?? ''}
                  onChange={(event) => {
                    const containerNumber = event.currentTarget.value;
                    update((d) => ({ ...d, conveyance: { ...d.conveyance, containerNumber } }));
                  }}
                  error={errorAt('conveyance.containerNumber')}
                />
                <TextInput
                  label={t('form.flightOrVoyageNumber')}
                  value={draft.conveyance?.flightOrVoyageNumber ?? ''}
                  onChange={(event) => {
                    const flightOrVoyageNumber = event.currentTarget.value;
                    update((d) => ({
                      ...d,
                      conveyance: { ...d.conveyance, flightOrVoyageNumber },
                    }));
                  }}
                  error={errorAt('conveyance.flightOrVoyageNumber')}
                />
              </Stack>
            </Stepper.Step>
            <Stepper.Step label={t('photos.step')}>
              {caseId ? (
                <CasePhotoUpload caseId={caseId} />
              ) : (
                <Stack align="flex-start">
                  <Text size="sm">{t('photos.saveFirst')}</Text>
                  <Button variant="light" loading={saving} onClick={() => void save('photos')}>
                    {t('photos.saveAndAdd')}
                  </Button>
                </Stack>
              )}
            </Stepper.Step>
            <Stepper.Step
              label={t('form.stepNarrative')}
              color={stepErrors(LAST_STEP) ? 'red' : undefined}
            >
              <Textarea
                label={t('form.narrative')}
                autosize
                minRows={6}
                value={draft.narrative ?? ''}
                onChange={(event) => {
                  const narrative = event.currentTarget.value;
                  update((d) => ({ ...d, narrative }));
                }}
                error={errorAt('narrative')}
              />
            </Stepper.Step>
          </Stepper>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="space-between">
            <Group>
              <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>
                {t('form.back')}
              </Button>
              <Button
                variant="default"
                disabled={step === LAST_STEP}
                onClick={() => setStep(step + 1)}
              >
                {t('form.next')}
              </Button>
            </Group>
            <Button onClick={() => void save()} loading={saving}>
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <MinimumChecklist missing={missing} />
      </Grid.Col>
    </Grid>
  );
}

/** The mandatory minimum, each entry ticked once the draft has it. */
function MinimumChecklist({ missing }: { missing: FieldErrors }) {
  const { t } = useTranslation();
  const paths = Object.keys(missing);
  const lacks = (key: string) => paths.some((path) => path === key || path.endsWith(`.${key}`));
  return (
    <Card withBorder component="section" aria-labelledby="minimum-title">
      <Title order={3} size="h5" id="minimum-title" mb="sm">
        {t('form.minimumTitle')}
      </Title>
      <List spacing="xs" size="sm" data-testid="minimum">
        {MINIMUM.map(([key, label]) => {
          const done = !lacks(key);
          return (
            <List.Item
              key={key}
              data-done={done}
              icon={
                <ThemeIcon color={done ? 'teal' : 'gray'} size={18} radius="xl" aria-hidden>
                  {done ? '✓' : '·'}
                </ThemeIcon>
              }
            >
              {t(label)}
            </List.Item>
          );
        })}
      </List>
      {paths.length === 0 && (
        <Text size="sm" c="teal.9" mt="sm" role="status">
          {t('form.minimumDone')}
        </Text>
      )}
    </Card>
  );
}
