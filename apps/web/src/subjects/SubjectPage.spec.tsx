import { type SubjectType } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { type ApiClient } from '../api/client';
import { ApiProblem } from '../api/problem';
import { type Session } from '../auth/session';
import { OFFICER, SUPERVISOR, fakeApi, renderScreen } from '../testing/render';
import { SubjectPage } from './SubjectPage';
import { aConveyance, aPerson } from './subject-fixtures';

const history = {
  changes: [
    { version: 1, at: '2026-11-02T09:00:00.000Z', by: 'officer', change: 'created', fields: [] },
    {
      version: 2,
      at: '2026-11-03T09:00:00.000Z',
      by: 'supervisor',
      change: 'updated',
      fields: ['documents', 'addresses'],
    },
  ],
};
const cases = {
  total: 1,
  items: [
    {
      id: 'case-7',
      number: 'FRACDG-2026-000007',
      type: 'seizure',
      status: 'validated',
      office: 'FRA-CDG',
      detectedAt: '2026-10-01T10:00:00.000Z',
      updatedAt: '2026-10-01T10:00:00.000Z',
      commodityCategories: [],
      routeCountries: [],
      itemCount: 1,
      partyCount: 2,
    },
  ],
};

function subjectApi(overrides: Partial<Record<keyof ApiClient, ReturnType<typeof vi.fn>>> = {}) {
  const calls = {
    getSubject: vi.fn(async (kind: SubjectType, { id }: { id: string }) =>
      kind === 'conveyance'
        ? aConveyance({ id })
        : id === 'p-2'
          ? aPerson({ id, givenNames: 'P.', version: 7 })
          : aPerson({ id }),
    ),
    subjectHistory: vi.fn(async () => history),
    searchCases: vi.fn(async () => cases),
    listAlerts: vi.fn(async () => ({ items: [] })),
    mergeSubjects: vi.fn(async () => aPerson({ version: 4 })),
    unmergeSubjects: vi.fn(async () => ({ survivor: aPerson(), restored: aPerson({ id: 'p-2' }) })),
    updateSubject: vi.fn(async () => aPerson({ version: 4 })),
    ...overrides,
  };
  return { api: fakeApi(calls), calls };
}

function renderSubject(path: string, api: ApiClient, session: Session = OFFICER) {
  return renderScreen(
    <Routes>
      <Route path="/persons/:id" element={<SubjectPage type="person" />} />
      <Route path="/conveyances/:id" element={<SubjectPage type="conveyance" />} />
    </Routes>,
    { api, session, route: path },
  );
}

describe('SubjectPage', () => {
  it('shows what was recorded, who changed what, and the cases the person appears in', async () => {
    const { api, calls } = subjectApi();
    renderSubject('/persons/p-1', api);
    expect(
      await screen.findByRole('heading', { name: 'Person: IVANOV, Pavel' }),
    ).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(
      within(details).getByRole('rowheader', { name: 'Identity documents' }).nextSibling,
    ).toHaveTextContent('Passport 7201234');
    const changes = within(await screen.findByRole('region', { name: 'History' })).getAllByRole(
      'row',
    );
    expect(changes.at(-1)).toHaveTextContent(/supervisor.*Changed.*documents, addresses/);
    const found = screen.getByRole('region', { name: 'Cases it appears in' });
    expect(await within(found).findByRole('link', { name: 'FRACDG-2026-000007' })).toHaveAttribute(
      'href',
      '/cases/case-7',
    );
    expect(calls.searchCases).toHaveBeenCalledWith({ partyId: 'p-1', limit: 50 });
    expect(screen.getByRole('link', { name: 'Links view' })).toHaveAttribute(
      'href',
      '/links/person/p-1',
    );
  }, 20_000);

  it("finds a conveyance's cases by the conveyance filter", async () => {
    const { api, calls } = subjectApi();
    renderSubject('/conveyances/v-9', api);
    expect(
      await screen.findByRole('heading', { name: 'Conveyance: AB-123-CD' }),
    ).toBeInTheDocument();
    expect(calls.searchCases).toHaveBeenCalledWith({ conveyanceId: 'v-9', limit: 50 });
  });

  it('offers merging to supervisors only, and sends both records at the versions seen', async () => {
    const officer = subjectApi();
    const { unmount } = renderSubject('/persons/p-1', officer.api, OFFICER);
    await screen.findByRole('heading', { name: 'Person: IVANOV, Pavel' });
    expect(screen.queryByRole('button', { name: 'Find it' })).not.toBeInTheDocument();
    unmount();

    const { api, calls } = subjectApi();
    renderSubject('/persons/p-1', api, SUPERVISOR);
    await userEvent.type(
      await screen.findByLabelText('Id of the duplicate to merge into this one'),
      'p-2',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Find it' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Merge IVANOV, P. into IVANOV, Pavel?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));
    expect(calls.mergeSubjects).toHaveBeenCalledWith('person', {
      survivorId: 'p-1',
      survivorVersion: 3,
      mergedId: 'p-2',
      mergedVersion: 7,
    });
  }, 20_000);

  it('undoes a merge for a supervisor, at the survivor version', async () => {
    const merged = aPerson({
      merges: [
        {
          mergeId: 'm-1',
          mergedId: 'p-2',
          at: '2026-11-04T09:00:00.000Z',
          by: 'supervisor',
          state: 'done',
          survivorVersion: 2,
          mergedVersion: 7,
          added: {
            aliases: [],
            nationalities: [],
            documents: [],
            addresses: [],
            phones: [],
            emails: [],
            filled: {},
          },
        },
      ],
    });
    const { api, calls } = subjectApi({ getSubject: vi.fn(async () => merged) });
    renderSubject('/persons/p-1', api, SUPERVISOR);
    await userEvent.click(await screen.findByRole('button', { name: 'Undo the merge of p-2' }));
    expect(calls.unmergeSubjects).toHaveBeenCalledWith('person', {
      survivorId: 'p-1',
      survivorVersion: 3,
      mergeId: 'm-1',
    });
  });

  it('edits at the version read; a bad date of birth is refused at its field, an API problem too', async () => {
    const { api, calls } = subjectApi();
    renderSubject('/persons/p-1', api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    const born = within(dialog).getByLabelText('Date of birth');
    await userEvent.clear(born);
    await userEvent.type(born, '1980-13');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(born).toHaveAccessibleDescription('YYYY, YYYY-MM or YYYY-MM-DD');
    expect(calls.updateSubject).not.toHaveBeenCalled();

    calls.updateSubject.mockRejectedValueOnce(
      new ApiProblem(400, 'Bad', 'Bad', [{ path: 'draft.occupation', reason: 'too long' }]),
    );
    await userEvent.clear(born);
    await userEvent.type(born, '1980-12');
    await userEvent.type(within(dialog).getByLabelText('Occupation'), 'Driver');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(calls.updateSubject).toHaveBeenCalledWith(
      'person',
      expect.objectContaining({
        id: 'p-1',
        version: 3,
        draft: expect.objectContaining({
          familyName: 'Ivanov',
          dateOfBirth: '1980-12',
          occupation: 'Driver',
          documents: [{ type: 'passport', number: '7201234' }],
        }),
      }),
    );
    expect(await within(dialog).findByText('too long')).toBeInTheDocument();
  }, 20_000);

  it('offers no edit to an analyst', async () => {
    const { api } = subjectApi();
    renderSubject('/persons/p-1', api, { ...OFFICER, roles: ['analyst'] });
    await screen.findByRole('heading', { name: 'Person: IVANOV, Pavel' });
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Raise an alert' })).not.toBeInTheDocument();
  });
});
