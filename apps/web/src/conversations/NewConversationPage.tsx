import { createConversation } from '@opencen/contracts';
import { Alert, Button, Group, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { CONVERSATION_QUERIES } from './conversation-queries';
import { fieldOf, newMembers } from './members';

/** A new conversation or operation group: its name, members, and optional dates. */
export function NewConversationPage() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (request: Parameters<typeof api.createConversation>[0]) =>
      api.createConversation(request),
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: CONVERSATION_QUERIES });
      void navigate(`/conversations/${encodeURIComponent(conversation.id)}`);
    },
    onError: (problem) => {
      if (problem instanceof ApiProblem) {
        setErrors(
          Object.fromEntries(
            Object.entries(problem.fieldErrors()).map(([path, reason]) => [fieldOf(path), reason]),
          ),
        );
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The contract's own schema checks the form first: nothing is sent that the API would refuse.
    const parsed = createConversation.request.safeParse({
      name,
      members: newMembers(members),
      ...(startsOn ? { startsOn } : {}),
      ...(endsOn ? { endsOn } : {}),
    });
    if (!parsed.success) {
      const byField: Record<string, string> = {};
      for (const issue of parsed.error.issues) byField[fieldOf(issue.path)] ??= issue.message;
      setErrors(byField);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };
  return (
    <Stack component="form" onSubmit={submit} maw={560}>
      <Title order={2}>{t('conversations.new')}</Title>
      <TextInput
        label={t('conversations.name')}
        withAsterisk
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={errors.name}
      />
      <TagsInput
        label={t('conversations.members')}
        description={t('conversations.membersHelp')}
        value={members}
        onChange={setMembers}
        error={errors.members}
        splitChars={[',', ' ']}
      />
      <Group grow>
        <TextInput
          type="date"
          label={t('conversations.startsOn')}
          value={startsOn}
          onChange={(event) => setStartsOn(event.currentTarget.value)}
          error={errors.startsOn}
        />
        <TextInput
          type="date"
          label={t('conversations.endsOn')}
          value={endsOn}
          onChange={(event) => setEndsOn(event.currentTarget.value)}
          error={errors.endsOn}
        />
      </Group>
      {create.error && (
        <Alert color="red" role="alert">
          {t('app.error', { message: create.error.message })}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={create.isPending}>
          {t('conversations.create')}
        </Button>
      </Group>
    </Stack>
  );
}
