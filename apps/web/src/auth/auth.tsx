import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { type RuntimeConfig } from '../app/config';
import { type Session, sessionFromAccessToken } from './session';

/** Where Keycloak sends the browser back after login. */
export const CALLBACK_PATH = '/auth/callback';

/** The signed-in user, how to reach the token, and how to leave. */
export interface Auth {
  session: Session;
  accessToken: () => string | undefined;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/** The current auth; only inside {@link AuthProvider} (or a test's provider). */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export const AuthContextProvider = AuthContext.Provider;

/**
 * The OIDC client of the realm's public web client: authorization code with PKCE (S256), tokens
 * kept in the tab's session storage, renewed before they expire with the refresh token (no
 * iframe, so the CSP can forbid framing), and Keycloak's logout.
 */
export function createUserManager(config: RuntimeConfig): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: `${config.keycloakUrl}/realms/${config.realm}`,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid profile',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

// React runs effects twice in development; a login code can be redeemed only once.
const callbacks = new WeakMap<UserManager, Promise<User>>();
function finishLogin(userManager: UserManager): Promise<User> {
  let pending = callbacks.get(userManager);
  if (!pending) {
    pending = userManager.signinRedirectCallback();
    callbacks.set(userManager, pending);
  }
  return pending;
}

type State =
  { kind: 'loading' } | { kind: 'signed-in'; user: User } | { kind: 'failed'; error: string };

/**
 * Signs the user in before anything else renders: finishes a login that Keycloak sent back, or
 * resumes a stored session, or goes to Keycloak's login page.
 */
export function AuthProvider({
  userManager,
  children,
  fallback,
}: {
  userManager: UserManager;
  children: ReactNode;
  fallback: (state: { error?: string }) => ReactNode;
}) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let active = true;
    const signedIn = (user: User) => {
      if (active) setState({ kind: 'signed-in', user });
    };
    userManager.events.addUserLoaded(signedIn);
    // Offline, leaving for Keycloak would lose the page (and a case being entered): wait for the
    // network, and sign in again then.
    const expired = () => {
      if (navigator.onLine) void userManager.signinRedirect();
      else
        window.addEventListener('online', () => void userManager.signinRedirect(), { once: true });
    };
    userManager.events.addAccessTokenExpired(expired);
    (async () => {
      if (window.location.pathname === CALLBACK_PATH) {
        const user = await finishLogin(userManager);
        const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo ?? '/';
        window.history.replaceState(null, '', returnTo);
        signedIn(user);
        return;
      }
      const user = await userManager.getUser();
      // Offline, an expired session still opens the app (drafts are kept, sent once signed in).
      if (user && (!user.expired || !navigator.onLine)) {
        if (user.expired) expired();
        signedIn(user);
        return;
      }
      await userManager.signinRedirect({
        state: { returnTo: window.location.pathname + window.location.search },
      });
    })().catch((error: unknown) => {
      if (active) setState({ kind: 'failed', error: String(error) });
    });
    return () => {
      active = false;
      userManager.events.removeUserLoaded(signedIn);
      userManager.events.removeAccessTokenExpired(expired);
    };
  }, [userManager]);

  if (state.kind !== 'signed-in') {
    return <>{fallback(state.kind === 'failed' ? { error: state.error } : {})}</>;
  }
  const auth: Auth = {
    session: sessionFromAccessToken(state.user.access_token),
    accessToken: () => state.user.access_token,
    logout: () => userManager.signoutRedirect(),
  };
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
