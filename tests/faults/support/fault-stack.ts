import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * The stack a fault suite breaks: a nats-server (JetStream on file storage), a FerretDB and an
 * OpenSearch of its own, started by infra/local and restartable one at a time, and every service
 * and the gateway as processes (tests/e2e/support/stack.js). Keycloak is the shared one (never
 * restarted here). Only this suite's load runs on it, so whatever the stores hold is its writes.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
// By path, like the web app's browser tests: plain JS of other workspaces.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appsStack = require(path.join(REPO_ROOT, 'tests', 'e2e', 'support', 'stack.js')) as {
  startApps: (options: object) => Promise<Apps>;
  freePort: () => Promise<number>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infraLocal = require(path.join(REPO_ROOT, 'infra', 'local', 'stack.js')) as {
  startStack: (options: object) => Promise<Infrastructure>;
};

export type ServerPart = 'nats' | 'mongo' | 'search';
export const SERVICES = [
  'cases',
  'persons',
  'reference-data',
  'auth',
  'notifications',
  'gateway',
] as const;
export type App = (typeof SERVICES)[number];

interface Infrastructure {
  natsUrl: string;
  mongoUrl: string;
  opensearchUrl: string;
  stop: () => Promise<void>;
  restart: (part: ServerPart, how?: { kill?: boolean }) => Promise<void>;
}

interface Apps {
  gatewayUrl: string;
  casesDatabase: string;
  killBackend: (app: string) => Promise<void>;
  restartBackend: (app: string) => Promise<void>;
  replicaNames: () => string[];
  stop: () => Promise<void>;
}

export interface FaultStack {
  gatewayUrl: string;
  natsUrl: string;
  opensearchUrl: string;
  /** The alias the cases service searches (its index prefix and `cases`). */
  casesIndex: string;
  /**
   * SIGKILL of an app, started again at once on the same database, as an orchestrator would; with
   * replicas, one of them by name (`cases#2`).
   */
  kill: (app: App | string) => Promise<void>;
  /** SIGTERM of one replica (it drains), started again once it has stopped: a rolling restart's step. */
  restart: (replica: string) => Promise<void>;
  /** The running apps, one name per replica: `cases`, `cases#2`, ... */
  replicaNames: () => string[];
  /** SIGKILL of a server, started again on the same data. */
  crash: (part: ServerPart) => Promise<void>;
  stop: () => Promise<void>;
}

export async function startFaultStack(
  keycloakUrl: string,
  log: (line: string) => void,
  { replicas = 1 }: { replicas?: number } = {},
): Promise<FaultStack> {
  const logDir = path.join(REPO_ROOT, '.opencen', 'logs', replicas > 1 ? 'replicas' : 'faults');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENCEN_NATS_PORT: String(await appsStack.freePort()),
    OPENCEN_NATS_MONITOR_PORT: String(await appsStack.freePort()),
    OPENCEN_MONGO_PORT: String(await appsStack.freePort()),
    OPENCEN_OPENSEARCH_PORT: String(await appsStack.freePort()),
    OPENCEN_OPENSEARCH_TRANSPORT_PORT: String(await appsStack.freePort()),
    OPENCEN_LOG_DIR: logDir,
  };
  // Servers of its own, whatever the environment points at: these are the ones it restarts.
  for (const name of ['NATS_URL', 'MONGO_URL', 'OPENSEARCH_URL']) delete env[name];
  const infrastructure = await infraLocal.startStack({
    parts: ['nats', 'mongo', 'search'],
    fresh: true,
    env,
    log,
  });
  const database = `test_faults_${randomBytes(4).toString('hex')}`;
  let apps: Apps;
  try {
    apps = await appsStack.startApps({
      mongoUrl: infrastructure.mongoUrl,
      keycloakUrl,
      natsUrl: infrastructure.natsUrl,
      opensearchUrl: infrastructure.opensearchUrl,
      database,
      logDir,
      replicas,
      log,
      // One load of a few users: the per-user limit is not what is tested.
      gatewayEnv: { RATE_LIMIT_MAX: '1000000' },
    });
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  return {
    gatewayUrl: apps.gatewayUrl,
    natsUrl: infrastructure.natsUrl,
    opensearchUrl: infrastructure.opensearchUrl,
    casesIndex: `${apps.casesDatabase.toLowerCase()}-cases`,
    kill: (app) => apps.killBackend(app),
    restart: (replica) => apps.restartBackend(replica),
    replicaNames: () => apps.replicaNames(),
    crash: (part) => infrastructure.restart(part, { kill: true }),
    async stop() {
      await apps.stop();
      await infrastructure.stop();
    },
  };
}
