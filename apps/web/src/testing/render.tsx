import { type Language } from '@opencen/contracts';
import { render } from '@testing-library/react';
import { type ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { ApiProvider } from '../api/api-context';
import { type ApiClient } from '../api/client';
import { Providers, createQueryClient } from '../app/App';
import { AuthContextProvider } from '../auth/auth';
import { type Session } from '../auth/session';
import { createI18n } from '../i18n/i18n';

export const OFFICER: Session = {
  sub: 'sub-officer',
  username: 'officer',
  name: 'Olivia Officer',
  office: 'FRA-CDG',
  roles: ['officer'],
};
export const SUPERVISOR: Session = {
  sub: 'sub-supervisor',
  username: 'supervisor',
  name: 'Sam Supervisor',
  office: 'FRA-CDG',
  roles: ['supervisor'],
};

/** Code lists of a test: a few entries, labelled in English. */
const LISTS: Record<string, [string, string][]> = {
  'customs-offices': [['FRA-CDG', 'Paris-Charles de Gaulle airport']],
  'commodity-categories': [['DRUGS', 'Narcotic drugs']],
  units: [['KGM', 'kilogram']],
  countries: [
    ['FR', 'France'],
    ['BR', 'Brazil'],
  ],
  'detection-methods': [['XRAY', 'X-ray scanner']],
  'transport-modes': [['AIR', 'Air']],
};

/** An API client whose methods a test replaces; reference lists answer from {@link LISTS}. */
export function fakeApi(overrides: Partial<Record<keyof ApiClient, unknown>> = {}): ApiClient {
  const api = {
    referenceEntries: async (list: string) => ({
      items: (LISTS[list] ?? []).map(([code, label]) => ({ code, label })),
    }),
    ...overrides,
  };
  return api as unknown as ApiClient;
}

/** Renders a screen as the app does, signed in as `session`, in `language`, at `route`. */
export function renderScreen(
  ui: ReactElement,
  {
    session = OFFICER,
    api = fakeApi(),
    language = 'en',
    route = '/',
  }: { session?: Session; api?: ApiClient; language?: Language; route?: string } = {},
) {
  const i18n = createI18n(language);
  const auth = { session, accessToken: () => 'token', logout: async () => undefined };
  const result = render(
    <Providers i18n={i18n} queryClient={createQueryClient()}>
      <AuthContextProvider value={auth}>
        <ApiProvider value={api}>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </ApiProvider>
      </AuthContextProvider>
    </Providers>,
  );
  return { ...result, i18n };
}
