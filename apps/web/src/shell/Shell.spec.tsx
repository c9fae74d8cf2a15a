import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { OFFICER, SUPERVISOR, renderScreen } from '../testing/render';
import { Shell } from './Shell';

describe('Shell', () => {
  it("shows the user's name, office and roles", () => {
    renderScreen(<Shell />, { session: SUPERVISOR });
    expect(screen.getByTestId('user-name')).toHaveTextContent('Sam Supervisor');
    expect(screen.getByTestId('user-office')).toHaveTextContent('Office: FRA-CDG');
    expect(screen.getByText('Supervisor')).toBeInTheDocument();
  });

  it('switches to Arabic at any time: the document is right to left, the strings Arabic', async () => {
    renderScreen(<Shell />, { session: OFFICER });
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'ar');
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'ar');
    expect(screen.getByRole('button', { name: 'تسجيل الخروج' })).toBeInTheDocument();
    expect(screen.getByText('موظف')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('اللغة'), 'fr');
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument();
  });

  it('offers an analyst no case recording', () => {
    renderScreen(<Shell />, { session: { ...OFFICER, roles: ['analyst'] } });
    expect(screen.queryByRole('link', { name: 'Record a case' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Search cases' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Statistics' })).toHaveAttribute('href', '/statistics');
  });

  it('offers an administrator no statistics (the API would refuse them)', () => {
    renderScreen(<Shell />, { session: { ...OFFICER, roles: ['admin'] } });
    expect(screen.queryByRole('link', { name: 'Statistics' })).not.toBeInTheDocument();
  });

  it('offers messages to everyone and saved searches to the roles that may own rules', () => {
    renderScreen(<Shell />, { session: { ...OFFICER, roles: ['admin'] } });
    expect(screen.getByRole('link', { name: 'Messages' })).toHaveAttribute(
      'href',
      '/conversations',
    );
    expect(screen.queryByRole('link', { name: 'My rules' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^Notifications: / })).toHaveAttribute(
      'href',
      '/inbox',
    );
  });

  it('offers an officer their rules', () => {
    renderScreen(<Shell />, { session: OFFICER });
    expect(screen.getByRole('link', { name: 'My rules' })).toHaveAttribute('href', '/rules');
  });
});
