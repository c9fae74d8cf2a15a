import { type Case } from '@opencen/contracts';
import { demoUserToken } from '@opencen/testing';
import { type EventCounter } from './event-counter';
import { type FaultStack } from './fault-stack';
import {
  type Verdict,
  type Window,
  type WriteRecord,
  converged,
  expectedVersions,
  judge,
} from './ledger';

/**
 * What a scenario reads after its load: the store by id (through the gateway), the cases index
 * (OpenSearch, directly), the events (the counter), judged together until they agree.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A case as the store and the index hold it: its version and when it last changed. */
interface Held {
  version: number;
  updatedAt: number;
}

/** Each case in the store (read by id through the gateway), for `caseIds`. */
async function storeState(
  stack: FaultStack,
  caseIds: readonly string[],
): Promise<Map<string, Held | undefined>> {
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
async function indexedUpdates(
  stack: FaultStack,
  caseIds: readonly string[],
): Promise<Map<string, number>> {
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
 * passed; only the cases that did not agree yet are read again. `allWrites` are every write of
 * the run so far (an event of a case none of them made is an event of no write).
 */
export async function untilConverged(
  stack: FaultStack,
  counter: EventCounter,
  writes: readonly WriteRecord[],
  allWrites: readonly WriteRecord[],
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
    for (const [id, state] of await storeState(stack, unsettled(store))) {
      held.set(id, state);
      store.set(id, state?.version);
    }
    for (const [id, updatedAt] of await indexedUpdates(stack, unsettled(index))) {
      const stored = held.get(id);
      if (stored && stored.updatedAt === updatedAt) index.set(id, stored.version);
    }
    const verdict = judge(writes, store, counter.eventsOf(caseIds, known), index, window);
    if (converged(verdict)) return { verdict, convergedInMs: Date.now() - started };
    if (Date.now() - started > withinMs) return { verdict, convergedInMs: undefined };
    await sleep(1000);
  }
}

/** The person every case of the load names as suspect, so that cases asks persons about it. */
export async function createSuspect(stack: FaultStack): Promise<string> {
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
  return body.person.id;
}
