import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { fakeApi, renderScreen } from '../testing/render';
import { ConversationsPage } from './ConversationsPage';
import { NewConversationPage } from './NewConversationPage';

const renderNew = (api: ReturnType<typeof fakeApi>) =>
  renderScreen(
    <Routes>
      <Route path="/conversations/new" element={<NewConversationPage />} />
      <Route path="/conversations/:id" element={<p>Opened conversation</p>} />
    </Routes>,
    { api, route: '/conversations/new' },
  );

describe('NewConversationPage', () => {
  it('sends the name, the members as users or e-mail addresses, and the dates, then opens it', async () => {
    const createConversation = vi.fn(async () => ({ id: 'conv-9' }));
    renderNew(fakeApi({ createConversation }));
    await userEvent.type(screen.getByLabelText(/^Name/), 'Operation Atlantic');
    await userEvent.type(
      screen.getByLabelText('Members', { selector: 'input:not([type="hidden"])' }),
      'sub-supervisor,liaison@partner.example,',
    );
    await userEvent.type(screen.getByLabelText('Starts on'), '2026-12-01');
    await userEvent.type(screen.getByLabelText('Ends on'), '2026-12-31');
    await userEvent.click(screen.getByRole('button', { name: 'Create the conversation' }));
    expect(createConversation).toHaveBeenCalledWith({
      name: 'Operation Atlantic',
      members: [{ user: 'sub-supervisor' }, { email: 'liaison@partner.example' }],
      startsOn: '2026-12-01',
      endsOn: '2026-12-31',
      templates: [],
    });
    expect(await screen.findByText('Opened conversation')).toBeInTheDocument();
  });

  it('refuses an end before the start at its field, as the contract does, and sends nothing', async () => {
    const createConversation = vi.fn();
    renderNew(fakeApi({ createConversation }));
    await userEvent.type(screen.getByLabelText(/^Name/), 'Operation Atlantic');
    await userEvent.type(screen.getByLabelText('Starts on'), '2026-12-31');
    await userEvent.type(screen.getByLabelText('Ends on'), '2026-12-01');
    await userEvent.click(screen.getByRole('button', { name: 'Create the conversation' }));
    expect(screen.getByLabelText('Ends on')).toHaveAccessibleDescription(
      'the end comes before the start',
    );
    expect(createConversation).not.toHaveBeenCalled();
  });

  it("shows the API's problem at the field it names", async () => {
    renderNew(
      fakeApi({
        createConversation: async () => {
          throw new ApiProblem(400, 'Bad request', 'invalid', [
            { path: 'members.0.user', reason: 'no such user' },
          ]);
        },
      }),
    );
    await userEvent.type(screen.getByLabelText(/^Name/), 'Operation Atlantic');
    await userEvent.type(
      screen.getByLabelText('Members', { selector: 'input:not([type="hidden"])' }),
      'nobody,',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create the conversation' }));
    expect(await screen.findByText('no such user')).toBeInTheDocument();
  });
});

describe('ConversationsPage', () => {
  it('lists my conversations with their unread counts, each a link', async () => {
    renderScreen(<ConversationsPage />, {
      api: fakeApi({
        listConversations: async () => ({
          items: [
            { id: 'conv-1', name: 'Operation Atlantic', owner: 'x', lastMessage: 4, unread: 3 },
            { id: 'conv-2', name: 'Liaison Lisbon', owner: 'x', lastMessage: 1, unread: 0 },
          ],
        }),
      }),
    });
    const list = await screen.findByRole('list', { name: 'Messages' });
    const atlantic = (
      await within(list).findByRole('link', { name: 'Operation Atlantic' })
    ).closest('li')!;
    expect(within(atlantic).getByLabelText('3 unread')).toHaveTextContent('3');
    expect(within(list).getByRole('link', { name: 'Liaison Lisbon' })).toHaveAttribute(
      'href',
      '/conversations/conv-2',
    );
    expect(
      within(
        within(list).getByRole('link', { name: 'Liaison Lisbon' }).closest('li')!,
      ).queryByLabelText(/unread/),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New conversation' })).toHaveAttribute(
      'href',
      '/conversations/new',
    );
  });
});
