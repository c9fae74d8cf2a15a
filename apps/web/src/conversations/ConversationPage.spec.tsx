import { type Conversation, type Message } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { OFFICER, SUPERVISOR, fakeApi, renderScreen } from '../testing/render';
import { ConversationPage } from './ConversationPage';

const conversation: Conversation = {
  id: 'conv-1',
  name: 'Operation Atlantic',
  owner: OFFICER.sub,
  startsOn: '2026-12-01',
  endsOn: '2026-12-31',
  templates: [],
  members: [
    {
      id: OFFICER.sub,
      type: 'user',
      user: OFFICER.sub,
      addedAfter: 0,
      addedAt: '2026-12-01T08:00:00.000Z',
      lastRead: 2,
    },
    {
      id: SUPERVISOR.sub,
      type: 'user',
      user: SUPERVISOR.sub,
      addedAfter: 0,
      addedAt: '2026-12-01T08:00:00.000Z',
      lastRead: 1,
    },
    {
      id: 'ext-1a2b',
      type: 'external',
      email: 'liaison@partner.example',
      addedAfter: 0,
      addedAt: '2026-12-01T08:00:00.000Z',
      lastRead: 0,
    },
  ],
  lastMessage: 2,
  unread: 1,
  createdAt: '2026-12-01T08:00:00.000Z',
  version: 3,
};

const message = (number: number, patch: Partial<Message> = {}): Message => ({
  conversationId: 'conv-1',
  number,
  author: SUPERVISOR.sub,
  body: `Message ${number}`,
  attachments: [],
  postedAt: `2026-12-0${number}T09:00:00.000Z`,
  ...patch,
});

function conversationApi(overrides: Record<string, unknown> = {}) {
  const calls = {
    markConversationRead: vi.fn(async () => ({ lastRead: 2 })),
    postMessage: vi.fn(async (request: { body: string }) => message(3, request)),
    uploadAttachment: vi.fn(async (_id: string, file: File) => ({
      id: 'att-1',
      name: file.name,
      contentType: 'application/pdf',
      size: 1234,
      sha256: 'a'.repeat(64),
    })),
    removeConversationMember: vi.fn(async () => ({ removed: true })),
    downloadAttachment: vi.fn(async () => new Blob(['%PDF'])),
  };
  const api = fakeApi({
    getConversation: async () => conversation,
    listMessages: async () => ({
      items: [
        message(2, {
          attachments: [
            {
              id: 'att-0',
              name: 'manifest.pdf',
              contentType: 'application/pdf',
              size: 2048,
              sha256: 'b'.repeat(64),
            },
          ],
        }),
        message(1),
      ],
    }),
    ...calls,
    ...overrides,
  });
  return { api, ...calls };
}

const renderConversation = (api: ReturnType<typeof fakeApi>, session = OFFICER) =>
  renderScreen(
    <Routes>
      <Route path="/conversations/:id" element={<ConversationPage />} />
    </Routes>,
    { api, session, route: '/conversations/conv-1' },
  );

describe('ConversationPage', () => {
  it('shows the messages, newest first, and marks the conversation read up to its last message', async () => {
    const { api, markConversationRead } = conversationApi();
    renderConversation(api);
    expect(await screen.findByRole('heading', { name: 'Operation Atlantic' })).toBeInTheDocument();
    const messages = await screen.findByRole('list', { name: 'Messages' });
    await within(messages).findByText('Message 2');
    expect(
      within(messages)
        .getAllByRole('listitem')
        .map((li) => li.dataset.message),
    ).toEqual(['2', '1']);
    expect(markConversationRead).toHaveBeenCalledWith({ id: 'conv-1', upTo: 2 });
  });

  it('attaches an uploaded file to the message it posts', async () => {
    const { api, uploadAttachment, postMessage } = conversationApi();
    renderConversation(api);
    const file = new File(['%PDF-1.7'], 'seizure-report.pdf', { type: 'application/pdf' });
    await userEvent.upload(await screen.findByLabelText('Attach a file'), file);
    expect(uploadAttachment).toHaveBeenCalledWith('conv-1', file);
    expect(
      await screen.findByRole('button', { name: 'Take off seizure-report.pdf' }),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Message'), 'Report attached');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(postMessage).toHaveBeenCalledWith({
      conversationId: 'conv-1',
      body: 'Report attached',
      attachments: ['att-1'],
    });
  });

  it("shows a refused attachment's problem at the file field, and attaches nothing", async () => {
    const { api, postMessage } = conversationApi({
      uploadAttachment: async () => {
        throw new ApiProblem(400, 'Bad request', 'The request is not valid', [
          { path: 'file', reason: 'its content is not PDF, JPEG, PNG, TIFF or GIF' },
        ]);
      },
    });
    renderConversation(api);
    const input = await screen.findByLabelText('Attach a file');
    await userEvent.upload(input, new File(['MZ'], 'tool.exe', { type: 'application/pdf' }));
    expect(
      await screen.findByText('its content is not PDF, JPEG, PNG, TIFF or GIF'),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/its content is not PDF/);
    expect(screen.queryByRole('group', { name: 'Attached files' })).not.toBeInTheDocument();
    expect(postMessage).not.toHaveBeenCalled();
  });

  it('names a file over the limit at the file field (413 without field errors)', async () => {
    const { api } = conversationApi({
      uploadAttachment: async () => {
        throw new ApiProblem(413, 'Payload Too Large', 'The file is larger than the limit');
      },
    });
    renderConversation(api);
    await userEvent.upload(
      await screen.findByLabelText('Attach a file'),
      new File(['x'], 'huge.pdf', { type: 'application/pdf' }),
    );
    expect(await screen.findByLabelText('Attach a file')).toHaveAccessibleDescription(
      /The file is larger than the limit/,
    );
  });

  it('downloads an attachment with the token (not a bare link)', async () => {
    const { api, downloadAttachment } = conversationApi();
    URL.createObjectURL = vi.fn(() => 'blob:manifest');
    URL.revokeObjectURL = vi.fn();
    renderConversation(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Download manifest.pdf' }));
    expect(downloadAttachment).toHaveBeenCalledWith('conv-1', 'att-0');
  });

  it('lists the members with their read receipts; the owner may remove one', async () => {
    const { api, removeConversationMember } = conversationApi();
    renderConversation(api);
    const members = await screen.findByRole('region', { name: 'Members' });
    const supervisor = within(members).getByText(SUPERVISOR.sub).closest('li')!;
    expect(supervisor).toHaveTextContent('Has read up to message 1');
    expect(within(members).getByText('You').closest('li')).toHaveTextContent('Has read everything');
    expect(within(members).getByText('liaison@partner.example').closest('li')).toHaveTextContent(
      'Outside party (by e-mail)',
    );
    expect(within(members).queryByRole('button', { name: 'Remove You' })).not.toBeInTheDocument();
    await userEvent.click(
      within(members).getByRole('button', { name: `Remove ${SUPERVISOR.sub}` }),
    );
    expect(removeConversationMember).toHaveBeenCalledWith({
      id: 'conv-1',
      member: SUPERVISOR.sub,
    });
    expect(within(members).getByLabelText('Add members')).toBeInTheDocument();
  });

  it('offers a member who is not the owner neither removing nor adding members', async () => {
    const { api } = conversationApi();
    renderConversation(api, SUPERVISOR);
    const members = await screen.findByRole('region', { name: 'Members' });
    expect(within(members).queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    expect(within(members).queryByLabelText('Add members')).not.toBeInTheDocument();
  });
});
