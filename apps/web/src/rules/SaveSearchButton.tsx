import { type CaseSearchFilter } from '@opencen/contracts';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { RULE_QUERIES } from './rule-queries';

/**
 * "Save this search": a `case-search` rule of the current filter, under a name; from then on the
 * notifications service tells its owner of each new or changed case it finds.
 */
export function SaveSearchButton({ filter }: { filter: CaseSearchFilter }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.createRule({ name, target: { kind: 'case-search', filter }, enabled: true }),
    onSuccess: () => {
      setOpen(false);
      setName('');
      void queryClient.invalidateQueries({ queryKey: RULE_QUERIES });
    },
  });
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Group gap="xs">
      <Button
        variant="light"
        onClick={() => {
          save.reset();
          setOpen(true);
        }}
      >
        {t('rules.saveSearch')}
      </Button>
      {save.isSuccess && (
        <Text size="sm" c="green" aria-live="polite">
          {t('rules.saved')}
        </Text>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('rules.saveSearch')}>
        <Stack component="form" onSubmit={submit}>
          <TextInput
            label={t('rules.saveName')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldErrors.name}
            data-autofocus
          />
          {save.error && !fieldErrors.name && (
            <Alert color="red" role="alert">
              {t('app.error', { message: save.error.message })}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('rules.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('rules.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
