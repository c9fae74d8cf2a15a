import { NOTIFICATION_KINDS, type NotificationPreferences } from '@opencen/contracts';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { fakeApi, renderScreen } from '../testing/render';
import { PreferencesPage } from './PreferencesPage';

const defaults = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind) => [kind, ['in-app']]),
) as unknown as NotificationPreferences;

describe('PreferencesPage', () => {
  it('sends the channels chosen per kind: e-mail added to one, another turned off', async () => {
    const setNotificationPreferences = vi.fn(async (request: NotificationPreferences) => request);
    const api = fakeApi({
      notificationPreferences: async () => defaults,
      setNotificationPreferences,
    });
    renderScreen(<PreferencesPage />, { api });
    await userEvent.click(await screen.findByLabelText('Case assigned to me: E-mail'));
    await userEvent.click(screen.getByLabelText('Task due: Off'));
    expect(screen.getByLabelText('Task due: In the application')).not.toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(setNotificationPreferences).toHaveBeenCalledWith({
      ...defaults,
      'case-assigned': ['in-app', 'email'],
      'task-due': [],
    });
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
  });

  it("shows the API's refusal at the kind it names", async () => {
    const api = fakeApi({
      notificationPreferences: async () => defaults,
      setNotificationPreferences: async () => {
        throw new ApiProblem(400, 'Bad request', 'invalid', [
          { path: 'task-due', reason: 'a channel is listed twice' },
        ]);
      },
    });
    renderScreen(<PreferencesPage />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('a channel is listed twice')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('invalid');
  });
});
