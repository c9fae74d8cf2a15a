'use strict';
// The OpenCEN apps as separate processes, for the end-to-end tests and the benchmark: the
// reference-data service, the persons, cases and auth services (once they are built) and the gateway,
// built by turbo (`dist/main.js`), started with the infrastructure's URLs, a test database of their
// own and free ports, and stopped at the end.
//
// The apps get a nats-server of their own: the reference service answers `reference.*` in the
// queue group `reference`, so any other reference-data instance on the same NATS (another test run,
// a developer's `npm start`) would take part of the requests and answer from another database.

const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { dropTestSearchIndexes } = require('@opencen/testing');
const { startRoundRobinProxy } = require('./round-robin-proxy');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const EXIT_WITH_PARENT = path.join(__dirname, 'exit-with-parent.js');
// The repository's own infrastructure runner (infra/local), by path like the apps; through a
// variable, so that type checking does not descend into its plain JS.
const INFRA_LOCAL = path.join(REPO_ROOT, 'infra', 'local');

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private nats-server (JetStream on, temporary data) with infra/local.
 * @param {(line: string) => void} log
 * @param {string} logDir
 * @returns {Promise<{ natsUrl: string, stop: () => Promise<void> }>}
 */
async function startPrivateNats(log, logDir) {
  /** @type {{ startStack: (options: object) => Promise<{ natsUrl: string, stop: () => Promise<void> }> }} */
  const { startStack } = require(INFRA_LOCAL);
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    OPENCEN_NATS_PORT: String(await freePort()),
    OPENCEN_NATS_MONITOR_PORT: String(await freePort()),
    OPENCEN_LOG_DIR: logDir,
  };
  delete env.NATS_URL;
  const stack = await startStack({ parts: ['nats'], fresh: true, env, log });
  return { natsUrl: stack.natsUrl, stop: stack.stop };
}

/**
 * Starts `apps/<app>/dist/main.js` with `env`, its output in `logFile`, and waits until
 * `readyUrl` answers 200. Rejects (having stopped it) if it exits or is not ready in time.
 * @param {string} app
 * @param {NodeJS.ProcessEnv} env
 * @param {{ readyUrl: string, logFile: string, timeoutMs?: number, appendLog?: boolean }} options
 * `appendLog` keeps what an earlier run of the app wrote there (a restart).
 */
async function startApp(app, env, { readyUrl, logFile, timeoutMs = 60_000, appendLog = false }) {
  const cwd = path.join(REPO_ROOT, 'apps', app);
  const main = path.join(cwd, 'dist', 'main.js');
  if (!fs.existsSync(main)) {
    throw new Error(
      `${main} does not exist: build first (npx turbo run build --filter=@opencen/e2e...)`,
    );
  }
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, appendLog ? 'a' : 'w');
  /** @type {import('node:child_process').ChildProcess} */
  let child;
  try {
    child = spawn(process.execPath, ['--require', EXIT_WITH_PARENT, main], {
      cwd,
      env,
      stdio: ['pipe', fd, fd],
    });
  } finally {
    fs.closeSync(fd);
  }
  // Neither the child nor the pipe to it may keep the starting process (jest) alive.
  child.unref();
  /** @type {any} */ (child.stdin)?.unref?.();
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc = { app, child, exited, logFile };

  const deadline = Date.now() + timeoutMs;
  let last = 'not started';
  for (;;) {
    const outcome = await Promise.race([
      exited.then((how) => ({ exited: how })),
      new Promise((resolve) => setTimeout(resolve, 200, null)),
    ]);
    if (outcome) {
      throw new Error(
        `${app} exited (${JSON.stringify(outcome.exited)}) before it was ready. Its log (${logFile}):\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return proc;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) {
      await stopApp(proc);
      throw new Error(
        `${app} was not ready within ${timeoutMs} ms (${readyUrl}: ${last}). Its log (${logFile}):\n${tail(logFile)}`,
      );
    }
  }
}

/**
 * SIGTERM (graceful shutdown), then SIGKILL after `graceMs`.
 * @param {{ child: import('node:child_process').ChildProcess, exited: Promise<unknown> }} proc
 */
async function stopApp(proc, graceMs = 15_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, graceMs, 'timeout')));
  const outcome = await Promise.race([proc.exited, late]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

/** @param {string} file */
function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The app a replica name (`cases`, `cases#2`) is of. @param {string} name */
const appOf = (name) => name.split('#')[0] ?? name;

/**
 * Whether `apps/<app>/dist/main.js` exists (an app that is not built yet is not started).
 * @param {string} app
 */
function isBuilt(app) {
  return fs.existsSync(path.join(REPO_ROOT, 'apps', app, 'dist', 'main.js'));
}

/**
 * Starts a private nats-server, the reference-data service, the persons, cases, auth and
 * notifications services
 * when they are built, and the gateway, and waits until the apps are ready. `infra` gives MongoDB and
 * Keycloak (from the jest global setup or `npm run infra:up`). Whatever started is stopped again if
 * a later step fails.
 * @param {{ mongoUrl: string, keycloakUrl: string, database?: string,
 *   gatewayEnv?: NodeJS.ProcessEnv, referenceEnv?: NodeJS.ProcessEnv, personsEnv?: NodeJS.ProcessEnv,
 *   casesEnv?: NodeJS.ProcessEnv, authEnv?: NodeJS.ProcessEnv,
 *   notificationsEnv?: NodeJS.ProcessEnv, keyAccessLog?: string,
 *   log?: (line: string) => void, logDir?: string, gatewayPort?: number,
 *   natsUrl?: string, opensearchUrl?: string, replicas?: number }} infra
 * `keyAccessLog` turns on the services' key-access guard, which appends there each query of a
 * growing collection not by `_id` (the e2e tests fail on them). `stopBackend(app)` and
 * `startBackend(app)` stop a backend (as a crash or a deployment would) and start it again on the
 * same database, for tests of what waits for a service while it is down. `gatewayPort` puts the
 * gateway on a given port (the web app's browser tests need the port of the realm's redirect URIs).
 * `natsUrl` and `opensearchUrl` replace the private nats-server and OPENSEARCH_URL (the fault tests
 * restart servers of their own). `killBackend` also takes `gateway`. `replicas` (1) starts that
 * many processes of every app on the same database, named `<app>`, `<app>#2`, ..., the gateways
 * behind a round-robin proxy (support/round-robin-proxy.js) at `gatewayUrl`.
 */
async function startApps(infra) {
  const log = infra.log ?? ((line) => process.stderr.write(`[e2e] ${line}\n`));
  const logDir = infra.logDir ?? path.join(REPO_ROOT, '.opencen', 'logs', 'e2e');
  const database = infra.database ?? `test_e2e_${randomBytes(4).toString('hex')}`;
  if (!database.startsWith('test_'))
    throw new Error(`Refusing database "${database}": test databases start with "test_"`);
  /** @type {(() => Promise<void>)[]} */
  const started = [];
  const stopAll = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  /** The running backends and how to start each again. @type {Map<string, { proc: any, env: NodeJS.ProcessEnv, options: any }>} */
  const backends = new Map();
  try {
    const nats = infra.natsUrl ? { natsUrl: infra.natsUrl } : await startPrivateNats(log, logDir);
    if ('stop' in nats) started.push(nats.stop);
    const opensearchUrl = infra.opensearchUrl ?? process.env.OPENSEARCH_URL;
    const common = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      NATS_URL: nats.natsUrl,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      SHUTDOWN_GRACE_MS: '5000',
      ...(infra.keyAccessLog
        ? { MONGO_KEY_ACCESS_GUARD: 'record', MONGO_KEY_ACCESS_LOG: infra.keyAccessLog }
        : {}),
    };
    const replicas = infra.replicas ?? 1;
    /**
     * Starts `replicas` processes of apps/<app>, each on a free port (or `port` for the first),
     * with the env `envOf(port)` gives; registers them as `<app>`, `<app>#2`, ... Resolves to the
     * ports.
     * @param {string} app
     * @param {(port: number) => NodeJS.ProcessEnv} envOf
     * @param {number} [firstPort]
     */
    const startReplicas = async (app, envOf, firstPort) => {
      const ports = [];
      for (let replica = 1; replica <= replicas; replica++) {
        const name = replica === 1 ? app : `${app}#${replica}`;
        const port = (replica === 1 && firstPort) || (await freePort());
        const env = envOf(port);
        const options = {
          readyUrl: `http://127.0.0.1:${port}/health/ready`,
          logFile: path.join(logDir, `${replica === 1 ? app : `${app}-${replica}`}.log`),
        };
        const proc = await startApp(app, env, options);
        backends.set(name, { proc, env, options });
        started.push(async () => {
          const current = backends.get(name);
          if (current) await stopApp(current.proc);
        });
        ports.push(port);
      }
      return ports;
    };
    await startReplicas('reference-data', (port) => ({
      ...common,
      MONGO_URL: infra.mongoUrl,
      MONGO_DB: database,
      HTTP_PORT: String(port),
      ...infra.referenceEnv,
    }));
    log(
      `reference-data ready (database ${database}, log ${path.join(logDir, 'reference-data.log')})`,
    );
    /**
     * Starts apps/<app> when it is built, with a database of its own (as in production: persons
     * never reads the code lists' database); resolves to that database, or undefined.
     * @param {string} app
     * @param {NodeJS.ProcessEnv | undefined} env
     */
    const startBackend = async (app, env) => {
      if (!isBuilt(app)) {
        log(`${app} is not built (apps/${app}/dist/main.js): not started`);
        return undefined;
      }
      const appDatabase = `${database}_${app}`;
      // Search indexes of its own too, removed with the stack (after its replicas stopped).
      const search = opensearchUrl
        ? {
            OPENSEARCH_URL: opensearchUrl,
            OPENSEARCH_INDEX_PREFIX: `${appDatabase.toLowerCase()}-`,
          }
        : {};
      started.push(() =>
        dropTestSearchIndexes({
          OPENSEARCH_URL: opensearchUrl,
          OPENSEARCH_INDEX_PREFIX: `${appDatabase.toLowerCase()}-`,
        }),
      );
      await startReplicas(app, (port) => ({
        ...common,
        MONGO_URL: infra.mongoUrl,
        MONGO_DB: appDatabase,
        ...search,
        HTTP_PORT: String(port),
        ...env,
      }));
      log(`${app} ready (database ${appDatabase}, log ${path.join(logDir, `${app}.log`)})`);
      return appDatabase;
    };
    // persons checks country codes with reference-data; cases checks its codes with
    // reference-data and its parties with persons, so each starts once those answer.
    const personsDatabase = await startBackend('persons', infra.personsEnv);
    const casesDatabase = await startBackend('cases', infra.casesEnv);
    // auth keeps the audit trail of every write above and of the gateway's reads.
    const authDatabase = await startBackend('auth', {
      KEYCLOAK_URL: infra.keycloakUrl,
      ...infra.authEnv,
    });
    // notifications asks auth who the recipients are, so it starts once auth answers.
    // It sends e-mail through the test infrastructure's SMTP server (Mailpit), which tests read.
    const notificationsDatabase = await startBackend('notifications', {
      ...(process.env.SMTP_URL ? { SMTP_URL: process.env.SMTP_URL } : {}),
      ...infra.notificationsEnv,
    });
    const gatewayPorts = await startReplicas(
      'gateway',
      (port) => ({
        ...common,
        KEYCLOAK_URL: infra.keycloakUrl,
        HTTP_PORT: String(port),
        ...infra.gatewayEnv,
      }),
      replicas === 1 ? infra.gatewayPort : undefined,
    );
    let gatewayPort = gatewayPorts[0];
    if (replicas > 1) {
      // Clients reach the gateways through one address, as through a load balancer.
      const proxy = await startRoundRobinProxy(
        gatewayPorts.map((port) => `http://127.0.0.1:${port}`),
        infra.gatewayPort ?? (await freePort()),
      );
      started.push(() => proxy.close());
      gatewayPort = proxy.port;
    }
    log(
      `gateway ready on http://127.0.0.1:${gatewayPort} (${replicas} replica${replicas > 1 ? 's behind a round-robin proxy' : ''}, log ${path.join(logDir, 'gateway.log')})`,
    );
    return {
      gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
      natsUrl: nats.natsUrl,
      mongoUrl: infra.mongoUrl,
      database,
      personsDatabase,
      casesDatabase,
      authDatabase,
      notificationsDatabase,
      /** The running apps, one name per replica: `cases`, `cases#2`, ... */
      replicaNames: () => [...backends.keys()],
      /** @param {string} app */
      async stopBackend(app) {
        const backend = backends.get(app);
        if (!backend) throw new Error(`${app} was not started`);
        await stopApp(backend.proc);
        log(`${app} stopped`);
      },
      /** @param {string} app */
      async restartBackend(app) {
        const backend = backends.get(app);
        if (!backend) throw new Error(`${app} was not started`);
        await stopApp(backend.proc);
        backend.proc = await startApp(appOf(app), backend.env, {
          ...backend.options,
          appendLog: true,
        });
        log(`${app} started again`);
      },
      /**
       * Kills a backend with SIGKILL (a crash: no graceful shutdown, requests in flight unanswered)
       * and starts it again on the same database, as an orchestrator would.
       * @param {string} app
       */
      async killBackend(app) {
        const backend = backends.get(app);
        if (!backend) throw new Error(`${app} was not started`);
        backend.proc.child.kill('SIGKILL');
        await backend.proc.exited;
        backend.proc = await startApp(appOf(app), backend.env, {
          ...backend.options,
          appendLog: true,
        });
        log(`${app} killed (SIGKILL) and started again`);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

module.exports = { startApps, startApp, stopApp, freePort };
