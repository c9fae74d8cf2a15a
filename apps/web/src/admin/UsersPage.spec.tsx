import { type User } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { OFFICER, SUPERVISOR, fakeApi, renderScreen } from '../testing/render';
import { UsersPage } from './UsersPage';

// Typing into modals in jsdom is slow on a loaded machine.
vi.setConfig({ testTimeout: 20_000 });

const ADMIN = { ...OFFICER, sub: 'sub-admin', username: 'admin', roles: ['admin' as const] };

const user = (id: string, username: string, changes: Partial<User> = {}): User => ({
  id,
  username,
  firstName: 'Olivia',
  lastName: 'Officer',
  email: `${username}@customs.example`,
  enabled: true,
  office: 'FRA-CDG',
  roles: ['officer'],
  clearance: 'restricted',
  requiredActions: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  lastLoginAt: '2026-12-06T08:30:00.000Z',
  ...changes,
});

const OLIVIA = user('u-1', 'olivia');
const LOCKED = user('u-2', 'leo', {
  firstName: 'Leo',
  enabled: false,
  lock: { reason: 'inactivity', at: '2026-11-01T00:00:00.000Z' },
});

function usersApi(overrides: Record<string, unknown> = {}) {
  const listUsers = vi.fn(async () => ({ items: [OLIVIA, LOCKED] }));
  const getUser = vi.fn(async ({ id }: { id: string }) => (id === 'u-1' ? OLIVIA : LOCKED));
  return { listUsers, getUser, api: fakeApi({ listUsers, getUser, ...overrides }) };
}

async function fillNewUser(dialog: HTMLElement, email = 'nina@customs.example') {
  await userEvent.type(within(dialog).getByLabelText(/^Username/), 'nina');
  await userEvent.type(within(dialog).getByLabelText(/^E-mail/), email);
  await userEvent.type(within(dialog).getByLabelText(/^First name/), 'Nina');
  await userEvent.type(within(dialog).getByLabelText(/^Last name/), 'Novak');
}

describe('UsersPage', () => {
  it('lists the users with their office, roles and state, and filters by role', async () => {
    const { api, listUsers } = usersApi();
    renderScreen(<UsersPage />, { session: ADMIN, api });
    const table = await screen.findByRole('table', { name: 'Users' });
    const row = (await within(table).findByText('leo')).closest('tr')!;
    expect(within(row).getByText('Locked (inactivity)')).toBeInTheDocument();
    expect(within(row).getByText('FRA-CDG')).toBeInTheDocument();
    expect(within(row).getByText('Officer')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Role' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Supervisor', hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(listUsers).toHaveBeenLastCalledWith({
      text: undefined,
      role: 'supervisor',
      first: 0,
      max: 50,
    });
  });

  it('creates a user with what the API takes, and shows the temporary password once', async () => {
    const createUser = vi.fn(async () => ({
      user: user('u-3', 'nina', { firstName: 'Nina', lastName: 'Novak' }),
      temporaryPassword: 'Tmp-Password-4821',
    }));
    const { api } = usersApi({ createUser });
    renderScreen(<UsersPage />, { session: ADMIN, api });
    await userEvent.click(screen.getByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog');
    await fillNewUser(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create the user' }));
    expect(createUser).toHaveBeenCalledWith({
      username: 'nina',
      firstName: 'Nina',
      lastName: 'Novak',
      email: 'nina@customs.example',
      office: 'FRA-CDG',
      roles: ['officer'],
      clearance: 'restricted',
    });
    expect(await screen.findByTestId('temporary-password')).toHaveTextContent('Tmp-Password-4821');
  });

  it('refuses a bad e-mail address at its field, as the contract does, and sends nothing', async () => {
    const createUser = vi.fn();
    const { api } = usersApi({ createUser });
    renderScreen(<UsersPage />, { session: ADMIN, api });
    await userEvent.click(screen.getByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog');
    await fillNewUser(dialog, 'nina-at-customs');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create the user' }));
    expect(within(dialog).getByLabelText(/^E-mail/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText(/^Username/)).not.toHaveAttribute('aria-invalid', 'true');
    expect(createUser).not.toHaveBeenCalled();
  });

  it("shows the API's refusal at the field it names", async () => {
    const createUser = vi.fn(async () => {
      throw new ApiProblem(409, 'Conflict', 'A user named nina exists', [
        { path: 'username', reason: 'is taken' },
      ]);
    });
    const { api } = usersApi({ createUser });
    renderScreen(<UsersPage />, { session: ADMIN, api });
    await userEvent.click(screen.getByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog');
    await fillNewUser(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create the user' }));
    expect(await within(dialog).findByText('is taken')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Username/)).toHaveAccessibleDescription('is taken');
    expect(screen.queryByTestId('temporary-password')).not.toBeInTheDocument();
  });

  it('opens a user and disables them; a locked one is offered unlocking', async () => {
    const changeUser = vi.fn(async () => ({ ...OLIVIA, enabled: false }));
    const { api, getUser } = usersApi({ changeUser });
    renderScreen(<UsersPage />, { session: ADMIN, api });
    await userEvent.click(await screen.findByRole('button', { name: 'olivia' }));
    const detail = await screen.findByLabelText('User olivia');
    expect(getUser).toHaveBeenCalledWith({ id: 'u-1' });
    await userEvent.click(within(detail).getByRole('button', { name: 'Disable' }));
    expect(changeUser).toHaveBeenCalledWith('disable', 'u-1', undefined);
    expect(await within(detail).findByRole('button', { name: 'Enable' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'leo' }));
    const locked = await screen.findByLabelText('User leo');
    expect(within(locked).getByRole('button', { name: 'Unlock' })).toBeInTheDocument();
    expect(within(locked).queryByRole('button', { name: 'Enable' })).not.toBeInTheDocument();
  });

  it('offers a supervisor neither the admin roles nor moving users between offices', async () => {
    const { api } = usersApi();
    renderScreen(<UsersPage />, { session: SUPERVISOR, api });
    await userEvent.click(await screen.findByRole('button', { name: 'olivia' }));
    const detail = await screen.findByLabelText('User olivia');
    expect(within(detail).queryByRole('button', { name: 'Move to this office' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'New user' }));
    const dialog = await screen.findByRole('dialog');
    const roles = within(dialog).getByRole('combobox', { name: /^Roles/ });
    await userEvent.click(roles);
    const options = within(document.getElementById(roles.getAttribute('aria-controls')!)!);
    expect(options.queryByRole('option', { name: 'Administrator', hidden: true })).toBeNull();
    expect(options.getByRole('option', { name: 'Investigator', hidden: true })).toBeInTheDocument();
  });

  it('is not offered to an officer', () => {
    const { api, listUsers } = usersApi();
    renderScreen(<UsersPage />, { api });
    expect(screen.queryByRole('button', { name: 'New user' })).not.toBeInTheDocument();
    expect(listUsers).not.toHaveBeenCalled();
  });
});
