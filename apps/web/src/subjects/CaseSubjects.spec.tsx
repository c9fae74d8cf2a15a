import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { CaseSubjects } from './CaseSubjects';
import { aConveyance, aPerson } from './subject-fixtures';

const kase = {
  parties: [
    {
      subjectType: 'person' as const,
      subjectId: 'p-1',
      role: 'offender' as const,
      arrested: false,
    },
  ],
  conveyance: { conveyanceId: 'v-1' },
};
const api = () =>
  fakeApi({
    getSubject: vi.fn(async (kind: string) => (kind === 'person' ? aPerson() : aConveyance())),
  });

describe('CaseSubjects', () => {
  it("links a case's parties and conveyance to their pages, by name", async () => {
    renderScreen(<CaseSubjects kase={kase} />, { api: api() });
    const list = screen.getByTestId('case-subjects');
    expect(await within(list).findByRole('link', { name: 'IVANOV, Pavel' })).toHaveAttribute(
      'href',
      '/persons/p-1',
    );
    expect(within(list).getByText(/Offender/)).toBeInTheDocument();
    expect(await within(list).findByRole('link', { name: 'AB-123-CD' })).toHaveAttribute(
      'href',
      '/conveyances/v-1',
    );
  });

  it('shows nothing to a liaison officer, who may not read records', () => {
    renderScreen(<CaseSubjects kase={kase} />, {
      api: api(),
      session: { ...OFFICER, roles: ['liaison'] },
    });
    expect(screen.queryByTestId('case-subjects')).not.toBeInTheDocument();
  });
});
