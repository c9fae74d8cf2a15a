import { type Person, type PersonCandidate } from '@opencen/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderScreen } from '../testing/render';
import { PartyPicker } from './PartyPicker';

const person = (id: string, familyName: string, givenNames: string) =>
  ({
    id,
    familyName,
    givenNames,
    dateOfBirth: '1980-04-02',
    nationalities: ['BR'],
    documents: [{ type: 'passport', number: 'BR123456' }],
  }) as unknown as Person;

const ivanov: PersonCandidate = {
  person: person('person-1', 'Ivanov', 'Pavel'),
  score: 0.92,
  strength: 'strong',
  reasons: ['family name, transliterated: Иванов ≈ IVANOV', 'birth year equal'],
};

describe('PartyPicker', () => {
  it('shows the known persons matching what is typed, with why, and picks one in its role', async () => {
    const matchPersons = vi.fn(async () => ({ candidates: [ivanov] }));
    const onPick = vi.fn();
    renderScreen(<PartyPicker onPick={onPick} />, { api: fakeApi({ matchPersons }) });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Family name'), 'Иванов');
    const list = await screen.findByRole('list', { name: 'Known persons who may be this one' });
    const candidate = list.querySelector<HTMLElement>('[data-candidate="person-1"]')!;
    expect(candidate).toHaveTextContent('IVANOV, Pavel');
    expect(candidate).toHaveTextContent('Strong match');
    expect(candidate).toHaveTextContent('score 92%');
    expect(
      within(candidate).getByText('family name, transliterated: Иванов ≈ IVANOV'),
    ).toBeInTheDocument();
    expect(within(candidate).getByText('birth year equal')).toBeInTheDocument();
    // The match is asked with the purpose the audit trail keeps.
    expect(matchPersons).toHaveBeenLastCalledWith(
      expect.objectContaining({ draft: expect.objectContaining({ familyName: 'Иванов' }) }),
      'Recording a case: finding its party among known persons',
    );
    await user.click(screen.getByRole('button', { name: 'Pick IVANOV, Pavel as Suspect' }));
    expect(onPick).toHaveBeenCalledWith({
      subjectType: 'person',
      subjectId: 'person-1',
      role: 'suspect',
      name: 'IVANOV, Pavel',
    });
  });

  it('records a new person, and when strong candidates turn up, only once the officer confirms', async () => {
    const created = person('person-2', 'Silva', 'Ana');
    const createPerson = vi
      .fn()
      .mockResolvedValueOnce({ outcome: 'candidates', candidates: [ivanov] })
      .mockResolvedValueOnce({ outcome: 'created', person: created, candidates: [] });
    const onPick = vi.fn();
    renderScreen(<PartyPicker onPick={onPick} />, {
      api: fakeApi({ matchPersons: async () => ({ candidates: [] }), createPerson }),
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Family name'), 'Silva');
    await user.type(screen.getByLabelText('Given names'), 'Ana');
    await screen.findByText('No known person matches: record a new one.');
    await user.click(screen.getByRole('button', { name: 'Record as a new person' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Known persons match strongly');
    expect(createPerson).toHaveBeenLastCalledWith({
      draft: expect.objectContaining({ familyName: 'Silva', givenNames: 'Ana' }),
      confirmedNew: false,
    });
    expect(
      screen.getByRole('list', { name: 'Known persons who may be this one' }),
    ).toHaveTextContent('IVANOV, Pavel');
    expect(onPick).not.toHaveBeenCalled();
    await user.click(
      screen.getByRole('button', { name: 'It is someone else: record a new person' }),
    );
    await waitFor(() => expect(onPick).toHaveBeenCalled());
    expect(createPerson).toHaveBeenLastCalledWith(expect.objectContaining({ confirmedNew: true }));
    expect(onPick).toHaveBeenCalledWith(
      expect.objectContaining({ subjectId: 'person-2', name: 'SILVA, Ana' }),
    );
  });

  it('refuses a date of birth the contract refuses, at its field, and sends nothing', async () => {
    const createPerson = vi.fn();
    renderScreen(<PartyPicker onPick={vi.fn()} />, {
      api: fakeApi({ matchPersons: async () => ({ candidates: [] }), createPerson }),
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Family name'), 'Silva');
    await user.type(screen.getByLabelText(/^Date of birth/), '1980-13');
    await user.click(screen.getByRole('button', { name: 'Record as a new person' }));
    expect(await screen.findByLabelText(/^Date of birth/)).toHaveAttribute('aria-invalid', 'true');
    expect(createPerson).not.toHaveBeenCalled();
  });

  it('asks again when the same name is typed again (a person recorded since is suggested)', async () => {
    const matchPersons = vi.fn(async () => ({ candidates: [] }));
    renderScreen(<PartyPicker onPick={vi.fn()} />, { api: fakeApi({ matchPersons }) });
    const user = userEvent.setup();
    const family = screen.getByLabelText('Family name');
    await user.type(family, 'Silva');
    await waitFor(() => expect(matchPersons).toHaveBeenCalledTimes(1));
    await user.clear(family);
    // Past the debounce, so the emptied field is seen before the name comes back.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await user.type(family, 'Silva');
    await waitFor(() => expect(matchPersons).toHaveBeenCalledTimes(2));
  });
});
