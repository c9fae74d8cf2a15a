import fs from 'node:fs';
import path from 'node:path';
import { type Case } from '@opencen/contracts';
import { demoUserToken } from '@opencen/testing';
import { EventCounter } from '../support/event-counter';
import {
  type App,
  type FaultStack,
  type ServerPart,
  startFaultStack,
} from '../support/fault-stack';
import {
  type TableRow,
  type Verdict,
  type Window,
  type WriteRecord,
  converged,
  expectedVersions,
  judge,
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

/** A case as the store and the index hold it: its version and when it last changed. */
interface Held {
  version: number;
  updatedAt: number;
}

/** Each case in the store (read by id through the gateway), for `caseIds`. */
async function storeState(caseIds: readonly string[]): Promise<Map<string, Held | undefined>> {
  const token = (await demoUserToken('officer')).access_token;
  const held = new Map<string, Held | undefined>();
  const queue = [...caseIds];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        const response = await fetch(`${stack.gatewayUrl}/api/v1/cases/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        }).catch(() => undefined);
        const kase = response?.ok ? ((await response.json()) as Case) : undefined;
        held.set(
          id,
          kase && { version: kase.version, updatedAt: Date.parse(String(kase.updatedAt)) },
        );
      }
    }),
  );
  return held;
}

/**
 * When each case last changed as the cases service's search index holds it (OpenSearch, read
 * directly). The index keeps the case's `updatedAt`, which every write changes.
 */
async function indexedUpdates(caseIds: readonly string[]): Promise<Map<string, number>> {
  const updates = new Map<string, number>();
  for (let i = 0; i < caseIds.length; i += 500) {
    const ids = caseIds.slice(i, i + 500);
    const response = await fetch(`${stack.opensearchUrl}/${stack.casesIndex}/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: { ids: { values: ids } },
        _source: ['updatedAt'],
        size: ids.length,
      }),
    }).catch(() => undefined);
    if (!response?.ok) continue;
    const body = (await response.json()) as {
      hits: { hits: { _id: string; _source: { updatedAt: string } }[] };
    };
    for (const hit of body.hits.hits) updates.set(hit._id, Date.parse(hit._source.updatedAt));
  }
  return updates;
}

/**
 * Judges `writes` until the store, the events and the index agree with them, or `withinMs` has
 * passed; only the cases that did not agree yet are read again.
 */
async function untilConverged(
  writes: readonly WriteRecord[],
  window: Window | undefined,
  withinMs: number,
): Promise<{ verdict: Verdict; convergedInMs: number | undefined }> {
  const started = Date.now();
  const expected = expectedVersions(writes);
  const caseIds = new Set(expected.keys());
  const known = new Set(allWrites.map((write) => write.caseId));
  const held = new Map<string, Held | undefined>();
  const store = new Map<string, number | undefined>();
  // The index holds a case at the store's version when it holds the store's last change.
  const index = new Map<string, number | undefined>();
  for (;;) {
    const unsettled = (versions: Map<string, number | undefined>) =>
      [...caseIds].filter((id) => versions.get(id) !== expected.get(id));
    for (const [id, state] of await storeState(unsettled(store))) {
      held.set(id, state);
      store.set(id, state?.version);
    }
    for (const [id, updatedAt] of await indexedUpdates(unsettled(index))) {
      const stored = held.get(id);
      if (stored && stored.updatedAt === updatedAt) index.set(id, stored.version);
    }
    const verdict = judge(writes, store, counter.eventsOf(caseIds, known), index, window);
    if (converged(verdict)) return { verdict, convergedInMs: Date.now() - started };
    if (Date.now() - started > withinMs) return { verdict, convergedInMs: undefined };
    await sleep(1000);
  }
}

beforeAll(async () => {
  const keycloakUrl = process.env.KEYCLOAK_URL;
  if (!keycloakUrl) throw new Error('KEYCLOAK_URL is not set: run through jest (global setup)');
  stack = await startFaultStack(keycloakUrl, log);
  counter = new EventCounter(stack.natsUrl);
  await counter.start();
  const token = (await demoUserToken('officer')).access_token;
  const created = await fetch(`${stack.gatewayUrl}/api/v1/persons`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      draft: { familyName: 'Faultline', givenNames: 'Test', dateOfBirth: '1975-03-02' },
      confirmedNew: true,
    }),
  });
  const body = (await created.json()) as { person?: { id: string } };
  if (created.status !== 201 || !body.person)
    throw new Error(
      `The suite's person was not created: ${created.status} ${JSON.stringify(body)}`,
    );
  personId = body.person.id;
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
    const { verdict, convergedInMs } = await untilConverged(writes, window, CONVERGE_WITHIN_MS);
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
    const { verdict } = await untilConverged(allWrites, { from: 0, to: Date.now() }, 30_000);
    expect(summarize(verdict.problems)).toEqual([]);
    expect(verdict).toMatchObject({ lost: 0, doubled: 0, unresolved: 0, indexBehind: 0 });
  });
});
