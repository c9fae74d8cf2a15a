import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { renderScreen } from '../testing/render';
import { CaseForm } from './CaseForm';

const openStep = (name: string) =>
  userEvent.click(screen.getByRole('button', { name: new RegExp(name) }));

describe('CaseForm', () => {
  it('refuses a value the contract refuses, at its field, and sends nothing', async () => {
    const onSave = vi.fn();
    renderScreen(<CaseForm heading="Record a case" onSave={onSave} />);
    await openStep('What was found');
    await userEvent.type(screen.getByLabelText('HS code'), '12');
    await openStep('When and where');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    // The form goes back to the step holding the error.
    const hsCode = await screen.findByLabelText('HS code');
    expect(hsCode).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('4, 6, 8 or 10 digits')).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('shows a missing field of the mandatory minimum at the field once saved', async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderScreen(<CaseForm heading="Record a case" onSave={onSave} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    // Empty parts are left out: a draft may be incomplete.
    expect(onSave).toHaveBeenCalledWith({ type: 'seizure', items: [{}], detectionMethods: [] });
    expect(screen.getByLabelText('Detected at')).toHaveAttribute('aria-invalid', 'true');
    await openStep('What was found');
    const quantity = screen.getByLabelText('Quantity');
    expect(quantity).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText('Required for submission').length).toBeGreaterThan(0);
  });

  it('ticks the mandatory minimum as the officer goes', async () => {
    renderScreen(<CaseForm heading="Record a case" onSave={vi.fn()} />);
    const minimum = within(screen.getByTestId('minimum'));
    expect(minimum.getByText('Quantity of each item').closest('li')).toHaveAttribute(
      'data-done',
      'false',
    );
    await openStep('What was found');
    await userEvent.type(screen.getByLabelText('Quantity'), '12.5');
    await waitFor(() =>
      expect(minimum.getByText('Quantity of each item').closest('li')).toHaveAttribute(
        'data-done',
        'true',
      ),
    );
  });

  it("puts an API problem's field path on its field (draft. taken off)", async () => {
    const onSave = vi
      .fn()
      .mockRejectedValue(
        new ApiProblem(400, 'The request is not valid', 'Unknown code', [
          { path: 'draft.items.0.unit', reason: 'KGX is not a code of the units list' },
        ]),
      );
    renderScreen(<CaseForm heading="Record a case" onSave={onSave} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    // The form opens the step of the field.
    // (The select's list is labelled by the field too: the input is the one to check.)
    const unit = (await screen.findAllByLabelText('Unit')).find((el) => el.tagName === 'INPUT');
    expect(unit).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('KGX is not a code of the units list')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Unknown code');
  });
});
