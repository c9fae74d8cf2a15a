'use strict';
// Runs the local infrastructure: nats-server (JetStream), FerretDB (MongoDB wire protocol over
// SQLite) and Keycloak with the opencen realm, on 127.0.0.1. Used by the CLI (cli.js) and by the
// jest global setup of @opencen/testing. Node built-ins only.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { provision, cacheRoot, toolPaths, findJava, keycloakEnv } = require('./provision');
const { httpGet, natsPing, mongoPing, tcpOpen, portFree } = require('./lib/health');
const {
  spawnGroup,
  stopGroup,
  signalGroup,
  groupAlive,
  commandLine,
  Reaper,
} = require('./lib/processes');
const { InfraError, sleep, tailFile, formatDuration } = require('./lib/util');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PARTS = Object.freeze(['nats', 'mongo', 'keycloak']);
const REALM = 'opencen';

// ---------------------------------------------------------------------------------------------
// Configuration

function portFromEnv(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InfraError(`${name}=${raw} is not a TCP port.`, {
      hint: `Set ${name} to a number between 1 and 65535.`,
    });
  }
  return value;
}

/**
 * Ports, URLs and directories of the local stack, resolved from the environment. Pure: it reads
 * only `env` (and the location of this repository) and touches nothing.
 */
function stackConfig(env = process.env) {
  const host = '127.0.0.1';
  const opencenDir = path.join(REPO_ROOT, '.opencen');
  const natsPort = portFromEnv(env, 'OPENCEN_NATS_PORT', 4223);
  const natsMonitorPort = portFromEnv(env, 'OPENCEN_NATS_MONITOR_PORT', 8223);
  const mongoPort = portFromEnv(env, 'OPENCEN_MONGO_PORT', 27018);
  const keycloakPort = portFromEnv(env, 'OPENCEN_KEYCLOAK_PORT', 8180);
  const keycloakManagementPort = portFromEnv(env, 'OPENCEN_KEYCLOAK_MANAGEMENT_PORT', 9180);
  const timeoutRaw = env.OPENCEN_START_TIMEOUT;
  const startTimeoutSeconds = timeoutRaw ? Number(timeoutRaw) : 180;
  if (!(startTimeoutSeconds > 0)) {
    throw new InfraError(`OPENCEN_START_TIMEOUT=${timeoutRaw} is not a number of seconds.`);
  }
  const keycloakUrl = (env.KEYCLOAK_URL || `http://${host}:${keycloakPort}`).replace(/\/+$/, '');

  const config = {
    host,
    repoRoot: REPO_ROOT,
    cacheDir: cacheRoot(env),
    dataDir: env.OPENCEN_DATA_DIR
      ? path.resolve(env.OPENCEN_DATA_DIR)
      : path.join(opencenDir, 'data'),
    logDir: env.OPENCEN_LOG_DIR ? path.resolve(env.OPENCEN_LOG_DIR) : path.join(opencenDir, 'logs'),
    stateFile: path.join(opencenDir, 'run', 'stack.json'),
    startTimeoutMs: startTimeoutSeconds * 1000,
    nats: {
      external: Boolean(env.NATS_URL),
      url: env.NATS_URL || `nats://${host}:${natsPort}`,
      port: natsPort,
      monitorPort: natsMonitorPort,
      monitorUrl: env.NATS_URL ? null : `http://${host}:${natsMonitorPort}`,
      configFile: path.join(REPO_ROOT, 'infra', 'nats', 'nats-server.conf'),
    },
    mongo: {
      external: Boolean(env.MONGO_URL),
      url: env.MONGO_URL || `mongodb://${host}:${mongoPort}/`,
      port: mongoPort,
    },
    keycloak: {
      external: Boolean(env.KEYCLOAK_URL),
      url: keycloakUrl,
      port: keycloakPort,
      managementPort: keycloakManagementPort,
      realm: REALM,
      realmUrl: `${keycloakUrl}/realms/${REALM}`,
      adminConsoleUrl: `${keycloakUrl}/admin/master/console/`,
      // Local use only: the bootstrap admin of the master realm, recreated at every start.
      admin: { username: 'admin', password: 'admin' },
      realmFile: path.join(REPO_ROOT, 'infra', 'keycloak', `${REALM}-realm.json`),
    },
  };

  const used = new Map();
  for (const [, port, name] of ownPorts(config)) {
    if (used.has(port)) {
      throw new InfraError(`${name} and ${used.get(port)} are both set to port ${port}.`, {
        hint: 'Give each OPENCEN_*_PORT a different value.',
      });
    }
    used.set(port, name);
  }
  return config;
}

/** [part, port, env var] for every port the stack would bind (parts given by URL bind nothing). */
function ownPorts(config, parts = PARTS) {
  const list = [];
  if (parts.includes('nats') && !config.nats.external) {
    list.push(['nats', config.nats.port, 'OPENCEN_NATS_PORT']);
    list.push(['nats', config.nats.monitorPort, 'OPENCEN_NATS_MONITOR_PORT']);
  }
  if (parts.includes('mongo') && !config.mongo.external)
    list.push(['mongo', config.mongo.port, 'OPENCEN_MONGO_PORT']);
  if (parts.includes('keycloak') && !config.keycloak.external) {
    list.push(['keycloak', config.keycloak.port, 'OPENCEN_KEYCLOAK_PORT']);
    list.push(['keycloak', config.keycloak.managementPort, 'OPENCEN_KEYCLOAK_MANAGEMENT_PORT']);
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Health checks

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || defaultPort };
}

const HEALTH = {
  /** JetStream must be up, not just the client port. */
  async nats(part, timeoutMs = 2000) {
    if (part.monitorUrl) {
      const { status } = await httpGet(
        `${part.monitorUrl}/healthz?js-enabled-only=true`,
        timeoutMs,
      );
      if (status !== 200) throw new Error(`healthz answered ${status}`);
      return true;
    }
    const first = part.url.split(',')[0];
    const { host, port } = hostPort(first.includes('://') ? first : `nats://${first}`, 4222);
    return natsPing(host, port, timeoutMs);
  },
  /** A real command round trip: FerretDB answers `ping` only once its backend is open. */
  async mongo(part, timeoutMs = 2000) {
    const url = part.url;
    if (url.startsWith('mongodb+srv://')) return true; // cannot check without resolving SRV records
    const hosts = url
      .replace(/^mongodb:\/\//, '')
      .split('/')[0]
      .split('@')
      .pop();
    const { host, port } = hostPort(`mongodb://${hosts.split(',')[0]}`, 27017);
    if (/[?&](tls|ssl)=true/.test(url)) return tcpOpen(host, port, timeoutMs);
    return mongoPing(host, port, timeoutMs);
  },
  /** The realm is imported and served. */
  async keycloak(part, timeoutMs = 3000) {
    const { status } = await httpGet(
      `${part.url}/realms/${REALM}/.well-known/openid-configuration`,
      timeoutMs,
    );
    if (status !== 200) throw new Error(`openid-configuration answered ${status}`);
    return true;
  },
};

const LABELS = { nats: 'nats-server', mongo: 'FerretDB', keycloak: 'Keycloak' };
const LOG_FILES = { nats: 'nats.log', mongo: 'ferretdb.log', keycloak: 'keycloak.log' };
const TOOLS = { nats: 'nats-server', mongo: 'ferretdb', keycloak: 'keycloak' };

// ---------------------------------------------------------------------------------------------
// Starting each part

function relative(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function launch(part, config, ctx) {
  const logFile = path.join(config.logDir, LOG_FILES[part]);
  const data = ctx.dataDir;
  if (part === 'nats') {
    const store = path.join(data, 'nats');
    fs.mkdirSync(store, { recursive: true });
    const command = ctx.tools.natsServer;
    const args = [
      '--config',
      config.nats.configFile,
      '--addr',
      config.host,
      '--port',
      String(config.nats.port),
      '--http_port',
      String(config.nats.monitorPort),
      '--jetstream',
      '--store_dir',
      store,
    ];
    return {
      command,
      logFile,
      ...spawnGroup(command, args, { env: process.env, cwd: data, logFile }),
    };
  }
  if (part === 'mongo') {
    const sqlite = path.join(data, 'ferretdb', 'sqlite');
    const state = path.join(data, 'ferretdb', 'state');
    fs.mkdirSync(sqlite, { recursive: true });
    fs.mkdirSync(state, { recursive: true });
    const command = ctx.tools.ferretdb;
    const args = [
      '--handler=sqlite',
      `--sqlite-url=file:${sqlite}/`,
      `--listen-addr=${config.host}:${config.mongo.port}`,
      `--state-dir=${state}`,
      '--debug-addr=-', // no debug HTTP listener (it would take port 8088)
      '--telemetry=disable',
      '--log-format=text',
    ];
    const env = { ...process.env, FERRETDB_TELEMETRY: 'disable', DO_NOT_TRACK: '1' };
    return { command, logFile, ...spawnGroup(command, args, { env, cwd: data, logFile }) };
  }
  // Keycloak: the in-memory H2 database (baked in by `kc.sh build` at provisioning) means the realm
  // file is imported afresh at every start, so edits to it always apply.
  const kcData = path.join(data, 'keycloak');
  fs.rmSync(kcData, { recursive: true, force: true });
  fs.mkdirSync(path.join(kcData, 'import'), { recursive: true });
  fs.copyFileSync(
    config.keycloak.realmFile,
    path.join(kcData, 'import', path.basename(config.keycloak.realmFile)),
  );
  const command = path.join(ctx.tools.keycloakHome, 'bin', 'kc.sh');
  const args = [
    'start',
    '--optimized', // build options were baked in at provisioning: no re-augmentation at start
    '--http-enabled=true',
    `--http-host=${config.host}`,
    `--http-port=${config.keycloak.port}`,
    `--http-management-port=${config.keycloak.managementPort}`,
    `--hostname=${config.keycloak.url}`, // a fixed issuer: tokens say iss=${keycloakUrl}/realms/opencen
    '--cache=local', // no cluster discovery
    '--log-console-color=false',
    // What --import-realm does, but from our per-run directory instead of the shared install's data/.
    `-Dkeycloak.migration.dir=${path.join(kcData, 'import')}`,
    `-Dquarkus.transaction-manager.object-store.directory=${path.join(kcData, 'transaction-logs')}`,
  ];
  const env = keycloakEnv(process.env, ctx.java, {
    KC_BOOTSTRAP_ADMIN_USERNAME: config.keycloak.admin.username,
    KC_BOOTSTRAP_ADMIN_PASSWORD: config.keycloak.admin.password,
  });
  return { command, logFile, ...spawnGroup(command, args, { env, cwd: kcData, logFile }) };
}

async function waitHealthy(part, config, proc, ctx) {
  const started = Date.now();
  let exit = null;
  proc.exited.then((info) => (exit = info));
  let lastError = null;
  let delay = 100;
  while (Date.now() - started < config.startTimeoutMs) {
    if (ctx.aborted) throw new InfraError(`${LABELS[part]}: start interrupted.`);
    if (exit) {
      const how = exit.error
        ? exit.error.message
        : exit.signal
          ? `signal ${exit.signal}`
          : `exit code ${exit.code}`;
      throw new InfraError(`${LABELS[part]} stopped (${how}) before it was ready.`, {
        hint: `Its log is ${relative(proc.logFile)}.`,
        logTail: tailFile(proc.logFile),
      });
    }
    try {
      if (await HEALTH[part](config[part])) return Date.now() - started;
    } catch (err) {
      lastError = err;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
  throw new InfraError(
    `${LABELS[part]} was not ready after ${formatDuration(config.startTimeoutMs)}` +
      (lastError ? ` (last check: ${lastError.message}).` : '.'),
    {
      hint: `Its log is ${relative(proc.logFile)}. On a slow machine, raise OPENCEN_START_TIMEOUT (seconds).`,
      logTail: tailFile(proc.logFile),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Cleanup when this process is interrupted or exits

const liveStacks = new Set();
let signalCount = 0;

function onSignal(signal) {
  signalCount += 1;
  if (signalCount > 1) {
    // Second Ctrl-C: no more patience.
    for (const stack of liveStacks) if (stack.handleSignals) stack.killNow('SIGKILL');
  }
  const mine = [...liveStacks].filter((stack) => stack.handleSignals);
  if (mine.length === 0) return;
  // If nobody else handles this signal, behave as if we had not caught it once we are done.
  const alone = process.listenerCount(signal) === 1;
  Promise.allSettled(mine.map((stack) => stack.stop())).then(() => {
    if (!alone) return;
    uninstallHandlers();
    process.kill(process.pid, signal);
  });
}

function onExit() {
  // Last resort (the process is exiting without having called stop()): the reaper escalates to SIGKILL.
  for (const stack of liveStacks) stack.killNow('SIGTERM');
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function uninstallHandlers() {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener('exit', onExit);
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts the parts of the stack that are not given by URL (NATS_URL, MONGO_URL, KEYCLOAK_URL), in
 * parallel, and waits until each answers its health check.
 * Until stop() resolves, the processes are also stopped when this process gets SIGINT, SIGTERM or
 * SIGHUP (then the signal takes its default effect unless someone else listens for it), when it
 * exits, and, by a watchdog process, when it dies in any other way.
 * @param {{ parts?: ('nats'|'mongo'|'keycloak')[], fresh?: boolean, log?: (line: string) => void,
 *           env?: NodeJS.ProcessEnv, detach?: boolean, handleSignals?: boolean, signal?: AbortSignal }} [options]
 *   fresh: data in a new temporary directory, removed at stop (tests);
 *   detach: leave the processes running when this process exits and record them in the state file
 *   (what `cli.js up` does; `cli.js down` / stopRunningStack() stops them);
 *   handleSignals: false when the caller handles SIGINT/SIGTERM itself (and then calls stop());
 *   signal: aborting it while the stack is starting stops what has started and rejects (once
 *   started, call stop()).
 * @returns {Promise<{ natsUrl: string, mongoUrl: string, keycloakUrl: string, logDir: string,
 *   started: string[], stop: () => Promise<void> }>}
 */
async function startStack(options = {}) {
  const env = options.env || process.env;
  const log = options.log || ((line) => process.stderr.write(`${line}\n`));
  const config = stackConfig(env);
  const parts = options.parts ? [...options.parts] : [...PARTS];
  for (const part of parts) {
    if (!PARTS.includes(part))
      throw new InfraError(`Unknown part "${part}"; use ${PARTS.join(', ')}.`);
  }
  const toStart = parts.filter((part) => !config[part].external);
  for (const part of parts.filter((p) => config[p].external)) {
    log(
      `${LABELS[part]}: using ${config[part].url} (given by ${part === 'mongo' ? 'MONGO' : part.toUpperCase()}_URL)`,
    );
  }

  const result = {
    natsUrl: config.nats.url,
    mongoUrl: config.mongo.url,
    keycloakUrl: config.keycloak.url,
    logDir: config.logDir,
    started: [],
    stop: async () => {},
  };
  if (toStart.length === 0) return result;

  const ctx = { aborted: false, tools: toolPaths(env), java: null, dataDir: config.dataDir };
  // Installs only what is missing (the first run on a fresh clone); silent when all is cached.
  const quiet = (line) => !line.endsWith(': cached') && log(line);
  await provision({ tools: toStart.map((p) => TOOLS[p]), log: quiet, env, dockerCompose: false });
  if (toStart.includes('keycloak')) ctx.java = await findJava(env);

  const taken = [];
  for (const [, port, name] of ownPorts(config, toStart)) {
    if (!(await portFree(port, config.host))) taken.push(`${config.host}:${port} (${name})`);
  }
  if (taken.length) {
    throw new InfraError(
      `Port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}.`,
      {
        hint:
          'Another program (or a stack started with `npm run infra:up`; stop it with `npm run infra:down`) ' +
          'holds it. Stop that program or set the variable named in parentheses to a free port.',
      },
    );
  }

  let tempDir = null;
  if (options.fresh) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-stack-'));
    ctx.dataDir = tempDir;
  }
  fs.mkdirSync(ctx.dataDir, { recursive: true });
  fs.mkdirSync(config.logDir, { recursive: true });

  const reaper = new Reaper();
  if (tempDir) reaper.removeOnDeath(tempDir);
  const procs = new Map();
  let stopping = null;

  const stack = {
    killNow(signal) {
      for (const proc of procs.values()) signalGroup(proc.pgid, signal);
    },
    stop() {
      if (!stopping) {
        stopping = (async () => {
          ctx.aborted = true;
          const names = [...procs.keys()];
          // A part that never became ready has nothing to save: do not wait for it to finish booting
          // (Keycloak defers SIGTERM until its start completes).
          await Promise.all(
            names.map((part) =>
              stopGroup(procs.get(part).pgid, procs.get(part).ready ? 15000 : 2000),
            ),
          );
          for (const part of names) reaper.forget(procs.get(part).pgid);
          if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
          reaper.release();
          liveStacks.delete(stack);
          if (liveStacks.size === 0) uninstallHandlers();
          if (names.length) log(`Stopped ${names.map((p) => LABELS[p]).join(', ')}.`);
        })();
      }
      return stopping;
    },
  };
  liveStacks.add(stack);
  stack.handleSignals = options.handleSignals !== false;
  installHandlers();
  const onAbort = () => stack.stop();
  if (options.signal) {
    if (options.signal.aborted) ctx.aborted = true;
    options.signal.addEventListener('abort', onAbort, { once: true });
  }

  try {
    await Promise.all(
      toStart.map(async (part) => {
        const proc = launch(part, config, ctx);
        procs.set(part, proc);
        reaper.watch(proc.pgid);
        log(`${LABELS[part]}: starting on ${config[part].url} (log: ${relative(proc.logFile)})`);
        const took = await waitHealthy(part, config, proc, ctx);
        proc.ready = true;
        log(`${LABELS[part]}: ready in ${formatDuration(took)}`);
      }),
    );
  } catch (err) {
    ctx.aborted = true;
    await stack.stop();
    throw err;
  }

  if (options.signal) options.signal.removeEventListener('abort', onAbort);
  result.started = toStart;
  result.stop = () => stack.stop();

  if (options.detach) {
    const state = {
      startedAt: new Date().toISOString(),
      natsUrl: config.nats.url,
      mongoUrl: config.mongo.url,
      keycloakUrl: config.keycloak.url,
      logDir: config.logDir,
      dataDir: ctx.dataDir,
      tempDir,
      parts: {},
    };
    for (const part of parts) {
      const proc = procs.get(part);
      state.parts[part] = proc
        ? { ...config[part], pid: proc.pid, pgid: proc.pgid, command: proc.command }
        : { external: true, url: config[part].url };
    }
    fs.mkdirSync(path.dirname(config.stateFile), { recursive: true });
    fs.writeFileSync(config.stateFile, `${JSON.stringify(state, null, 2)}\n`);
    for (const proc of procs.values()) reaper.forget(proc.pgid);
    reaper.release();
    liveStacks.delete(stack);
    if (liveStacks.size === 0) uninstallHandlers();
    result.stop = () => stopRunningStack({ env, log });
  }
  return result;
}

function readState(config) {
  try {
    return JSON.parse(fs.readFileSync(config.stateFile, 'utf8'));
  } catch {
    return null;
  }
}

/** True when the recorded process still exists and is still the program we started (not a reused pid). */
function isOurProcess(part) {
  if (!groupAlive(part.pgid)) return false;
  const cmd = commandLine(part.pid);
  return cmd === null || cmd.includes(path.basename(part.command));
}

/**
 * The stack started by `cli.js up` in another process, if its state file exists and every part
 * answers its health check; otherwise null.
 * @returns {Promise<null | { natsUrl: string, mongoUrl: string, keycloakUrl: string, logDir: string,
 *   pids: Record<string, number>, startedAt: string }>}
 */
async function readRunningStack(options = {}) {
  const config = stackConfig(options.env || process.env);
  const state = readState(config);
  if (!state || !state.parts) return null;
  const checks = Object.entries(state.parts).map(async ([part, info]) => {
    if (!info.external && !isOurProcess(info)) return false;
    try {
      return Boolean(await HEALTH[part](info));
    } catch {
      return false;
    }
  });
  if (!(await Promise.all(checks)).every(Boolean)) return null;
  const pids = {};
  for (const [part, info] of Object.entries(state.parts)) if (!info.external) pids[part] = info.pid;
  return {
    natsUrl: state.natsUrl,
    mongoUrl: state.mongoUrl,
    keycloakUrl: state.keycloakUrl,
    logDir: state.logDir,
    pids,
    startedAt: state.startedAt,
  };
}

/**
 * Stops the stack recorded in the state file (started by `cli.js up`) and removes the file.
 * @returns {Promise<string[]>} the parts that were running and are now stopped
 */
async function stopRunningStack(options = {}) {
  const config = stackConfig(options.env || process.env);
  const log = options.log || ((line) => process.stderr.write(`${line}\n`));
  const state = readState(config);
  if (!state) return [];
  const stopped = [];
  await Promise.all(
    Object.entries(state.parts || {}).map(async ([part, info]) => {
      if (info.external) return;
      if (!isOurProcess(info)) return;
      const how = await stopGroup(info.pgid);
      stopped.push(part);
      log(`${LABELS[part]} (pid ${info.pid}): ${how}`);
    }),
  );
  if (state.tempDir) fs.rmSync(state.tempDir, { recursive: true, force: true });
  fs.rmSync(config.stateFile, { force: true });
  return PARTS.filter((p) => stopped.includes(p));
}

module.exports = {
  startStack,
  stackConfig,
  readRunningStack,
  stopRunningStack,
  provision,
  PARTS,
  LABELS,
};
