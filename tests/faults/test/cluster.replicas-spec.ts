import fs from 'node:fs';
import path from 'node:path';
import { createSuspect, untilConverged } from '../support/checks';
import { EventCounter } from '../support/event-counter';
import { type FaultStack, startFaultStack } from '../support/fault-stack';
import { type Verdict, type WriteRecord, summarize } from '../support/ledger';
import { Load } from '../support/load';

/**
 * Two replicas of every service and two gateways behind a round-robin proxy, under the same steady
 * load of case writes as the fault scenarios: replicas share requests through NATS queue groups
 * and events through JetStream consumers. First the load alone (steady state); then one replica of
 * each app killed with SIGKILL in turn (restarted); then a rolling restart, every replica in turn
 * stopped with SIGTERM (it drains) and started again. Nothing acknowledged may be lost or doubled,
 * and the rolling restart may fail no request. Prints requests, failures and latency percentiles
 * of each phase, and writes them to results/.
 */

const OPERATIONS = Number(process.env.FAULTS_OPERATIONS ?? 200);
const WORKERS = Number(process.env.FAULTS_WORKERS ?? 6);
const CONVERGE_WITHIN_MS = Number(process.env.FAULTS_CONVERGE_WITHIN_MS ?? 90_000);

const log = (line: string) => process.stderr.write(`[replicas] ${line}\n`);

let stack: FaultStack;
let counter: EventCounter;
let personId: string;
const allWrites: WriteRecord[] = [];
const rows: string[] = [];

/** The `p`-th percentile of the writes' first answer times, in ms. */
function percentile(writes: readonly WriteRecord[], p: number): number {
  const times = writes.map((write) => write.answeredAt - write.sentAt).sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
}

/**
 * Runs the load while `during` breaks things (at least OPERATIONS writes, and until `during` is
 * done), then waits until the store, the events and the index agree; records the phase's figures.
 */
async function phase(
  name: string,
  during: (load: Load) => Promise<void>,
): Promise<{ verdict: Verdict; writes: WriteRecord[] }> {
  const load = new Load({
    gatewayUrl: stack.gatewayUrl,
    operations: Infinity,
    workers: WORKERS,
    personId,
  });
  const running = load.run();
  await during(load);
  await after(load, OPERATIONS);
  load.stop();
  const writes = await running;
  allWrites.push(...writes);
  // Every failure counts here: the window is empty.
  const { verdict, convergedInMs } = await untilConverged(
    stack,
    counter,
    writes,
    allWrites,
    { from: 0, to: 0 },
    CONVERGE_WITHIN_MS,
  );
  const seconds = (writes.at(-1)!.answeredAt - writes[0]!.sentAt) / 1000;
  rows.push(
    `| ${name} | ${writes.length} | ${(writes.length / seconds).toFixed(1)}/s | ${verdict.failedFirst} | ${verdict.lost} | ${verdict.doubled} | ${percentile(writes, 50)} ms | ${percentile(writes, 99)} ms | ${convergedInMs === undefined ? 'never' : `${(convergedInMs / 1000).toFixed(1)} s`} |`,
  );
  log(`${name}: ${rows.at(-1)}`);
  return { verdict, writes };
}

/** Waits until the load has done `count` writes. */
async function after(load: Load, count: number): Promise<void> {
  while (load.writes.length < count) await new Promise((resolve) => setTimeout(resolve, 100));
}

beforeAll(async () => {
  const keycloakUrl = process.env.KEYCLOAK_URL;
  if (!keycloakUrl) throw new Error('KEYCLOAK_URL is not set: run through jest (global setup)');
  stack = await startFaultStack(keycloakUrl, log, { replicas: 2 });
  counter = new EventCounter(stack.natsUrl, 'replicas-event-counter');
  await counter.start();
  personId = await createSuspect(stack);
}, 600_000);

afterAll(async () => {
  await counter?.stop();
  await stack?.stop();
  if (rows.length === 0) return;
  const table = [
    '| phase | writes | rate | failed | lost | doubled | p50 | p99 | converged in |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  process.stdout.write(`\n${table}\n\n`);
  const results = path.join(__dirname, '..', 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, `replicas-${OPERATIONS}.md`), `${table}\n`);
}, 120_000);

describe('two replicas of every app behind a round-robin proxy', () => {
  it('takes the steady load with no failure', async () => {
    const { verdict } = await phase('steady state', async () => {});
    expect(summarize(verdict.problems)).toEqual([]);
  });

  it('loses and doubles nothing while one replica of each app is killed (kill -9) and restarted', async () => {
    const { verdict } = await phase('kill -9 of one replica of each', async (load) => {
      const seconds = stack.replicaNames().filter((name) => name.includes('#'));
      for (const [i, replica] of seconds.entries()) {
        await after(load, ((i + 1) * OPERATIONS) / (seconds.length + 2));
        log(`kill -9 ${replica}`);
        await stack.kill(replica);
      }
    });
    expect(verdict).toMatchObject({ lost: 0, doubled: 0, unresolved: 0, indexBehind: 0 });
  });

  it('fails no request while every replica is restarted in turn (SIGTERM, drain, start)', async () => {
    const { verdict } = await phase('rolling restart', async () => {
      for (const replica of stack.replicaNames()) {
        log(`restart ${replica}`);
        await stack.restart(replica);
      }
    });
    expect(summarize(verdict.problems)).toEqual([]);
    expect(verdict.failedFirst).toBe(0);
  });
});
