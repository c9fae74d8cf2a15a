#!/usr/bin/env node
'use strict';
// OpenCEN's local runner (the root package.json's scripts call it):
//   provision   install nats-server, FerretDB, Keycloak, OpenSearch, Mailpit (and the docker compose
//               plugin) into the cache
//   up | down   start the infrastructure in the background and leave it running | stop it
//   status      show the stack started by `up`
//   test        provision, install, build, start a fresh stack, run every workspace's tests, stop
//   check       build, then what npm test checks before the tests (types, lint, architecture,
//               formatting)
//   start       provision, install, build, start the stack and every built app until Ctrl-C

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startStack, stackConfig, readRunningStack, stopRunningStack } = require('./stack');
const { provision, VERSIONS } = require('./provision');
const { spawnGroup, stopGroup, Reaper } = require('./lib/processes');
const { InfraError, formatDuration, sleep, tailFile, redactUrl } = require('./lib/util');
const { httpGet } = require('./lib/health');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEMO_USERS =
  'officer, officer2, supervisor, investigator, analyst, liaison, admin, auditor, integration (password: opencen)';

const say = (line = '') => process.stdout.write(`${line}\n`);
const note = (line) => say(`[opencen] ${line}`);

class Interrupted extends Error {
  constructor(signal) {
    super(`interrupted by ${signal}`);
    this.signal = signal;
  }
}

// ---------------------------------------------------------------------------------------------
// Signals: the CLI stays alive on Ctrl-C long enough to stop what it started.

const session = { interrupted: null, child: null, onInterrupt: [], abort: new AbortController() };

function handleSignal(signal) {
  if (session.interrupted) {
    note(`${signal} again: killing now.`);
    if (session.child) session.child.kill('SIGKILL');
    return;
  }
  session.interrupted = signal;
  note(`${signal} received: stopping…`);
  session.abort.abort(); // a stack still starting stops its processes
  const child = session.child;
  if (child) {
    // A Ctrl-C in the terminal already reached the child (same process group); a signal sent to this
    // process alone did not, so pass it on. Give up on a graceful end after 20 s.
    if (signal !== 'SIGINT') child.kill(signal);
    const soft = setTimeout(() => child.exitCode === null && child.kill(signal), 5000);
    const hard = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 20000);
    soft.unref();
    hard.unref();
  }
  for (const fn of session.onInterrupt) fn(signal);
}

function checkInterrupted() {
  if (session.interrupted) throw new Interrupted(session.interrupted);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs a command in the foreground (inherits the terminal), resolving its exit code. */
function runForeground(command, args, options = {}) {
  checkInterrupted();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: REPO_ROOT, ...options });
    session.child = child;
    child.on('error', (err) => {
      session.child = null;
      reject(new InfraError(`Could not run ${command}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      session.child = null;
      resolve(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] || 0) : 1));
    });
  });
}

async function phase(name, timings, fn, { evenIfInterrupted = false } = {}) {
  if (!evenIfInterrupted) checkInterrupted();
  note(`${name}…`);
  const started = Date.now();
  try {
    return await fn();
  } finally {
    const took = Date.now() - started;
    timings.push([name, took]);
    note(`${name}: ${formatDuration(took)}`);
  }
}

function printTimings(timings, total) {
  say('');
  note(
    `time per phase: ${timings.map(([name, ms]) => `${name} ${formatDuration(ms)}`).join(', ')}; total ${formatDuration(total)}`,
  );
}

/** Why `npm ci` is needed, or null. */
function installReason() {
  const marker = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(marker)) return 'node_modules is missing';
  const lock = path.join(REPO_ROOT, 'package-lock.json');
  if (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs) {
    return 'package-lock.json is newer than node_modules';
  }
  return null;
}

async function installDependencies() {
  const reason = installReason();
  if (!reason) {
    note('node_modules is up to date');
    return;
  }
  note(`npm ci (${reason})`);
  const code = await runForeground('npm', ['ci', '--no-audit', '--no-fund']);
  checkInterrupted();
  if (code !== 0)
    throw new InfraError(`npm ci failed (exit code ${code}).`, {
      hint: 'Fix the error above and run again.',
    });
}

function toolEnv(extra = {}) {
  return {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: process.env.TURBO_TELEMETRY_DISABLED || '1',
    ...extra,
  };
}

/**
 * turbo itself rather than through npx, so that a signal we forward reaches the process that stops
 * the tasks (npx exits at once and leaves turbo running).
 */
function turbo(...args) {
  const local = path.join(REPO_ROOT, 'node_modules', '.bin', 'turbo');
  return fs.existsSync(local) ? [local, args] : ['npx', ['turbo', ...args]];
}

async function build() {
  const code = await runForeground(...turbo('run', 'build'), { env: toolEnv() });
  checkInterrupted();
  if (code !== 0)
    throw new InfraError(`The build failed (exit code ${code}).`, {
      hint: 'Fix the errors above and run again.',
    });
}

/**
 * What CI keeps besides the tests: the types of everything (specs, test folders and e2e included:
 * jest's swc transform does not check them, and the build leaves specs out), the lint rules, the
 * architecture rules (.dependency-cruiser.cjs), and the formatting.
 */
/** `check`: what CI checks before the tests, without infrastructure (npm run check). */
async function cmdCheck() {
  const code = await runForeground(...turbo('run', 'build'), { env: toolEnv() });
  checkInterrupted();
  if (code !== 0)
    throw new InfraError(`The build failed (exit code ${code}).`, {
      hint: 'Fix the errors above and run again.',
    });
  await check();
  say('[opencen] ✔ types, lint, architecture and formatting are as they should be');
  return 0;
}

async function check() {
  const prettier = path.join(REPO_ROOT, 'node_modules', '.bin', 'prettier');
  const steps = [
    {
      what: 'The typecheck or lint',
      run: turbo('run', 'typecheck', 'lint'),
      hint: 'Fix the errors above (`npm run typecheck`, `npm run lint`) and run again.',
    },
    {
      what: 'The architecture check',
      run: [
        path.join(REPO_ROOT, 'node_modules', '.bin', 'depcruise'),
        ['apps', 'packages', 'tests/e2e', '--config', '.dependency-cruiser.cjs'],
      ],
      hint: 'Each rule above says why it exists (`.dependency-cruiser.cjs`); move the import and run `npm run arch`.',
    },
    {
      what: 'The formatting check',
      run: [prettier, ['--check', '.']],
      hint: '`npm run format` rewrites the files listed above; review and commit them.',
    },
  ];
  for (const { what, run, hint } of steps) {
    const code = await runForeground(...run, { env: toolEnv() });
    checkInterrupted();
    if (code !== 0) throw new InfraError(`${what} failed (exit code ${code}).`, { hint });
  }
}

function printUrls(urls, config, { external = {} } = {}) {
  const ext = (part) => (external[part] ? ' (external)' : '');
  const url = (u) => redactUrl(u);
  say('');
  say(
    `  NATS       ${url(urls.natsUrl)}${ext('nats')}${external.nats ? '' : `   monitoring ${config.nats.monitorUrl}`}`,
  );
  say(
    `  MongoDB    ${url(urls.mongoUrl)}${external.mongo ? ' (external)' : '   (FerretDB, MongoDB wire protocol)'}`,
  );
  say(
    `  Keycloak   ${urls.keycloakUrl}${ext('keycloak')}   realm ${urls.keycloakUrl}/realms/opencen`,
  );
  if (!external.keycloak) {
    say(
      `             admin console ${urls.keycloakUrl}/admin/master/console/  (admin / admin, local only)`,
    );
  }
  say(`             demo users: ${DEMO_USERS}`);
  say(
    `  OpenSearch ${url(urls.opensearchUrl)}${external.search ? ' (external)' : '   (single node, no security: local only)'}`,
  );
  if (urls.mailpitUrl) {
    say(
      `  Mailpit    SMTP ${url(urls.smtpUrl)}${ext('mail')}   API ${url(urls.mailpitUrl)}/api/v1${external.mail ? '' : '   (keeps every message, delivers none)'}`,
    );
    // Built from the Go module, which has no built UI scripts (infra/local/README.md): the page is
    // blank; the API, and the docker image's UI, are whole.
    say(
      `             web UI ${url(urls.mailpitUrl)}/${external.mail ? '' : '   (blank in the local build: read mail with the API)'}`,
    );
  } else {
    say(`  SMTP       ${url(urls.smtpUrl)} (external; no MAILPIT_URL to read what is sent)`);
  }
  say(`  Logs       ${relative(urls.logDir || config.logDir)}`);
  say('');
}

function relative(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function externalParts(config) {
  return {
    nats: config.nats.external,
    mongo: config.mongo.external,
    keycloak: config.keycloak.external,
    search: config.search.external,
    mail: config.mail.external,
  };
}

/** The variables that tell the apps and the tests where the infrastructure is. */
function infrastructureEnv(stack) {
  return {
    NATS_URL: stack.natsUrl,
    MONGO_URL: stack.mongoUrl,
    KEYCLOAK_URL: stack.keycloakUrl,
    OPENSEARCH_URL: stack.opensearchUrl,
    SMTP_URL: stack.smtpUrl,
    ...(stack.mailpitUrl ? { MAILPIT_URL: stack.mailpitUrl } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Commands

async function cmdProvision() {
  const started = Date.now();
  await provision({ log: note });
  note(`provisioned in ${formatDuration(Date.now() - started)} (cache: ${stackConfig().cacheDir})`);
  return 0;
}

async function cmdUp() {
  const config = stackConfig();
  await provision({ log: note, dockerCompose: false, chromium: false });
  const running = await readRunningStack();
  if (running) {
    note(`already running (started ${running.startedAt}); stop it with \`npm run infra:down\`.`);
    printUrls(running, config, { external: externalParts(config) });
    return 0;
  }
  // A state file whose processes no longer answer: clear what is left of them first.
  await stopRunningStack({ log: note });
  checkInterrupted();
  const stack = await startStack({
    detach: true,
    log: note,
    handleSignals: false,
    signal: session.abort.signal,
  });
  note(
    `running in the background; stop it with \`npm run infra:down\` (state: ${relative(config.stateFile)})`,
  );
  printUrls(stack, config, { external: externalParts(config) });
  return 0;
}

async function cmdDown() {
  const config = stackConfig();
  if (!fs.existsSync(config.stateFile)) {
    note('no stack started by `npm run infra:up` is running.');
    return 0;
  }
  const stopped = await stopRunningStack({ log: note });
  note(stopped.length ? 'stopped.' : 'nothing was running any more; state file removed.');
  return 0;
}

async function cmdStatus() {
  const config = stackConfig();
  const running = await readRunningStack();
  if (!running) {
    note('no healthy stack started by `npm run infra:up`.');
    return 1;
  }
  note(`running since ${running.startedAt}; pids ${JSON.stringify(running.pids)}`);
  printUrls(running, config, { external: externalParts(config) });
  return 0;
}

/** Uses a stack from `up` or the URLs in the environment, or starts a fresh one; returns its URLs. */
async function acquireStack({ fresh, signal = session.abort.signal }) {
  const config = stackConfig();
  if (
    config.nats.external &&
    config.mongo.external &&
    config.keycloak.external &&
    config.search.external &&
    config.mail.external
  ) {
    note(
      'using NATS_URL, MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL and SMTP_URL from the environment',
    );
    return {
      natsUrl: config.nats.url,
      mongoUrl: config.mongo.url,
      keycloakUrl: config.keycloak.url,
      opensearchUrl: config.search.url,
      smtpUrl: config.mail.url,
      mailpitUrl: config.mail.mailpitUrl,
      logDir: config.logDir,
      stop: async () => {},
    };
  }
  const running = await readRunningStack();
  if (running) {
    note(`using the stack started by \`npm run infra:up\` (since ${running.startedAt})`);
    return {
      natsUrl: config.nats.external ? config.nats.url : running.natsUrl,
      mongoUrl: config.mongo.external ? config.mongo.url : running.mongoUrl,
      keycloakUrl: config.keycloak.external ? config.keycloak.url : running.keycloakUrl,
      opensearchUrl: config.search.external ? config.search.url : running.opensearchUrl,
      smtpUrl: config.mail.external ? config.mail.url : running.smtpUrl,
      mailpitUrl: config.mail.external ? config.mail.mailpitUrl : running.mailpitUrl,
      logDir: running.logDir,
      stop: async () => {},
    };
  }
  // The CLI handles Ctrl-C itself (tests and apps first, then the infrastructure).
  return startStack({ fresh, log: note, handleSignals: false, signal });
}

/**
 * Builds (and with `checks`, then checks) while the infrastructure starts (Keycloak takes ~20 s;
 * the build would otherwise wait for it). Resolves the stack once both are done; on failure, stops
 * whatever the other one started.
 */
async function buildWithStack(timings, { fresh, checks = false }) {
  let stack = null;
  let firstError = null; // the cause; the other one's failure is only its consequence
  const buildFailed = new AbortController();
  const signal = AbortSignal.any([session.abort.signal, buildFailed.signal]);
  const infrastructure = phase('infrastructure', timings, () => acquireStack({ fresh, signal }))
    .then((s) => (stack = s))
    .catch((err) => {
      firstError ??= err;
      if (session.child) session.child.kill('SIGTERM'); // no point in finishing the build
      throw err;
    });
  const building = phase('build', timings, build)
    .then(() => (checks ? phase('check', timings, check) : undefined))
    .catch((err) => {
      firstError ??= err;
      buildFailed.abort(); // no point in waiting for Keycloak
      throw err;
    });
  await Promise.allSettled([infrastructure, building]);
  if (firstError) {
    if (stack) await phase('stop', timings, () => stack.stop(), { evenIfInterrupted: true });
    throw firstError;
  }
  return stack;
}

async function cmdTest(extraArgs) {
  const started = Date.now();
  const timings = [];
  let stack = null;
  let code = 1;
  try {
    await phase('provision', timings, () => provision({ log: note }));
    await phase('install', timings, installDependencies);
    // A filtered run (`npm test -- --filter=...`) is a developer's partial run: no checks.
    stack = await buildWithStack(timings, { fresh: true, checks: extraArgs.length === 0 });
    checkInterrupted();
    const env = toolEnv(infrastructureEnv(stack));
    code = await phase('test', timings, () =>
      runForeground(...turbo('run', 'test', '--concurrency=1', ...extraArgs), { env }),
    );
    checkInterrupted();
    note(code === 0 ? 'tests passed' : `tests failed (exit code ${code})`);
  } finally {
    if (stack) await phase('stop', timings, () => stack.stop(), { evenIfInterrupted: true });
    printTimings(timings, Date.now() - started);
  }
  return code;
}

async function cmdStart() {
  const timings = [];
  await phase('provision', timings, () =>
    provision({ log: note, dockerCompose: false, chromium: false }),
  );
  await phase('install', timings, installDependencies);
  const config = stackConfig();
  const stack = await buildWithStack(timings, { fresh: false });

  const appsDir = path.join(REPO_ROOT, 'apps');
  const apps = (fs.existsSync(appsDir) ? fs.readdirSync(appsDir) : [])
    .filter((name) => fs.existsSync(path.join(appsDir, name, 'dist', 'main.js')))
    .sort((a, b) => (a === 'gateway') - (b === 'gateway')); // the gateway last: its backends first
  const reaper = new Reaper();
  const running = new Map();
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    ...infrastructureEnv(stack),
  };
  for (const app of apps) {
    const logFile = path.join(config.logDir, `${app}.log`);
    // Each app serves its Prometheus metrics on the port its .env.example names.
    const metricsPort = examplePort(app, 'METRICS_PORT');
    const proc = spawnGroup(process.execPath, ['dist/main.js'], {
      env: metricsPort ? { ...env, METRICS_PORT: String(metricsPort) } : env,
      cwd: path.join(appsDir, app),
      logFile,
    });
    reaper.watch(proc.pgid);
    running.set(app, proc);
    note(`${app}: started (pid ${proc.pid}, log ${relative(logFile)})`);
    proc.exited.then(({ code, signal }) => {
      if (!running.has(app) || session.interrupted) return;
      running.delete(app);
      note(
        `${app} stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); last lines of ${relative(logFile)}:`,
      );
      say(indent(tailFile(logFile, 20)));
    });
  }

  await Promise.all(apps.map((app) => waitForApp(app, running, config)));
  printUrls(stack, config, { external: externalParts(config) });
  if (apps.length === 0) note('no app has a dist/main.js yet: only the infrastructure is running.');
  if (apps.includes('gateway')) {
    const gateway = `http://127.0.0.1:${appPort('gateway')}`;
    if (fs.existsSync(path.join(appsDir, 'web', 'dist', 'index.html'))) {
      // The gateway serves the web app's build on its own origin (apps/web).
      say(`  Web app   ${gateway}/   (sign in as a demo user, e.g. officer / opencen)`);
    }
    say(`  Gateway   ${gateway}/api/v1   (bearer token from Keycloak, client opencen-cli)`);
    if (apps.includes('cases')) {
      say(
        `  Cases     ${gateway}/api/v1/cases   (officer creates and submits, supervisor validates)`,
      );
    }
    say(`  API docs  ${gateway}/api/docs   (OpenAPI document: ${gateway}/api/docs-json)\n`);
  }
  const metrics = apps
    .filter((app) => examplePort(app, 'METRICS_PORT'))
    .map((app) => `${app} http://127.0.0.1:${examplePort(app, 'METRICS_PORT')}/metrics`);
  if (metrics.length > 0) {
    // infra/prometheus/prometheus.yml scrapes these ports.
    say(`  Metrics   ${metrics.join('\n            ')}`);
    say(
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT
        ? `  Traces    sent by OTLP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}\n`
        : '  Traces    off: set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. a Jaeger at http://127.0.0.1:4318)\n',
    );
  }
  note('running; press Ctrl-C to stop everything.');

  await new Promise((resolve) => {
    if (session.interrupted) resolve();
    session.onInterrupt.push(() => resolve());
    setInterval(() => {}, 1 << 30); // keep the event loop alive until interrupted
  });

  await Promise.all(
    [...running.entries()].map(async ([app, proc]) => {
      running.delete(app);
      note(`${app}: ${await stopGroup(proc.pgid, 10000)}`);
      reaper.forget(proc.pgid);
    }),
  );
  reaper.release();
  await stack.stop();
  return 0; // stopped as asked
}

/** The app's HTTP port: HTTP_PORT from the environment of this run, else its .env.example default. */
function appPort(app) {
  return examplePort(app, 'HTTP_PORT');
}

/** A port the app's .env.example gives `variable`, if any. */
function examplePort(app, variable) {
  const example = path.join(REPO_ROOT, 'apps', app, '.env.example');
  const match =
    fs.existsSync(example) &&
    new RegExp(`^${variable}=(\\d+)$`, 'm').exec(fs.readFileSync(example, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Waits until the app answers /health/ready (it seeds, connects), so the URLs printed work. */
async function waitForApp(app, running, config) {
  const port = appPort(app);
  if (!port) return;
  const deadline = Date.now() + config.startTimeoutMs;
  while (running.has(app) && Date.now() < deadline) {
    const ok = await httpGet(`http://127.0.0.1:${port}/health/ready`, 2000).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return note(`${app}: ready on http://127.0.0.1:${port}`);
    await sleep(500);
  }
  if (running.has(app))
    note(`${app}: not ready after ${formatDuration(config.startTimeoutMs)}; see its log`);
}

function indent(text) {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function usage() {
  say(`Usage: node infra/local/cli.js <command>

  provision   install nats-server ${VERSIONS.natsServer}, FerretDB ${VERSIONS.ferretdb}, Keycloak ${VERSIONS.keycloak},
              OpenSearch ${VERSIONS.opensearch}, Mailpit ${VERSIONS.mailpit} (and the docker compose plugin
              when a docker client exists) into the cache
  up          start the infrastructure in the background (npm run infra:up)
  down        stop it (npm run infra:down)
  status      show the stack started by \`up\`
  test [...]  provision, npm ci if needed, build, check types, lint and formatting, start a fresh
              stack, run the tests, stop (npm test); extra arguments go to \`turbo run test\`, e.g.
              npm test -- --filter=@opencen/contracts (then without the checks)
  check       build, then the checks npm test runs before the tests: types (specs and tests
              included), lint, architecture rules, formatting (npm run check)
  start       provision, install, build, start the stack and every built app until Ctrl-C (npm start)

Environment: OPENCEN_NATS_PORT (4223), OPENCEN_NATS_MONITOR_PORT (8223), OPENCEN_MONGO_PORT (27018),
OPENCEN_KEYCLOAK_PORT (8180), OPENCEN_KEYCLOAK_MANAGEMENT_PORT (9180), OPENCEN_OPENSEARCH_PORT (9210),
OPENCEN_OPENSEARCH_TRANSPORT_PORT (9310), OPENCEN_OPENSEARCH_HEAP (512m to 1g), OPENCEN_OPENSEARCH_USER
(nobody; who runs OpenSearch when you are root), OPENCEN_MAILPIT_SMTP_PORT (1026),
OPENCEN_MAILPIT_HTTP_PORT (8026), OPENCEN_START_TIMEOUT (180 s), OPENCEN_CACHE_DIR, OPENCEN_DATA_DIR,
OPENCEN_LOG_DIR; NATS_URL, MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL, SMTP_URL (with MAILPIT_URL, its
API) use an existing server instead of starting one.`);
}

async function main(argv) {
  const [command, ...rest] = argv;
  const commands = {
    provision: cmdProvision,
    up: cmdUp,
    down: cmdDown,
    status: cmdStatus,
    test: cmdTest,
    check: cmdCheck,
    start: cmdStart,
  };
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    usage();
    return command ? 0 : 2;
  }
  if (!commands[command]) {
    say(`Unknown command: ${command}\n`);
    usage();
    return 2;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, handleSignal);
  try {
    return await commands[command](rest);
  } catch (err) {
    if (err instanceof Interrupted || session.interrupted) {
      note('interrupted; everything this command started is stopped.');
      return 130;
    }
    if (err instanceof InfraError) {
      process.stderr.write(`\n[opencen] ✖ ${err.message}\n`);
      if (err.logTail) process.stderr.write(`${indent(err.logTail)}\n`);
      if (err.hint)
        process.stderr.write(`[opencen] → ${err.hint.split('\n').join('\n[opencen]   ')}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err.stack || err}\n`);
    process.exit(1);
  },
);
