import { type ReferenceList } from '@opencen/contracts';
import { MultiSelect, Select } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { type ApiClient } from '../api/client';

/**
 * A code list's entries in the user's language (the API answers by Accept-Language; the query is
 * per language, so switching refetches).
 */
function referenceQuery(api: ApiClient, list: ReferenceList, language: string) {
  return {
    queryKey: ['reference', list, language],
    queryFn: () => api.referenceEntries(list, { limit: 500 }),
    staleTime: 10 * 60_000,
    // Kept for a day once fetched, shown or not: a form goes on working with the network gone.
    gcTime: 24 * 60 * 60_000,
  };
}

function useReferenceEntries(list: ReferenceList) {
  const api = useApi();
  const { i18n } = useTranslation();
  return useQuery(referenceQuery(api, list, i18n.language));
}

/** Fetches code lists ahead (a form's later steps), so that they are there offline too. */
export function usePrefetchedReferences(lists: readonly ReferenceList[]) {
  const api = useApi();
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const key = lists.join(',');
  useEffect(() => {
    // One after the other, behind what the screen asks for first: a burst of lists at once can
    // keep the reference service past the gateway's timeout on a busy server.
    void (async () => {
      for (const list of key.split(',') as ReferenceList[]) {
        await queryClient.prefetchQuery(referenceQuery(api, list, i18n.language));
      }
    })();
  }, [api, i18n.language, key, queryClient]);
}

/** A code list's entries as options, each labelled with its label and code. */
export function useReferenceOptions(list: ReferenceList) {
  const query = useReferenceEntries(list);
  const options = (query.data?.items ?? []).map((entry) => ({
    value: entry.code,
    label: `${entry.label} (${entry.code})`,
  }));
  return { options, loading: query.isLoading };
}

/** A code's label in the user's language (the code itself while the list loads or lacks it). */
export function useReferenceLabel(list: ReferenceList): (code: string) => string {
  const query = useReferenceEntries(list);
  const labels = new Map((query.data?.items ?? []).map((entry) => [entry.code, entry.label]));
  return (code) => labels.get(code) ?? code;
}

interface Common {
  list: ReferenceList;
  label: string;
  error?: string;
  required?: boolean;
  description?: string;
}

/** One code of a list, searchable by label or code in the user's language. */
export function ReferenceSelect({
  list,
  value,
  onChange,
  ...rest
}: Common & { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const { options } = useReferenceOptions(list);
  return (
    <Select
      {...rest}
      data={options}
      value={value ?? null}
      onChange={(next) => onChange(next ?? undefined)}
      searchable
      clearable
      placeholder={t('form.search')}
      nothingFoundMessage={t('search.noResults')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Several codes of a list. */
export function ReferenceMultiSelect({
  list,
  value,
  onChange,
  ...rest
}: Common & { value: string[]; onChange: (value: string[]) => void }) {
  const { t } = useTranslation();
  const { options } = useReferenceOptions(list);
  return (
    <MultiSelect
      {...rest}
      data={options}
      value={value}
      onChange={onChange}
      searchable
      clearable
      placeholder={t('form.search')}
      nothingFoundMessage={t('search.noResults')}
    />
  );
}
