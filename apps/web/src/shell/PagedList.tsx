import { Alert, Button, Stack, Text } from '@mantine/core';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What a list needs of an infinite query: whether it answered, and its next page. */
interface Pages {
  isSuccess: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * A list of cursor pages as the inbox, messages and rules show theirs: the error, or the empty
 * text once the first page answered nothing, the items (`<li>`s) in a labelled list, and "More"
 * while there is a next page.
 */
export function PagedList({
  label,
  empty,
  count,
  pages,
  error,
  children,
}: {
  label: string;
  empty: string;
  count: number;
  pages: Pages;
  error?: Error | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: error.message })}
        </Alert>
      )}
      {pages.isSuccess && count === 0 && <Text c="dimmed">{empty}</Text>}
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
        {children}
      </Stack>
      {pages.hasNextPage && (
        <Button
          variant="default"
          loading={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          {t('inbox.more')}
        </Button>
      )}
    </>
  );
}
