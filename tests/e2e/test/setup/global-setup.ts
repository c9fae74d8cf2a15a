import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import infrastructureSetup from '@opencen/testing/global-setup';
import { startApps } from '../../support/stack';

declare global {
  // Read by global teardown, in the same process.
  var __opencenE2eApps: { stop: () => Promise<void> } | undefined;
  var __opencenE2eControl: { close: () => void } | undefined;
}

/**
 * Finds (or starts) the infrastructure like every integration suite, then starts the apps as
 * processes with a database of their own (reference-data, persons, cases, then the gateway), and
 * tells the test workers where the gateway is.
 */
export default async function globalSetup(): Promise<void> {
  await infrastructureSetup();
  // The services' key-access guard writes here; every e2e test fails on a line added while it ran.
  const keyAccessDir = path.join(tmpdir(), 'opencen-key-access');
  mkdirSync(keyAccessDir, { recursive: true });
  const keyAccessLog = path.join(keyAccessDir, `e2e-${randomBytes(4).toString('hex')}.jsonl`);
  const apps = await startApps({
    keyAccessLog,
    mongoUrl: process.env.MONGO_URL!,
    keycloakUrl: process.env.KEYCLOAK_URL!,
    gatewayEnv: { RATE_LIMIT_MAX: '10000' },
    // The webhooks' receivers of the tests are plain http on loopback.
    notificationsEnv: { WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_RETRY_INITIAL_MS: '200' },
  });
  globalThis.__opencenE2eApps = apps;
  globalThis.__opencenE2eControl = await startControl(apps);
  // Workers are forked after global setup, so they inherit these. NATS_URL is now the apps'
  // private nats-server, where the JetStream subscriber of the tests must listen.
  process.env.E2E_GATEWAY_URL = apps.gatewayUrl;
  process.env.NATS_URL = apps.natsUrl;
  process.env.E2E_MONGO_DB = apps.database;
  process.env.E2E_KEY_ACCESS_LOG = keyAccessLog;
}

type BackendControl = Record<'stopBackend' | 'restartBackend', (app: string) => Promise<void>>;

/**
 * The apps run in this process's children, the tests in workers: a test stops a backend or starts
 * it again with `POST <E2E_CONTROL_URL>/<stop|restart>/<app>` (test/support/control.ts), on loopback for
 * the run's duration.
 */
async function startControl(apps: BackendControl): Promise<{ close: () => void }> {
  const server = createServer((request, response) => {
    const [, action, app] = /^\/(stop|restart)\/([a-z-]+)$/.exec(request.url ?? '') ?? [];
    if (request.method !== 'POST' || !action || !app) {
      response.writeHead(404).end();
      return;
    }
    const act = action === 'stop' ? apps.stopBackend : apps.restartBackend;
    act(app).then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  process.env.E2E_CONTROL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { close: () => server.close() };
}
