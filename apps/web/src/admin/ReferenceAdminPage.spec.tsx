import { type ReferenceEntry } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { ReferenceAdminPage } from './ReferenceAdminPage';

// Typing into modals in jsdom is slow on a loaded machine.
vi.setConfig({ testTimeout: 20_000 });

const ADMIN = { ...OFFICER, sub: 'sub-admin', username: 'admin', roles: ['admin' as const] };

const entry = (code: string, label: string, changes: Partial<ReferenceEntry> = {}) =>
  ({
    list: 'countries',
    code,
    label,
    labelLanguage: 'en',
    labels: { en: label },
    attributes: { alpha3: `${code}X` },
    validFrom: '2000-01-01',
    deprecated: false,
    version: 3,
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...changes,
  }) as ReferenceEntry;

const FRANCE = entry('FR', 'France', { labels: { en: 'France', fr: 'France' } });
const BRAZIL = entry('BR', 'Brazil');

function adminApi(overrides: Record<string, unknown> = {}) {
  const referenceEntries = vi.fn(async (list: string) => ({
    items: list === 'countries' ? [FRANCE, BRAZIL] : [entry('KGM', 'kilogram', { list: 'units' })],
  }));
  const referenceEntry = vi.fn(async ({ code }: { code: string }) =>
    code === 'FR' ? FRANCE : BRAZIL,
  );
  return {
    referenceEntries,
    referenceEntry,
    api: fakeApi({ referenceEntries, referenceEntry, ...overrides }),
  };
}

const rowOf = (code: string) =>
  screen.getAllByRole('row').find((row) => row.getAttribute('data-code') === code)!;

describe('ReferenceAdminPage', () => {
  it("lists the chosen list's entries with their labels and state", async () => {
    const { api, referenceEntries } = adminApi();
    renderScreen(<ReferenceAdminPage />, { session: ADMIN, api });
    const table = await screen.findByRole('table', { name: 'Countries' });
    expect(await within(table).findByText('France')).toBeInTheDocument();
    expect(within(rowOf('BR')).getByText('Active')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Code list' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Units', hidden: true }));
    expect(await screen.findByText('kilogram')).toBeInTheDocument();
    expect(referenceEntries).toHaveBeenLastCalledWith('units', {
      text: undefined,
      includeDeprecated: false,
      limit: 50,
      cursor: undefined,
    });
  });

  it('creates an entry with its labels in several languages', async () => {
    const createReferenceEntry = vi.fn(async () => entry('PT', 'Portugal'));
    const { api } = adminApi({ createReferenceEntry });
    renderScreen(<ReferenceAdminPage />, { session: ADMIN, api });
    await userEvent.click(screen.getByRole('button', { name: 'New entry' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Code/), 'PT');
    await userEvent.type(within(dialog).getByLabelText(/Label \(English\)/), 'Portugal');
    await userEvent.type(within(dialog).getByLabelText('Label (Português)'), 'Portugal');
    await userEvent.clear(within(dialog).getByLabelText(/Attributes/));
    await userEvent.click(within(dialog).getByLabelText(/Attributes/));
    await userEvent.paste('{"alpha3": "PRT"}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create the entry' }));
    expect(createReferenceEntry).toHaveBeenCalledWith({
      list: 'countries',
      code: 'PT',
      labels: { en: 'Portugal', pt: 'Portugal' },
      attributes: { alpha3: 'PRT' },
      validFrom: undefined,
      validTo: undefined,
    });
  });

  it('refuses an empty English label at the field, as the contract does, and sends nothing', async () => {
    const createReferenceEntry = vi.fn();
    const { api } = adminApi({ createReferenceEntry });
    renderScreen(<ReferenceAdminPage />, { session: ADMIN, api });
    await userEvent.click(screen.getByRole('button', { name: 'New entry' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Code/), 'PT');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create the entry' }));
    expect(within(dialog).getByLabelText(/Label \(English\)/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(createReferenceEntry).not.toHaveBeenCalled();
  });

  it('shows a refused change at its field, and nothing else changes', async () => {
    const updateReferenceEntry = vi.fn(async () => {
      throw new ApiProblem(400, 'Bad request', 'The body is not valid', [
        { path: 'labels.fr', reason: 'Too big: expected string to have <=200 characters' },
      ]);
    });
    const { api, referenceEntries } = adminApi({ updateReferenceEntry });
    renderScreen(<ReferenceAdminPage />, { session: ADMIN, api });
    await screen.findByText('France');
    const listed = referenceEntries.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: 'Change FR' }));
    const dialog = await screen.findByRole('dialog');
    const french = await within(dialog).findByLabelText('Label (Français)');
    await userEvent.clear(french);
    await userEvent.type(french, 'République française');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save the changes' }));
    expect(await within(dialog).findByText(/Too big/)).toBeInTheDocument();
    expect(french).toHaveAccessibleDescription(/Too big/);
    expect(within(dialog).getByLabelText(/Label \(English\)/)).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(updateReferenceEntry).toHaveBeenCalledWith({
      list: 'countries',
      code: 'FR',
      version: 3,
      labels: { en: 'France', fr: 'République française' },
      attributes: { alpha3: 'FRX' },
      validFrom: '2000-01-01',
      validTo: undefined,
    });
    // The dialog stays open with what was typed; the list is neither changed nor read again.
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(within(rowOf('FR')).getByText('France')).toBeInTheDocument();
    expect(referenceEntries.mock.calls.length).toBe(listed);
  });

  it('deprecates an entry at its version, with its last day and replacement', async () => {
    const deprecateReferenceEntry = vi.fn(async () => ({ ...BRAZIL, deprecated: true }));
    const { api } = adminApi({ deprecateReferenceEntry });
    renderScreen(<ReferenceAdminPage />, { session: ADMIN, api });
    await screen.findByText('Brazil');
    await userEvent.click(screen.getByRole('button', { name: 'Deprecate BR' }));
    const dialog = await screen.findByRole('dialog');
    const lastDay = await within(dialog).findByLabelText('Last valid day');
    await userEvent.type(lastDay, '2026-12-31');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deprecate' }));
    expect(deprecateReferenceEntry).toHaveBeenCalledWith({
      list: 'countries',
      code: 'BR',
      version: 3,
      validTo: '2026-12-31',
      replacedBy: undefined,
    });
  });

  it('is not offered to an officer', () => {
    const { api, referenceEntries } = adminApi();
    renderScreen(<ReferenceAdminPage />, { api });
    expect(screen.queryByRole('button', { name: 'New entry' })).not.toBeInTheDocument();
    expect(referenceEntries).not.toHaveBeenCalled();
  });
});
