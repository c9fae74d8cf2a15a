import {
  LANGUAGES,
  type Language,
  type ReferenceEntry,
  type ReferenceList,
  createReferenceEntry,
  updateReferenceEntry,
} from '@opencen/contracts';
import { Alert, Button, Group, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { LANGUAGE_NAMES, directionOf } from '../i18n/i18n';
import { REFERENCE_ADMIN_QUERIES, issuesByField } from './reference-admin';

/** What the form holds: every field as typed. */
interface Values {
  code: string;
  labels: Record<Language, string>;
  validFrom: string;
  validTo: string;
  attributes: string;
}

const valuesOf = (entry: ReferenceEntry | undefined): Values => ({
  code: entry?.code ?? '',
  labels: Object.fromEntries(LANGUAGES.map((l) => [l, entry?.labels[l] ?? ''])) as Record<
    Language,
    string
  >,
  validFrom: entry?.validFrom ?? '',
  validTo: entry?.validTo ?? '',
  attributes: JSON.stringify(entry?.attributes ?? {}, null, 2),
});

/**
 * Creates an entry of a list, or changes one (at the version it was read at): the six labels,
 * validity and attributes, checked with the contract's schema first, the API's problems at their
 * fields after.
 */
export function ReferenceEntryForm({
  list,
  entry,
  onDone,
}: {
  list: ReferenceList;
  /** The entry to change; a new one when absent. */
  entry?: ReferenceEntry;
  onDone: (entry: ReferenceEntry) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => valuesOf(entry));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (request: object) =>
      entry
        ? api.updateReferenceEntry(request as Parameters<typeof api.updateReferenceEntry>[0])
        : api.createReferenceEntry(request as Parameters<typeof api.createReferenceEntry>[0]),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: REFERENCE_ADMIN_QUERIES });
      // The pickers' lists too: they are cached per list and language.
      await queryClient.invalidateQueries({ queryKey: ['reference', list] });
      onDone(saved);
    },
    onError: (error) => {
      if (error instanceof ApiProblem) setErrors(issuesByField(error.errors));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let attributes: unknown;
    try {
      attributes = values.attributes.trim() === '' ? {} : JSON.parse(values.attributes);
    } catch {
      setErrors({ attributes: t('referenceAdmin.attributesNotJson') });
      return;
    }
    const labels = Object.fromEntries(
      Object.entries(values.labels).filter(([, label]) => label.trim() !== ''),
    );
    const request = entry
      ? {
          list,
          code: entry.code,
          version: entry.version,
          labels,
          attributes,
          validFrom: values.validFrom || undefined,
          // Emptied: the entry has no end any more.
          validTo: values.validTo || (entry.validTo ? null : undefined),
        }
      : {
          list,
          code: values.code.trim(),
          labels,
          attributes,
          validFrom: values.validFrom || undefined,
          validTo: values.validTo || undefined,
        };
    const checked = (entry ? updateReferenceEntry : createReferenceEntry).request.safeParse(
      request,
    );
    if (!checked.success) {
      setErrors(
        issuesByField(
          checked.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            reason: issue.message,
          })),
        ),
      );
      return;
    }
    setErrors({});
    save.mutate(request);
  };
  const placed = new Set([
    'code',
    'validFrom',
    'validTo',
    'attributes',
    'labels',
    ...LANGUAGES.map((l) => `labels.${l}`),
  ]);
  const unplaced = Object.entries(errors).filter(([field]) => !placed.has(field));
  const setLabel = (language: Language, label: string) =>
    setValues((current) => ({ ...current, labels: { ...current.labels, [language]: label } }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('referenceAdmin.code')}
          value={values.code}
          onChange={(event) => setValues({ ...values, code: event.currentTarget.value })}
          disabled={Boolean(entry)}
          error={errors.code}
          required
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {LANGUAGES.map((language) => (
            <TextInput
              key={language}
              label={t('referenceAdmin.labelIn', { language: LANGUAGE_NAMES[language] })}
              lang={language}
              dir={directionOf(language)}
              value={values.labels[language]}
              onChange={(event) => setLabel(language, event.currentTarget.value)}
              error={
                errors[`labels.${language}`] ?? (language === 'en' ? errors.labels : undefined)
              }
              required={language === 'en'}
            />
          ))}
        </SimpleGrid>
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('referenceAdmin.validFrom')}
            value={values.validFrom}
            onChange={(event) => setValues({ ...values, validFrom: event.currentTarget.value })}
            error={errors.validFrom}
          />
          <TextInput
            type="date"
            label={t('referenceAdmin.validTo')}
            value={values.validTo}
            onChange={(event) => setValues({ ...values, validTo: event.currentTarget.value })}
            error={errors.validTo}
          />
        </Group>
        <Textarea
          label={t('referenceAdmin.attributes')}
          description={t('referenceAdmin.attributesHelp')}
          value={values.attributes}
          onChange={(event) => setValues({ ...values, attributes: event.currentTarget.value })}
          error={errors.attributes}
          rows={3}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        {unplaced.length > 0 && (
          <Alert color="red" role="alert">
            {unplaced.map(([field, reason]) => `${field ? `${field}: ` : ''}${reason}`).join(' · ')}
          </Alert>
        )}
        {save.error && !(save.error instanceof ApiProblem && save.error.errors.length > 0) && (
          <Alert color="red" role="alert">
            {t('app.error', { message: save.error.message })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {entry ? t('referenceAdmin.saveChanges') : t('referenceAdmin.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
