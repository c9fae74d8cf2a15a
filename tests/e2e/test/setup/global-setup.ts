import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import infrastructureSetup from '@opencen/testing/global-setup';
import { startApps } from '../../support/stack';

declare global {
  // Read by global teardown, in the same process.
  var __opencenE2eApps: { stop: () => Promise<void> } | undefined;
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
  });
  globalThis.__opencenE2eApps = apps;
  // Workers are forked after global setup, so they inherit these. NATS_URL is now the apps'
  // private nats-server, where the JetStream subscriber of the tests must listen.
  process.env.E2E_GATEWAY_URL = apps.gatewayUrl;
  process.env.NATS_URL = apps.natsUrl;
  process.env.E2E_MONGO_DB = apps.database;
  process.env.E2E_KEY_ACCESS_LOG = keyAccessLog;
}
