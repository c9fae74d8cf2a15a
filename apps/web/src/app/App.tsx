import {
  type CSSVariablesResolver,
  DirectionProvider,
  MantineProvider,
  createTheme,
  useDirection,
} from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type i18n } from 'i18next';
import { type ReactNode, lazy, useEffect, useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { ApiProvider } from '../api/api-context';
import { ApiClient } from '../api/client';
import { useAuth } from '../auth/auth';
import { directionOf } from '../i18n/i18n';
import { WorkQueue } from '../queue/WorkQueue';
import { Shell } from '../shell/Shell';

// Every screen but the first is loaded when it is opened (the shell waits for it in Suspense), so
// the first screen downloads neither the case form, nor ECharts, nor the world atlas.
const NewCase = lazy(() => import('../cases/CaseEditor').then((m) => ({ default: m.NewCase })));
const EditCase = lazy(() => import('../cases/CaseEditor').then((m) => ({ default: m.EditCase })));
const CasePage = lazy(() => import('../cases/CasePage').then((m) => ({ default: m.CasePage })));
const CaseSearch = lazy(() =>
  import('../cases/CaseSearch').then((m) => ({ default: m.CaseSearch })),
);
const StatisticsPage = lazy(() => import('../statistics/StatisticsPage'));
const InboxPage = lazy(() => import('../inbox/InboxPage').then((m) => ({ default: m.InboxPage })));
const ConversationsPage = lazy(() =>
  import('../conversations/ConversationsPage').then((m) => ({ default: m.ConversationsPage })),
);
const NewConversationPage = lazy(() =>
  import('../conversations/NewConversationPage').then((m) => ({ default: m.NewConversationPage })),
);
const ConversationPage = lazy(() =>
  import('../conversations/ConversationPage').then((m) => ({ default: m.ConversationPage })),
);
const OfflineDraftsPage = lazy(() =>
  import('../offline/OfflineDraftsPage').then((m) => ({ default: m.OfflineDraftsPage })),
);
const OfflineDraftEditor = lazy(() =>
  import('../offline/OfflineDraftsPage').then((m) => ({ default: m.OfflineDraftEditor })),
);
const RulesPage = lazy(() => import('../rules/RulesPage').then((m) => ({ default: m.RulesPage })));
const PreferencesPage = lazy(() =>
  import('../inbox/PreferencesPage').then((m) => ({ default: m.PreferencesPage })),
);

// Exchange, administration and audit.
const ExchangePage = lazy(() =>
  import('../exchange/ExchangePage').then((m) => ({ default: m.ExchangePage })),
);
const ReferenceAdminPage = lazy(() =>
  import('../admin/ReferenceAdminPage').then((m) => ({ default: m.ReferenceAdminPage })),
);
const UsersPage = lazy(() => import('../admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const SubjectSearchPage = lazy(() =>
  import('../subjects/SubjectSearchPage').then((m) => ({ default: m.SubjectSearchPage })),
);
const SubjectPage = lazy(() =>
  import('../subjects/SubjectPage').then((m) => ({ default: m.SubjectPage })),
);
const AlertPage = lazy(() => import('../subjects/alerts').then((m) => ({ default: m.AlertPage })));
const LinksPage = lazy(() => import('../links/LinksPage').then((m) => ({ default: m.LinksPage })));

// Shade 8 for filled controls, links and outlines, and gray-7 for dimmed text: Mantine's defaults
// (white on indigo-6, gray-6 on white) are below WCAG AA's 4.5:1 (axe-core, browser test).
export const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'sm' });
const contrastVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

/** Keeps Mantine's direction (and so its layout) on the language's. */
function DirectionFollowsLanguage() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  useEffect(() => setDirection(directionOf(i18n.language)), [i18n.language, setDirection]);
  return null;
}

/** Translations, direction, theme and server state: what every screen (and test) runs inside. */
export function Providers({
  i18n,
  queryClient,
  children,
}: {
  i18n: i18n;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <DirectionProvider initialDirection={directionOf(i18n.language)} detectDirection={false}>
        <DirectionFollowsLanguage />
        <MantineProvider theme={theme} cssVariablesResolver={contrastVariables}>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </MantineProvider>
      </DirectionProvider>
    </I18nextProvider>
  );
}

/** Makes the API client of the signed-in user, in the current language. */
export function SignedInApi({ children }: { children: ReactNode }) {
  const { accessToken } = useAuth();
  const { i18n } = useTranslation();
  const api = useMemo(() => new ApiClient(accessToken, () => i18n.language), [accessToken, i18n]);
  return <ApiProvider value={api}>{children}</ApiProvider>;
}

/** The screens. */
export function AppRoutes() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<WorkQueue />} />
        <Route path="cases" element={<CaseSearch />} />
        <Route path="cases/new" element={<NewCase />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="cases/:id/edit" element={<EditCase />} />
        <Route path="statistics" element={<StatisticsPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="inbox/preferences" element={<PreferencesPage />} />
        <Route path="conversations" element={<ConversationsPage />} />
        <Route path="conversations/new" element={<NewConversationPage />} />
        <Route path="conversations/:id" element={<ConversationPage />} />
        <Route path="rules" element={<RulesPage />} />
        <Route path="exchange" element={<ExchangePage />} />
        <Route path="admin/reference" element={<ReferenceAdminPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="persons" element={<SubjectSearchPage type="person" />} />
        <Route path="persons/:id" element={<SubjectPage type="person" />} />
        <Route path="companies" element={<SubjectSearchPage type="company" />} />
        <Route path="companies/:id" element={<SubjectPage type="company" />} />
        <Route path="conveyances" element={<SubjectSearchPage type="conveyance" />} />
        <Route path="conveyances/:id" element={<SubjectPage type="conveyance" />} />
        <Route path="alerts/:id" element={<AlertPage />} />
        <Route path="links/:kind/:id" element={<LinksPage />} />
        <Route path="drafts" element={<OfflineDraftsPage />} />
        <Route path="drafts/:key" element={<OfflineDraftEditor />} />
        <Route path="*" element={<p>{t('app.notFound')}</p>} />
      </Route>
    </Routes>
  );
}

/** A query client that does not retry a refusal (4xx): only what may pass on a second try. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) =>
          count < 2 && !((error as { status?: number }).status ?? 0).toString().startsWith('4'),
        refetchOnWindowFocus: false,
      },
    },
  });
}
