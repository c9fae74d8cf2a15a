/**
 * The officers' web application (apps/web), served on the API's own origin: its built files,
 * index.html for every other path that is not the API's (the app routes in the browser), the
 * runtime configuration at /config.json (so one build runs against any Keycloak), and the
 * security headers of a page that holds tokens.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type NextFunction, type Request, type Response } from 'express';

/** The web app's build, and where its users reach Keycloak. */
export interface WebAppOptions {
  distDir: string;
  keycloakPublicUrl: string;
  realm: string;
  clientId: string;
}

/** Paths that belong to the API and the operations endpoints, never to the app. */
const NOT_THE_APP = /^\/(api|health|metrics)(\/|$)/;
/** Vite names the files of `assets/` by their content's hash: they never change. */
const HASHED_ASSETS = /^\/assets\//;

/**
 * The Content-Security-Policy of the app: its own scripts only; Keycloak reached by fetch (the
 * discovery document, the token and its refresh) and by top-level navigation for login and
 * logout, never framed (tokens are renewed with the refresh token, not in an iframe). Styles
 * allow inline: Mantine sets its CSS variables in a style element.
 */
export function contentSecurityPolicy(keycloakPublicUrl: string): string {
  const keycloak = new URL(keycloakPublicUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${keycloak}`,
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${keycloak}`,
    "manifest-src 'self'",
    "worker-src 'self'",
  ].join('; ');
}

/** The headers every response of the app carries. */
export function securityHeaders(keycloakPublicUrl: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(keycloakPublicUrl),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(self)',
  };
}

/**
 * Express middleware serving the app, or `undefined` when `distDir` holds no build (a gateway
 * deployed without the app, or before `npm run build`): the API is served either way.
 */
export function webAppMiddleware(
  options: WebAppOptions,
): ((req: Request, res: Response, next: NextFunction) => void) | undefined {
  const root = path.resolve(options.distDir);
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const headers = securityHeaders(options.keycloakPublicUrl);
  const config = JSON.stringify({
    keycloakUrl: options.keycloakPublicUrl,
    realm: options.realm,
    clientId: options.clientId,
  });
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path)) {
      next();
      return;
    }
    res.set(headers);
    if (req.path === '/config.json') {
      res.set('Cache-Control', 'no-cache').type('application/json').send(config);
      return;
    }
    const file = path.join(root, safeDecode(req.path));
    if (file.startsWith(root + path.sep) && isFile(file)) {
      res.set(
        'Cache-Control',
        HASHED_ASSETS.test(req.path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.sendFile(file);
      return;
    }
    if (path.extname(req.path) !== '') {
      // A missing file (an old hashed asset, a typo) is a 404, not the app's page.
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    // A path of the app (/cases/42): the browser routes it.
    res.set('Cache-Control', 'no-cache').type('text/html').send(readFileSync(indexFile));
  };
}

function safeDecode(urlPath: string): string {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return urlPath;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
