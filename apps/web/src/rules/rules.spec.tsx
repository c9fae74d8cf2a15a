import { type Rule } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { CaseSearch } from '../cases/CaseSearch';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { RulesPage } from './RulesPage';

const rule = (id: string, name: string, enabled = true): Rule => ({
  id,
  name,
  target: { kind: 'case-search', filter: { text: 'cocaine', status: 'validated' } },
  enabled,
  owner: OFFICER.sub,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 2,
});

const searchApi = (createRule: unknown) =>
  fakeApi({ searchCases: async () => ({ items: [], total: 0 }), createRule });

describe('Save this search', () => {
  it('creates a case-search rule of the filter in the address, under its name', async () => {
    const createRule = vi.fn(async () => rule('rule-1', 'Cocaine at CDG'));
    renderScreen(<CaseSearch />, {
      api: searchApi(createRule),
      route: '/cases?text=cocaine&status=validated&office=FRA-CDG',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Save this search' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('Name of the saved search'),
      'Cocaine at CDG',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(createRule).toHaveBeenCalledWith({
      name: 'Cocaine at CDG',
      target: {
        kind: 'case-search',
        filter: { text: 'cocaine', status: 'validated', office: 'FRA-CDG' },
      },
      enabled: true,
    });
    expect(
      await screen.findByText('Saved: you will be notified of new cases this search finds.'),
    ).toBeInTheDocument();
  });

  it("shows the API's refusal of the name at the name", async () => {
    const createRule = async () => {
      throw new ApiProblem(400, 'Bad request', 'invalid', [
        { path: 'name', reason: 'Too small: expected string to have >=1 characters' },
      ]);
    };
    renderScreen(<CaseSearch />, { api: searchApi(createRule), route: '/cases?text=cocaine' });
    await userEvent.click(screen.getByRole('button', { name: 'Save this search' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByLabelText('Name of the saved search')).toHaveAccessibleDescription(
      /Too small/,
    );
  });

  it('is not offered to an administrator (the API would refuse the rule)', async () => {
    renderScreen(<CaseSearch />, {
      api: searchApi(vi.fn()),
      session: { ...OFFICER, roles: ['admin'] },
    });
    expect(screen.queryByRole('button', { name: 'Save this search' })).not.toBeInTheDocument();
  });
});

describe('RulesPage', () => {
  it('lists my rules; disabling one and deleting another go to the API and show at once', async () => {
    const changeRule = vi.fn(async (action: string, { id }: { id: string }) =>
      action === 'delete'
        ? { id, deleted: true }
        : { ...rule(id, 'Cocaine at CDG', false), version: 3 },
    );
    renderScreen(<RulesPage />, {
      api: fakeApi({
        listRules: async () => ({
          items: [rule('rule-1', 'Cocaine at CDG'), rule('rule-2', 'Heroin anywhere')],
        }),
        changeRule,
      }),
    });
    const list = await screen.findByRole('list', { name: 'My rules' });
    expect(await within(list).findByRole('link', { name: 'Cocaine at CDG' })).toHaveAttribute(
      'href',
      '/cases?text=cocaine&status=validated',
    );
    await userEvent.click(within(list).getByRole('button', { name: 'Disable Cocaine at CDG' }));
    expect(changeRule).toHaveBeenCalledWith('disable', { id: 'rule-1', version: 2 });
    expect(
      await within(list).findByRole('button', { name: 'Enable Cocaine at CDG' }),
    ).toBeInTheDocument();
    await userEvent.click(within(list).getByRole('button', { name: 'Delete Heroin anywhere' }));
    expect(changeRule).toHaveBeenCalledWith('delete', { id: 'rule-2', version: 2 });
    await vi.waitFor(() =>
      expect(within(list).queryByText('Heroin anywhere')).not.toBeInTheDocument(),
    );
  });
});
