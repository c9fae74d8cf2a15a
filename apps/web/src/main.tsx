import '@mantine/core/styles.css';
import { Center, Loader, Text } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes, Providers, SignedInApi, createQueryClient } from './app/App';
import { loadRuntimeConfig } from './app/config';
import { AuthProvider, createUserManager } from './auth/auth';
import { createI18n } from './i18n/i18n';
import { OfflineQueueProvider } from './offline/OfflineQueue';

const i18n = createI18n();
const queryClient = createQueryClient();
const root = createRoot(document.getElementById('root')!);

function Waiting({ error }: { error?: string }) {
  return (
    <Center h="100vh">
      {error ? (
        <Text c="red" role="alert">
          {i18n.t('app.signInFailed', { error })}
        </Text>
      ) : (
        <Loader aria-label={i18n.t('app.signingIn')} />
      )}
    </Center>
  );
}

loadRuntimeConfig().then(
  (config) => {
    const userManager = createUserManager(config);
    root.render(
      <StrictMode>
        <Providers i18n={i18n} queryClient={queryClient}>
          <AuthProvider userManager={userManager} fallback={Waiting}>
            <SignedInApi>
              <BrowserRouter>
                <OfflineQueueProvider>
                  <AppRoutes />
                </OfflineQueueProvider>
              </BrowserRouter>
            </SignedInApi>
          </AuthProvider>
        </Providers>
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(
      <Providers i18n={i18n} queryClient={queryClient}>
        <Waiting error={String(error)} />
      </Providers>,
    ),
);
