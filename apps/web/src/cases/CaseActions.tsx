import { type Case } from '@opencen/contracts';
import { Alert, Button, Group, List, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { type CaseAction, caseActions } from '../auth/permissions';

type Transition = Exclude<CaseAction, 'edit'>;

/** What each transition asks for before it is sent. */
const ASKS: Record<Transition, 'reason' | 'comment' | 'investigators' | 'nothing'> = {
  submit: 'nothing',
  validate: 'comment',
  reject: 'reason',
  close: 'comment',
  reopen: 'reason',
  assign: 'investigators',
};

/**
 * The workflow buttons of the case that the user's roles allow in its status (and no other), each
 * asking for its reason or comment; the API's problems are shown by field.
 */
export function CaseActions({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Transition>();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const actions = caseActions(session, kase);

  const mutation = useMutation({
    mutationFn: (action: Transition) => {
      const base = { id: kase.id, version: kase.version };
      const value = text.trim();
      switch (action) {
        case 'reject':
          return api.transition('reject', { ...base, reason: value });
        case 'reopen':
          return api.transition('reopen', { ...base, comment: value });
        case 'assign':
          return api.transition('assign', {
            ...base,
            investigators: value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          });
        default:
          return api.transition(action, value ? { ...base, comment: value } : base);
      }
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['case', kase.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      setOpen(undefined);
      setText('');
      setProblem(undefined);
    },
    onError: (error) => {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error), ''));
    },
  });

  const start = (action: Transition) => {
    setProblem(undefined);
    setText('');
    if (ASKS[action] === 'nothing') mutation.mutate(action);
    else setOpen(action);
  };
  const fieldErrors = problem?.fieldErrors() ?? {};
  const asked = open ? ASKS[open] : 'nothing';

  return (
    <Stack>
      <Group>
        {actions.includes('edit') && (
          <Button component={Link} to={`/cases/${kase.id}/edit`} variant="default">
            {t('case.edit')}
          </Button>
        )}
        {actions
          .filter((action): action is Transition => action !== 'edit')
          .map((action) => (
            <Button
              key={action}
              color={action === 'reject' ? 'red' : undefined}
              onClick={() => start(action)}
              loading={mutation.isPending && mutation.variables === action}
            >
              {t(`case.${action}`)}
            </Button>
          ))}
      </Group>
      {problem && !open && (
        <Alert color="red" role="alert" title={problem.title}>
          {problem.detail}
          {problem.errors.length > 0 && (
            <List size="sm" mt="xs">
              {problem.errors.map((error) => (
                <List.Item key={error.path}>
                  <code>{error.path.replace(/^draft\./, '')}</code>: {error.reason}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <Modal
        opened={open !== undefined}
        onClose={() => setOpen(undefined)}
        title={open ? t(`case.${open}`) : ''}
      >
        <Stack>
          {asked === 'investigators' ? (
            <TextInput
              label={t('case.investigators')}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              error={fieldErrors.investigators}
              data-autofocus
            />
          ) : (
            <Textarea
              label={asked === 'reason' ? t('case.reason') : t('case.comment')}
              required={asked === 'reason'}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              error={fieldErrors.reason ?? fieldErrors.comment}
              data-autofocus
            />
          )}
          {problem && Object.keys(fieldErrors).length === 0 && (
            <Alert color="red" role="alert">
              {problem.detail || problem.title}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(undefined)}>
              {t('case.cancel')}
            </Button>
            <Button
              onClick={() => open && mutation.mutate(open)}
              loading={mutation.isPending}
              color={open === 'reject' ? 'red' : undefined}
            >
              {t('case.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
