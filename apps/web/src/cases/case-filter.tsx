import { CASE_FACETS, CASE_STATUSES, CASE_TYPES, type CaseSearchFilter } from '@opencen/contracts';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/** The filter keys of case search and statistics (the contracts' `caseSearchFilterSchema`). */
const FILTER_KEYS = [
  'text',
  'status',
  'type',
  'detectedFrom',
  'detectedTo',
  ...CASE_FACETS,
] as const;

/** The filter in the page's address, so a search can be bookmarked and shared. */
export function filterOf(params: URLSearchParams): CaseSearchFilter {
  const filter: Record<string, string> = {};
  for (const key of new Set(FILTER_KEYS)) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as CaseSearchFilter;
}

/** The case filter of the page's address, and how to change one of its keys or clear it. */
export function useCaseFilter() {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const clear = () => setParams(new URLSearchParams());
  return { filter: filterOf(params), set, clear };
}

/**
 * The form of the filters every case list and statistic shares: free text, status, type,
 * detection dates. The facets' filters (office, category, country...) are set by clicking a
 * count, and kept in the address with the rest.
 */
export function CaseFilterForm({
  filter,
  set,
  clear,
}: Pick<ReturnType<typeof useCaseFilter>, 'filter' | 'set' | 'clear'>) {
  const { t } = useTranslation();
  const [text, setText] = useState(filter.text ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set('text', text.trim() || undefined);
  };
  return (
    <form onSubmit={submit} role="search">
      <Group align="flex-end">
        <TextInput
          label={t('search.text')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          style={{ flex: 1 }}
          miw={200}
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
        <Button
          variant="subtle"
          onClick={() => {
            setText('');
            clear();
          }}
        >
          {t('search.clear')}
        </Button>
      </Group>
    </form>
  );
}
