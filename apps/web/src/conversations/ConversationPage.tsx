import {
  type Attachment,
  type Conversation,
  type ConversationMember,
  type Message,
} from '@opencen/contracts';
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Grid,
  Group,
  Input,
  Loader,
  Paper,
  Stack,
  TagsInput,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { saveFile } from '../api/save-file';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
import { CONVERSATION_QUERIES } from './conversation-queries';
import { memberName, newMembers } from './members';

/** What went wrong with a chosen file, as the API said it: at `file`, or the whole problem. */
const fileProblem = (error: unknown) =>
  error instanceof ApiProblem
    ? (error.fieldErrors().file ?? error.detail) || error.title
    : String(error);

function AttachmentButton({ conversationId, file }: { conversationId: string; file: Attachment }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const download = useMutation({
    mutationFn: () => api.downloadAttachment(conversationId, file.id),
    onSuccess: (blob) => saveFile(blob, file.name),
  });
  return (
    <Group gap="xs">
      <Button
        size="compact-xs"
        variant="light"
        loading={download.isPending}
        onClick={() => download.mutate()}
        aria-label={t('conversation.download', { name: file.name })}
      >
        {file.name}
      </Button>
      <Text size="xs" c="dimmed">
        {t('conversation.bytes', { size: formatNumber(file.size, i18n.language) })}
      </Text>
      {download.error && (
        <Text size="xs" c="red" role="alert">
          {download.error.message}
        </Text>
      )}
    </Group>
  );
}

function MessageItem({ message, mine }: { message: Message; mine: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper component="li" withBorder p="sm" data-message={message.number}>
      <Text size="xs" c="dimmed">
        {mine ? t('conversation.you') : message.author} ·{' '}
        <time dateTime={message.postedAt}>{formatDateTime(message.postedAt, i18n.language)}</time>
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{message.body}</Text>
      {message.attachments.map((file) => (
        <AttachmentButton key={file.id} conversationId={message.conversationId} file={file} />
      ))}
    </Paper>
  );
}

/** The message form: a body and files attached as they are chosen (uploaded at once). */
function Composer({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [body, setBody] = useState('');
  const [attached, setAttached] = useState<Attachment[]>([]);
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadAttachment(conversationId, file),
    onSuccess: (attachment) => setAttached((current) => [...current, attachment]),
    onSettled: () => {
      if (fileInput.current) fileInput.current.value = '';
    },
  });
  const post = useMutation({
    mutationFn: () =>
      api.postMessage({
        conversationId,
        body,
        attachments: attached.map((file) => file.id),
      }),
    onSuccess: () => {
      setBody('');
      setAttached([]);
      void queryClient.invalidateQueries({ queryKey: CONVERSATION_QUERIES });
    },
  });
  const bodyError = post.error instanceof ApiProblem ? post.error.fieldErrors().body : undefined;
  const uploadError = upload.error ? fileProblem(upload.error) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate();
  };
  return (
    <Stack component="form" onSubmit={submit} gap="xs" aria-label={t('conversation.post')}>
      <Textarea
        label={t('conversation.message')}
        value={body}
        onChange={(event) => setBody(event.currentTarget.value)}
        rows={3}
        error={bodyError}
      />
      <Input.Wrapper
        label={t('conversation.attach')}
        description={t('conversation.attachHelp')}
        error={uploadError}
        id={fileId}
      >
        <input
          id={fileId}
          ref={fileInput}
          type="file"
          accept="application/pdf,image/jpeg,image/png,image/tiff,image/gif"
          aria-invalid={uploadError ? true : undefined}
          aria-describedby={uploadError ? `${fileId}-error` : undefined}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) upload.mutate(file);
          }}
        />
      </Input.Wrapper>
      {upload.isPending && <Loader size="xs" aria-label={t('conversation.uploading')} />}
      {attached.length > 0 && (
        <Group gap="xs" aria-label={t('conversation.attached')}>
          {attached.map((file) => (
            <Badge
              key={file.id}
              variant="light"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={t('conversation.detach', { name: file.name })}
                  onClick={() => setAttached((current) => current.filter((f) => f.id !== file.id))}
                />
              }
            >
              {file.name}
            </Badge>
          ))}
        </Group>
      )}
      {post.error && !bodyError && (
        <Alert color="red" role="alert">
          {t('app.error', { message: post.error.message })}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={post.isPending} disabled={upload.isPending}>
          {t('conversation.send')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The members with their read receipts; the owner adds and removes them. */
function Members({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { session } = useAuth();
  const queryClient = useQueryClient();
  const owner = conversation.owner === session.sub;
  const [adding, setAdding] = useState<string[]>([]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: CONVERSATION_QUERIES });
  const add = useMutation({
    mutationFn: () =>
      api.addConversationMembers({ id: conversation.id, members: newMembers(adding) }),
    onSuccess: () => {
      setAdding([]);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (member: string) => api.removeConversationMember({ id: conversation.id, member }),
    onSuccess: () => void refresh(),
  });
  const receipt = (member: ConversationMember) =>
    member.type === 'external'
      ? t('conversation.external')
      : member.lastRead >= conversation.lastMessage
        ? t('conversation.readAll')
        : t('conversation.readUpTo', { number: formatNumber(member.lastRead, i18n.language) });
  const addError = add.error instanceof ApiProblem ? add.error.fieldErrors() : {};
  return (
    <Stack component="section" aria-label={t('conversation.membersTitle')} gap="xs">
      <Title order={3} size="h5">
        {t('conversation.membersTitle')}
      </Title>
      <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
        {conversation.members.map((member) => (
          <Group component="li" key={member.id} justify="space-between" data-member={member.id}>
            <div>
              <Text size="sm">
                {member.user === session.sub ? t('conversation.you') : memberName(member)}
                {member.user === conversation.owner && (
                  <Badge ml="xs" size="xs" variant="outline">
                    {t('conversation.owner')}
                  </Badge>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {receipt(member)}
              </Text>
            </div>
            {owner && member.user !== conversation.owner && (
              <CloseButton
                aria-label={t('conversation.remove', { name: memberName(member) })}
                onClick={() => remove.mutate(member.id)}
              />
            )}
          </Group>
        ))}
      </Stack>
      {owner && (
        <Stack gap="xs">
          <TagsInput
            label={t('conversation.addMembers')}
            description={t('conversations.membersHelp')}
            value={adding}
            onChange={setAdding}
            splitChars={[',', ' ']}
            error={Object.values(addError)[0]}
          />
          <Button
            size="xs"
            variant="light"
            disabled={adding.length === 0}
            loading={add.isPending}
            onClick={() => add.mutate()}
          >
            {t('conversation.add')}
          </Button>
        </Stack>
      )}
      {(add.error ?? remove.error) && (
        <Text size="sm" c="red" role="alert">
          {(add.error ?? remove.error)!.message}
        </Text>
      )}
    </Stack>
  );
}

/** One conversation: its messages in pages, the message form, the members and their receipts. */
export function ConversationPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const api = useApi();
  const { session } = useAuth();
  const queryClient = useQueryClient();
  const conversation = useQuery({
    queryKey: [...CONVERSATION_QUERIES, 'one', id],
    queryFn: () => api.getConversation({ id }),
  });
  const messages = useInfiniteQuery({
    queryKey: [...CONVERSATION_QUERIES, 'messages', id],
    queryFn: ({ pageParam }) =>
      api.listMessages({ conversationId: id, before: pageParam, limit: 20 }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  // Reading the conversation moves my read receipt to its last message.
  const unread = conversation.data?.unread ?? 0;
  const lastMessage = conversation.data?.lastMessage ?? 0;
  useEffect(() => {
    if (unread === 0) return;
    void api
      .markConversationRead({ id, upTo: lastMessage })
      .then(() => queryClient.invalidateQueries({ queryKey: CONVERSATION_QUERIES }));
  }, [api, id, lastMessage, unread, queryClient]);

  if (conversation.error) {
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: conversation.error.message })}
      </Alert>
    );
  }
  if (!conversation.data) return <Loader aria-label={t('app.loading')} />;
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];
  const { name, startsOn, endsOn } = conversation.data;
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack>
          <Title order={2}>{name}</Title>
          {(startsOn ?? endsOn) && (
            <Text c="dimmed">
              {t('conversations.period', {
                start: formatDate(startsOn, i18n.language),
                end: formatDate(endsOn, i18n.language),
              })}
            </Text>
          )}
          <Composer conversationId={id} />
          {messages.error && (
            <Alert color="red" role="alert">
              {t('app.error', { message: messages.error.message })}
            </Alert>
          )}
          {messages.isSuccess && items.length === 0 && (
            <Text c="dimmed">{t('conversation.empty')}</Text>
          )}
          <Stack
            component="ul"
            gap="xs"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={t('conversation.messages')}
          >
            {items.map((message) => (
              <MessageItem
                key={message.number}
                message={message}
                mine={message.author === session.sub}
              />
            ))}
          </Stack>
          {messages.hasNextPage && (
            <Button
              variant="default"
              loading={messages.isFetchingNextPage}
              onClick={() => void messages.fetchNextPage()}
            >
              {t('conversation.older')}
            </Button>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Members conversation={conversation.data} />
      </Grid.Col>
    </Grid>
  );
}
