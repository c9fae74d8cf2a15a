'use strict';
// Schemathesis (a property-based API fuzzer, from PyPI, installed by `npm run provision`) against
// the gateway's OpenAPI document, every check on, as a demo user of each role. Every operation is
// fuzzed once, as one of the roles that may call it (`x-opencen-roles` of the document), the one
// with the fewest operations so far, so that every role runs and the work is spread among them; a
// bounded number of examples per operation and a fixed seed keep the run stable. Prints a summary
// per role and fails on any failure.
//
//   npm run fuzz -w @opencen/api-fuzz               (the whole stack is started and stopped)
//   FUZZ_EXAMPLES=20 FUZZ_SEED=7 npm run fuzz -w @opencen/api-fuzz
//   FUZZ_ROLES=officer,admin npm run fuzz -w @opencen/api-fuzz
//   npm test -w @opencen/api-fuzz                    (npm test's run: 2 examples per operation)

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(__dirname, 'results');
const CONFIG = path.join(RESULTS, 'schemathesis.toml');
const { configOf, operationsOf } = require('./allowances');
const { toolPaths, provision, isInstalled } = require(
  path.join(REPO_ROOT, 'infra', 'local', 'provision.js'),
);
const { startApps } = require(path.join(REPO_ROOT, 'tests', 'e2e', 'support', 'stack.js'));
const { snapshotDemoUsers, restoreDemoUsers } = require('./demo-realm');

/** The demo users, one per role; ties go to the first. */
const ROLE_ORDER = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
  'liaison',
  'auditor',
  'integration',
  'admin',
];
/** `--examples=N` (npm test's quick run) unless FUZZ_EXAMPLES says otherwise. */
const EXAMPLES_ARGUMENT = process.argv.find((arg) => arg.startsWith('--examples='))?.split('=')[1];
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? EXAMPLES_ARGUMENT ?? 4);
/**
 * schemathesis processes at once (`--lanes=N` or FUZZ_LANES; 1 by default): each waits on the
 * stack's answers most of the time, so two keep two cores busier.
 */
const LANES_ARGUMENT = process.argv.find((arg) => arg.startsWith('--lanes='))?.split('=')[1];
const LANES = Math.max(1, Number(process.env.FUZZ_LANES ?? LANES_ARGUMENT ?? 1));
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const ONLY_ROLES = process.env.FUZZ_ROLES?.split(',').filter(Boolean);

const log = (line) => process.stdout.write(`[api-fuzz] ${line}\n`);

/** A demo user's access token (password grant of the realm's CLI client). */
async function tokenOf(keycloakUrl, username) {
  const response = await fetch(`${keycloakUrl}/realms/opencen/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'opencen-cli',
      username,
      password: 'opencen',
    }),
  });
  if (!response.ok) throw new Error(`Keycloak refused a token for ${username}: ${response.status}`);
  return (await response.json()).access_token;
}

/**
 * The operations of the document, grouped by the role that fuzzes them.
 * @returns {Map<string, { id: string, sandboxed: boolean }[]>}
 */
function assignOperations(document) {
  /** @type {Map<string, { id: string, sandboxed: boolean }[]>} */
  const byRole = new Map(ROLE_ORDER.map((role) => [role, []]));
  for (const operation of operationsOf(document)) {
    const roles = operation.roles ?? ROLE_ORDER;
    const candidates = ROLE_ORDER.filter((role) => roles.includes(role));
    if (candidates.length === 0)
      throw new Error(`No demo user has a role of ${operation.id}: ${roles}`);
    const role = candidates.reduce((least, role) =>
      byRole.get(role).length < byRole.get(least).length ? role : least,
    );
    byRole.get(role).push(operation);
  }
  return byRole;
}

/**
 * The runs spread over LANES lanes, the biggest first to the lane with the fewest operations; the
 * sandboxed runs all in the first lane, one after another, since they change the same user.
 */
function lanesOf(runs) {
  const lanes = Array.from({ length: LANES }, () => ({ runs: [], operations: 0 }));
  const add = (lane, run) => {
    lane.runs.push(run);
    lane.operations += run.ids.length;
  };
  for (const run of runs.filter((r) => r.sandboxed)) add(lanes[0], run);
  const others = runs.filter((r) => !r.sandboxed).sort((a, b) => b.ids.length - a.ids.length);
  for (const run of others)
    add(
      lanes.reduce((least, lane) => (lane.operations < least.operations ? lane : least)),
      run,
    );
  return lanes.map((lane) => lane.runs);
}

/** Runs schemathesis for one role's operations; resolves to its JSON report. */
function runSchemathesis(tool, { gatewayUrl, token, name, operationIds, phases, sandboxUser }) {
  const report = path.join(RESULTS, `${name}.json`);
  const args = [
    '-m',
    'schemathesis.cli',
    '--config-file',
    CONFIG,
    'run',
    `${gatewayUrl}/api/docs-json`,
    '--url',
    gatewayUrl,
    '--checks',
    'all',
    '--max-examples',
    String(EXAMPLES),
    '--seed',
    String(SEED),
    '--generation-database',
    'none',
    '--no-shrink',
    // One worker: Python 3.11's ast module is not thread-safe, and Hypothesis parses with it.
    '--workers',
    '1',
    '--no-color',
    '--header',
    `Authorization: Bearer ${token}`,
    '--report',
    'json,junit',
    '--report-json-path',
    report,
    '--report-junit-path',
    path.join(RESULTS, `${name}.xml`),
    ...(phases ? ['--phases', phases] : []),
    ...operationIds.flatMap((id) => ['--include-operation-id', id]),
  ];
  const output = fs.openSync(path.join(RESULTS, `${name}.log`), 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, {
      env: {
        ...process.env,
        PYTHONPATH: tool.pythonPath,
        PYTHONDONTWRITEBYTECODE: '1',
        FUZZ_SANDBOX_USER: sandboxUser,
      },
      stdio: ['ignore', output, output],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(output);
      if (!fs.existsSync(report)) {
        const logFile = path.join(RESULTS, `${name}.log`);
        reject(new Error(`schemathesis (${name}) exited ${code} without a report: see ${logFile}`));
        return;
      }
      resolve({ code, report: JSON.parse(fs.readFileSync(report, 'utf8')) });
    });
  });
}

async function main() {
  const began = Date.now();
  if (!isInstalled('schemathesis')) {
    log('schemathesis is not installed: provisioning it');
    await provision({ tools: ['schemathesis'], log });
  }
  const tool = toolPaths().schemathesis;
  // The infrastructure as every test tier finds it (URLs given, `npm run infra:up`, or a fresh one).
  await require('@opencen/testing/global-setup').default();
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const demoUsers = await snapshotDemoUsers(process.env.KEYCLOAK_URL);
  const apps = await startApps({
    mongoUrl: process.env.MONGO_URL,
    keycloakUrl: process.env.KEYCLOAK_URL,
    gatewayEnv: { RATE_LIMIT_MAX: '1000000' },
    logDir: path.join(RESULTS, 'logs'),
    log,
  });
  const runStarted = Date.now();
  const rows = [];
  let failed = false;
  try {
    const document = await (await fetch(`${apps.gatewayUrl}/api/docs-json`)).json();
    fs.writeFileSync(CONFIG, configOf(document));
    const sandboxUser = await createSandboxUser(apps.gatewayUrl);
    const runs = [];
    for (const [role, operations] of assignOperations(document)) {
      if (operations.length === 0 || (ONLY_ROLES && !ONLY_ROLES.includes(role))) continue;
      // The sandboxed operations go in a run of their own, without the stateful phase.
      runs.push(
        { role, name: role, ids: operations.filter((o) => !o.sandboxed).map((o) => o.id) },
        {
          role,
          name: `${role}-sandboxed`,
          ids: operations.filter((o) => o.sandboxed).map((o) => o.id),
          phases: 'examples,coverage,fuzzing',
          sandboxed: true,
        },
      );
    }
    const fuzz = async (run) => {
      const started = Date.now();
      log(`${run.name}: ${run.ids.length} operations, ${EXAMPLES} examples each, seed ${SEED}…`);
      const { code, report } = await runSchemathesis(tool, {
        gatewayUrl: apps.gatewayUrl,
        token: await tokenOf(process.env.KEYCLOAK_URL, run.role),
        name: run.name,
        operationIds: run.ids,
        phases: run.phases,
        sandboxUser,
      });
      const count = (failures) => failures.reduce((sum, failure) => sum + failure.count, 0);
      const failures = count(report.failures);
      rows.push({
        run: run.name,
        operations: run.ids.length,
        cases: report.test_cases?.generated ?? '?',
        failures,
        '5xx': count(report.failures.filter((failure) => failure.code === 'ST101')),
        errors: report.errors.length,
        seconds: Math.round((Date.now() - started) / 1000),
      });
      for (const failure of report.failures)
        log(
          `  ${run.name}: ${failure.code} ${failure.title}: ${failure.count} (${failure.operations.join(', ')})`,
        );
      for (const error of report.errors)
        log(`  ${run.name}: error: ${JSON.stringify(error).slice(0, 300)}`);
      if (code !== 0 || failures > 0 || report.errors.length > 0) failed = true;
    };
    // Each lane runs its runs in turn; the lanes run at once.
    await Promise.all(
      lanesOf(runs.filter(({ ids }) => ids.length > 0)).map(async (lane) => {
        for (const run of lane) await fuzz(run);
      }),
    );
    rows.sort(
      (a, b) => runs.findIndex((r) => r.name === a.run) - runs.findIndex((r) => r.name === b.run),
    );
  } finally {
    await apps.stop();
    await removeUsersCreatedSince(runStarted);
  }
  // The demo users must come out as they went in: every later test tier signs in as them.
  const changed = await restoreDemoUsers(process.env.KEYCLOAK_URL, demoUsers);
  for (const change of changed) log(`the run changed a demo user (put back): ${change}`);
  if (changed.length > 0) failed = true;
  for (const user of ROLE_ORDER) await tokenOf(process.env.KEYCLOAK_URL, user);
  console.table(rows);
  const total = (column) => rows.reduce((sum, row) => sum + (Number(row[column]) || 0), 0);
  const seconds = Math.round((Date.now() - began) / 1000);
  log(
    `summary: ${total('operations')} operations as ${new Set(rows.map((row) => row.run.split('-')[0])).size} roles, ` +
      `${total('cases')} test cases (${EXAMPLES} examples each, seed ${SEED}, every check), ` +
      `${total('failures')} failures, ${total('errors')} errors, ` +
      `${Math.floor(seconds / 60)} min ${seconds % 60} s with the stack's start and stop`,
  );
  log(`reports and logs: ${RESULTS}`);
  if (failed) {
    log('failures: read results/<run>.log for each one and its curl to reproduce it');
    process.exitCode = 1;
  }
}

/** A user of the supervisor's office for the operations on one user; its id. */
async function createSandboxUser(gatewayUrl) {
  const response = await fetch(`${gatewayUrl}/api/v1/users`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await tokenOf(process.env.KEYCLOAK_URL, 'admin')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      username: `fuzz-sandbox-${Date.now()}`,
      firstName: 'Fuzz',
      lastName: 'Sandbox',
      email: `fuzz-sandbox-${Date.now()}@example.org`,
      office: 'FRA-CDG',
      roles: ['officer'],
    }),
  });
  if (response.status !== 201)
    throw new Error(
      `Could not create the sandbox user: ${response.status} ${await response.text()}`,
    );
  return (await response.json()).user.id;
}

/** Removes from the realm the users the run created (the sandbox, and those createUser made). */
async function removeUsersCreatedSince(since) {
  const { keycloakAdminHeaders, DEMO_USERS } = require('@opencen/testing');
  const headers = await keycloakAdminHeaders(process.env.KEYCLOAK_URL);
  const admin = `${process.env.KEYCLOAK_URL}/admin/realms/opencen/users`;
  const users = await (
    await fetch(`${admin}?max=10000&briefRepresentation=true`, { headers })
  ).json();
  const created = users.filter(
    (user) => user.createdTimestamp >= since && !DEMO_USERS.includes(user.username),
  );
  for (const user of created) await fetch(`${admin}/${user.id}`, { method: 'DELETE', headers });
  log(`removed the ${created.length} users the run created`);
}

main().catch((error) => {
  process.stderr.write(`[api-fuzz] ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
