import fs from 'node:fs';
import path from 'node:path';
import { createSuspect, untilConverged } from '../support/checks';
import { EventCounter } from '../support/event-counter';
import {
  type App,
  type FaultStack,
  type ServerPart,
  startFaultStack,
} from '../support/fault-stack';
import {
  type TableRow,
  type Window,
  type WriteRecord,
  renderTable,
  summarize,
} from '../support/ledger';
import { Load } from '../support/load';

/**
 * Each scenario runs a steady load of case writes through the gateway and breaks one thing a
 * third of the way through: a service or the gateway killed with SIGKILL and started again, or
 * nats-server, FerretDB or OpenSearch killed and started again on their data. Then every
 * acknowledged write must be in the store, its event must have reached a durable subscriber
 * exactly once, and the search index must agree with the store within CONVERGE_WITHIN_MS; no write
 * may have been answered 5xx (or cut) outside the fault, and each that was must have happened once
 * or not at all, as its replays show. Prints the table (scenario, operations, acknowledged, lost,
 * doubled, 5xx, time to converge) and writes it to results/.
 */

const OPERATIONS = Number(process.env.FAULTS_OPERATIONS ?? 200);
const WORKERS = Number(process.env.FAULTS_WORKERS ?? 6);
const CONVERGE_WITHIN_MS = Number(process.env.FAULTS_CONVERGE_WITHIN_MS ?? 90_000);
/** After a part is back, requests already on their way may still fail for a moment. */
const SETTLE_MS = 5_000;
const ONLY = process.env.FAULTS_SCENARIOS?.split(',').filter(Boolean);

interface Scenario {
  name: string;
  inject?: (stack: FaultStack) => Promise<void>;
}

const killApp = (app: App): Scenario => ({
  name: `kill -9 ${app}`,
  inject: (stack) => stack.kill(app),
});
const crashServer = (part: ServerPart, label: string): Scenario => ({
  name: `kill -9 ${label}`,
  inject: (stack) => stack.crash(part),
});

const SCENARIOS: Scenario[] = [
  { name: 'no fault' },
  killApp('cases'),
  killApp('persons'),
  killApp('reference-data'),
  killApp('auth'),
  killApp('notifications'),
  killApp('gateway'),
  crashServer('nats', 'nats-server'),
  crashServer('mongo', 'FerretDB'),
  crashServer('search', 'OpenSearch'),
].filter((scenario) => !ONLY || ONLY.includes(scenario.name));

const log = (line: string) => process.stderr.write(`[faults] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: FaultStack;
let counter: EventCounter;
let personId: string;
const rows: TableRow[] = [];
const allWrites: WriteRecord[] = [];

beforeAll(async () => {
  const keycloakUrl = process.env.KEYCLOAK_URL;
  if (!keycloakUrl) throw new Error('KEYCLOAK_URL is not set: run through jest (global setup)');
  stack = await startFaultStack(keycloakUrl, log);
  counter = new EventCounter(stack.natsUrl);
  await counter.start();
  personId = await createSuspect(stack);
  log(`stack ready; ${SCENARIOS.length} scenarios of ${OPERATIONS} writes, ${WORKERS} workers`);
}, 600_000);

afterAll(async () => {
  await counter?.stop();
  await stack?.stop();
  if (rows.length === 0) return;
  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n\n`);
  const results = path.join(__dirname, '..', 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, `faults-${OPERATIONS}.md`), `${table}\n`);
}, 120_000);

describe.each(SCENARIOS)(`$name, under ${OPERATIONS} writes`, (scenario) => {
  it('loses nothing acknowledged, doubles nothing, and the index converges', async () => {
    const load = new Load({
      gatewayUrl: stack.gatewayUrl,
      operations: OPERATIONS,
      workers: WORKERS,
      personId,
      onProgress: (done) => {
        if (done % Math.max(1, Math.round(OPERATIONS / 5)) === 0)
          log(`${scenario.name}: ${done}/${OPERATIONS} writes`);
      },
    });
    const running = load.run();
    let window: Window | undefined;
    let recoveredInMs: number | undefined;
    if (scenario.inject) {
      while (load.writes.length < OPERATIONS / 3) await sleep(100);
      const from = Date.now();
      log(`${scenario.name}: now`);
      await scenario.inject(stack);
      recoveredInMs = Date.now() - from;
      window = { from, to: Date.now() + SETTLE_MS };
      log(`${scenario.name}: back after ${(recoveredInMs / 1000).toFixed(1)} s`);
    }
    const writes = await running;
    allWrites.push(...writes);
    const { verdict, convergedInMs } = await untilConverged(
      stack,
      counter,
      writes,
      allWrites,
      window,
      CONVERGE_WITHIN_MS,
    );
    rows.push({ scenario: scenario.name, verdict, convergedInMs, recoveredInMs });
    log(`${scenario.name}: ${JSON.stringify({ ...verdict, problems: verdict.problems.length })}`);
    expect(summarize(verdict.problems)).toEqual([]);
    expect(verdict).toMatchObject({
      operations: OPERATIONS,
      lost: 0,
      doubled: 0,
      unresolved: 0,
      failedOutsideFault: 0,
      indexBehind: 0,
    });
    expect(convergedInMs).toBeDefined();
  });
});

describe('after every scenario', () => {
  it('still holds every write acknowledged in any of them, each event once', async () => {
    expect(allWrites.length).toBe(OPERATIONS * SCENARIOS.length);
    const { verdict } = await untilConverged(
      stack,
      counter,
      allWrites,
      allWrites,
      { from: 0, to: Date.now() },
      30_000,
    );
    expect(summarize(verdict.problems)).toEqual([]);
    expect(verdict).toMatchObject({ lost: 0, doubled: 0, unresolved: 0, indexBehind: 0 });
  });
});
