import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '..', '..', '..');
/** The port of the realm's redirect URIs for the web client (infra/keycloak/opencen-realm.json). */
const APP_PORT = 3000;

interface Apps {
  gatewayUrl: string;
  stop: () => Promise<void>;
}

/** Whether nothing listens on the port yet. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Finds the infrastructure like every test tier (@opencen/testing's global setup), then starts
 * the services and the gateway as processes (tests/e2e/support/stack.js), the gateway on port
 * 3000 serving the built app: Keycloak sends the browser back only to the redirect URIs of the
 * realm's `opencen-web` client, http://127.0.0.1:3000/*.
 */
export default async function setup(project: TestProject) {
  const dist = path.join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html');
  if (!existsSync(dist)) {
    throw new Error(
      `${dist} is missing: build first (npx turbo run build --filter=@opencen/web...)`,
    );
  }
  if (!(await portIsFree(APP_PORT))) {
    throw new Error(
      `Port ${APP_PORT} is taken (npm start?): the browser tests serve the app there, the port of the realm's redirect URIs. Stop what listens on it and run again.`,
    );
  }
  // The app needs no mail server: given these four, nothing else is looked for.
  const { NATS_URL, MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL } = process.env;
  const given = Boolean(NATS_URL && MONGO_URL && KEYCLOAK_URL && OPENSEARCH_URL);
  if (!given) {
    const infrastructure = require('@opencen/testing/global-setup') as {
      default: () => Promise<void>;
    };
    await infrastructure.default();
  }
  const { startApps } = require(path.join(REPO_ROOT, 'tests', 'e2e', 'support', 'stack.js')) as {
    startApps: (options: object) => Promise<Apps>;
  };
  const apps = await startApps({
    mongoUrl: process.env.MONGO_URL!,
    keycloakUrl: process.env.KEYCLOAK_URL!,
    gatewayPort: APP_PORT,
    gatewayEnv: {
      RATE_LIMIT_MAX: '10000',
      WEB_DIST_DIR: path.dirname(dist),
    },
    log: (line: string) => process.stderr.write(`[browser] ${line}\n`),
  });
  project.provide('appUrl', apps.gatewayUrl);
  return async () => {
    await apps.stop();
    if (given) return;
    const teardown = require('@opencen/testing/global-teardown') as {
      default: () => Promise<void>;
    };
    await teardown.default();
  };
}
