import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { type Session } from '../auth/session';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { AlertPage, SubjectAlerts } from './alerts';
import { anAlert } from './subject-fixtures';

const INVESTIGATOR: Session = { ...OFFICER, username: 'investigator', roles: ['investigator'] };
const subject = { subjectType: 'person' as const, subjectId: 'p-1' };

function alertApi() {
  const calls = {
    listAlerts: vi.fn(async () => ({ items: [anAlert()] })),
    raiseAlert: vi.fn(async () => anAlert({ id: 'a-2' })),
    withdrawAlert: vi.fn(async () => anAlert({ status: 'withdrawn', version: 5 })),
    updateAlert: vi.fn(async () => anAlert({ version: 5 })),
    getAlert: vi.fn(async () => anAlert()),
  };
  return { api: fakeApi(calls), calls };
}

describe('alerts on a subject', () => {
  it('raises an alert: a validity ending before it starts is refused at its field, then it is sent', async () => {
    const { api, calls } = alertApi();
    renderScreen(<SubjectAlerts subject={subject} />, { api, session: INVESTIGATOR });
    await userEvent.click(await screen.findByRole('button', { name: 'Raise an alert' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Seen with the courier');
    const from = within(dialog).getByLabelText(/Valid from/);
    await userEvent.clear(from);
    await userEvent.type(from, '2026-06-01');
    await userEvent.type(within(dialog).getByLabelText(/Valid until/), '2026-05-01');
    await userEvent.type(within(dialog).getByLabelText(/Handling instruction/), 'Call me');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save the alert' }));
    expect(within(dialog).getByLabelText(/Valid until/)).toHaveAccessibleDescription(
      'validTo must not be before validFrom',
    );
    expect(calls.raiseAlert).not.toHaveBeenCalled();

    const to = within(dialog).getByLabelText(/Valid until/);
    await userEvent.clear(to);
    await userEvent.type(to, '2026-12-31');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save the alert' }));
    expect(calls.raiseAlert).toHaveBeenCalledWith({
      subject,
      draft: {
        reason: 'Seen with the courier',
        category: 'smuggling-suspect',
        validFrom: '2026-06-01',
        validTo: '2026-12-31',
        handlingInstruction: 'Call me',
      },
    });
  }, 20_000);

  it('withdraws an active alert at its version', async () => {
    const { api, calls } = alertApi();
    renderScreen(<SubjectAlerts subject={subject} />, { api, session: INVESTIGATOR });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Withdraw the alert Smuggling suspect' }),
    );
    expect(calls.withdrawAlert).toHaveBeenCalledWith({ id: 'a-1', version: 4 });
  });

  it('shows alerts to an officer without raising, changing or withdrawing', async () => {
    const { api } = alertApi();
    renderScreen(<SubjectAlerts subject={subject} />, { api, session: OFFICER });
    expect(await screen.findByText('Courier of a smuggling ring')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Raise an alert' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Withdraw/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Change/ })).not.toBeInTheDocument();
  });

  it("opens one alert's page with its subject linked", async () => {
    const { api, calls } = alertApi();
    renderScreen(
      <Routes>
        <Route path="/alerts/:id" element={<AlertPage />} />
      </Routes>,
      { api, route: '/alerts/a-1' },
    );
    expect(await screen.findByRole('link', { name: 'Person p-1' })).toHaveAttribute(
      'href',
      '/persons/p-1',
    );
    expect(calls.getAlert).toHaveBeenCalledWith({ id: 'a-1' });
  });
});
