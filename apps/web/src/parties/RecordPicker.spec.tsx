import { type Company } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { aConveyance } from '../subjects/subject-fixtures';
import { fakeApi, renderScreen } from '../testing/render';
import { CompanyPicker, ConveyancePicker } from './RecordPicker';

const acme = (patch: Partial<Company> = {}): Company => ({
  id: 'c-1',
  names: [{ name: 'Acme Trading' }],
  country: 'FR',
  registrationNumber: '123 456 789',
  addresses: [],
  linkedPersons: [],
  classification: 'restricted',
  office: 'FRA-CDG',
  createdAt: '2026-11-02T09:00:00.000Z',
  createdBy: 'officer',
  updatedAt: '2026-11-02T09:00:00.000Z',
  updatedBy: 'officer',
  version: 1,
  caseCount: 0,
  ...patch,
});

describe('CompanyPicker', () => {
  it('finds known companies by name as the officer types, and picks one in its role', async () => {
    const searchSubjects = vi.fn(async () => ({ items: [acme()] }));
    const onPick = vi.fn();
    renderScreen(<CompanyPicker onPick={onPick} />, { api: fakeApi({ searchSubjects }) });
    await userEvent.type(screen.getByLabelText('Company name'), 'acme');
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Pick Acme Trading as Consignee' },
        { timeout: 3000 },
      ),
    );
    expect(searchSubjects).toHaveBeenCalledWith(
      'company',
      { name: 'acme', limit: 10 },
      'Recording a case: finding its party among known persons',
    );
    expect(onPick).toHaveBeenCalledWith({
      subjectType: 'company',
      subjectId: 'c-1',
      role: 'consignee',
      name: 'Acme Trading',
    });
  }, 20_000);

  it('records a new company only once it is valid, and shows candidates with their reasons first', async () => {
    const createCompany = vi
      .fn()
      .mockResolvedValueOnce({
        outcome: 'candidates',
        candidates: [
          { company: acme(), strength: 'strong', reasons: ['name equal: ACME TRADING'] },
        ],
      })
      .mockResolvedValueOnce({ outcome: 'created', company: acme({ id: 'c-2' }), candidates: [] });
    const onPick = vi.fn();
    renderScreen(<CompanyPicker onPick={onPick} />, {
      api: fakeApi({ createCompany, searchSubjects: vi.fn(async () => ({ items: [] })) }),
    });
    await userEvent.type(screen.getByLabelText('Company name'), 'Acme Trading');
    await userEvent.click(screen.getByRole('button', { name: 'Record as a new one' }));
    // No country: the contract refuses it at the field, nothing is sent.
    expect(
      await screen.findByText('Invalid input: expected string, received undefined'),
    ).toBeInTheDocument();
    expect(createCompany).not.toHaveBeenCalled();

    // The country list is searchable: typed, then chosen with the keyboard.
    const country = screen.getByLabelText('Country of registration', { selector: 'input' });
    await userEvent.type(country, 'France');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await vi.waitFor(() => expect(country).toHaveValue('France (FR)'));
    await userEvent.click(screen.getByRole('button', { name: 'Record as a new one' }));
    const known = await screen.findByRole('list', { name: 'Add a company: known records' });
    expect(within(known).getByText('name equal: ACME TRADING')).toBeInTheDocument();
    expect(createCompany).toHaveBeenLastCalledWith({
      draft: expect.objectContaining({ names: [{ name: 'Acme Trading' }], country: 'FR' }),
      confirmedNew: false,
    });
    await userEvent.click(screen.getByRole('button', { name: 'It is another one: record it' }));
    expect(createCompany).toHaveBeenLastCalledWith(expect.objectContaining({ confirmedNew: true }));
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ subjectId: 'c-2' }));
  }, 20_000);
});

describe('ConveyancePicker', () => {
  it('finds a vehicle by its plate and picks it as the conveyance of the case', async () => {
    const searchSubjects = vi.fn(async () => ({ items: [aConveyance()] }));
    const onChange = vi.fn();
    renderScreen(<ConveyancePicker value={undefined} onChange={onChange} />, {
      api: fakeApi({ searchSubjects }),
    });
    await userEvent.type(screen.getByLabelText('Plate'), 'AB-123');
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Pick AB-123-CD as the conveyance' },
        { timeout: 3000 },
      ),
    );
    expect(searchSubjects).toHaveBeenCalledWith(
      'conveyance',
      { plate: 'AB-123', limit: 10 },
      expect.any(String),
    );
    expect(onChange).toHaveBeenCalledWith({ id: 'v-1', name: 'AB-123-CD' });
  });

  it('shows the picked conveyance by its identifier, and takes it off', async () => {
    const onChange = vi.fn();
    renderScreen(<ConveyancePicker value="v-1" onChange={onChange} />, {
      api: fakeApi({ getSubject: vi.fn(async () => aConveyance()) }),
    });
    expect(await screen.findByText('Conveyance: AB-123-CD')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove AB-123-CD' }));
    expect(onChange).toHaveBeenCalledWith(undefined);
  });
});
