import {
  EVENTS_OF,
  type WriteRecord,
  converged,
  judge,
  renderTable,
  summarize,
  writeKey,
} from './ledger';

const write = (caseId: string, version: number, over: Partial<WriteRecord> = {}): WriteRecord => ({
  kind: version === 1 ? 'create' : 'update',
  caseId,
  version,
  first: 200,
  sentAt: 1000,
  answeredAt: 1100,
  replays: 0,
  acknowledged: true,
  ...over,
});
/** The events of writes (`caseId@version` and kind): those the kind publishes, one each. */
let nextSequence = 1;
const events = (...writes: [string, 'create' | 'update'][]) =>
  new Map(
    writes.map(([key, kind]) => [
      key,
      new Map(EVENTS_OF[kind].map((type) => [type, new Set([nextSequence++])])),
    ]),
  );

describe('judge', () => {
  const writes = [write('a', 1), write('a', 2), write('b', 1)];
  const allEvents = () =>
    events(
      [writeKey('a', 1), 'create'],
      [writeKey('a', 2), 'update'],
      [writeKey('b', 1), 'create'],
    );
  const store = new Map([
    ['a', 2],
    ['b', 1],
  ]);

  it('finds nothing when the store, the events and the index hold every acknowledged write once', () => {
    const verdict = judge(writes, store, allEvents(), store, undefined);
    expect(verdict).toMatchObject({
      operations: 3,
      acknowledged: 3,
      lost: 0,
      doubled: 0,
      indexBehind: 0,
    });
    expect(verdict.problems).toEqual([]);
    expect(converged(verdict)).toBe(true);
  });

  it('counts a write the store lacks, or whose event never came, as lost once', () => {
    const behind = new Map([
      ['a', 1],
      ['b', 1],
    ]);
    const noEvent = events([writeKey('a', 1), 'create'], [writeKey('b', 1), 'create']);
    expect(judge(writes, behind, noEvent, store, undefined).lost).toBe(1);
    expect(judge(writes, store, noEvent, store, undefined).lost).toBe(1);
    // A creation's subjects-linked event missing is a loss too.
    const halfCreated = allEvents();
    halfCreated.get(writeKey('b', 1))!.delete(EVENTS_OF.create[1]!);
    expect(judge(writes, store, halfCreated, store, undefined).lost).toBe(1);
  });

  it('counts a second event of a write, an event of no write and a store ahead as doubled', () => {
    const twice = allEvents();
    twice.get(writeKey('b', 1))!.set(EVENTS_OF.create[0]!, new Set([90, 91]));
    expect(judge(writes, store, twice, store, undefined).doubled).toBe(1);
    const stray = new Map([...allEvents(), ...events([writeKey('b', 2), 'update'])]);
    expect(judge(writes, store, stray, store, undefined).doubled).toBe(1);
    const foreignType = allEvents();
    foreignType.get(writeKey('a', 2))!.set(EVENTS_OF.create[0]!, new Set([92]));
    expect(judge(writes, store, foreignType, store, undefined).doubled).toBe(1);
    const ahead = new Map([
      ['a', 3],
      ['b', 1],
    ]);
    const verdict = judge(writes, ahead, allEvents(), store, undefined);
    expect(verdict.doubled).toBe(1);
    expect(converged(verdict)).toBe(false);
  });

  it('finds an index behind the store', () => {
    const index = new Map([
      ['a', 1],
      ['b', 1],
    ]);
    expect(judge(writes, store, allEvents(), index, undefined).indexBehind).toBe(1);
  });

  it('accepts a failed first answer only inside the fault window, and an unknown outcome never', () => {
    const cut = [...writes, write('c', 1, { first: 'no answer', sentAt: 5000, answeredAt: 5100 })];
    const withC = new Map([...store, ['c', 1]]);
    const cEvents = new Map([...allEvents(), ...events([writeKey('c', 1), 'create'])]);
    const inside = judge(cut, withC, cEvents, withC, { from: 4000, to: 6000 });
    expect(inside).toMatchObject({ failedFirst: 1, failedOutsideFault: 0, failedButDone: 0 });
    cut[3]!.happenedBeforeReplay = true;
    expect(judge(cut, withC, cEvents, withC, undefined).failedButDone).toBe(1);
    const outside = judge(cut, withC, cEvents, withC, { from: 6000, to: 7000 });
    expect(outside).toMatchObject({ failedFirst: 1, failedOutsideFault: 1 });
    expect(judge(cut, withC, cEvents, withC, undefined).failedOutsideFault).toBe(1);
    const unknown = [...writes, write('d', 1, { first: 503, acknowledged: false })];
    expect(judge(unknown, store, allEvents(), store, undefined).unresolved).toBe(1);
  });
});

describe('renderTable', () => {
  it('prints one Markdown row per scenario with the counts and times', () => {
    const verdict = judge(
      [write('a', 1)],
      new Map([['a', 1]]),
      events([writeKey('a', 1), 'create']),
      new Map([['a', 1]]),
      undefined,
    );
    const table = renderTable([
      { scenario: 'kill -9 cases', verdict, convergedInMs: 1520, recoveredInMs: 3000 },
      { scenario: 'no fault', verdict, convergedInMs: undefined, recoveredInMs: undefined },
    ]);
    expect(table.split('\n')).toEqual([
      expect.stringMatching(/^\| scenario \| operations \| acknowledged \| lost \| doubled/),
      expect.any(String),
      '| kill -9 cases | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 3.0 s | 1.5 s |',
      '| no fault | 1 | 1 | 0 | 0 | 0 | 0 | 0 | – | never |',
    ]);
  });
});

describe('summarize', () => {
  it('groups problems that differ only in ids and numbers, with a count and the first as example', () => {
    const a = '0e1f7c52-5d2b-4a8e-9a51-8f7f5c1e2d3a';
    const b = '7c9d2e41-1b3a-4f6e-8d2c-9e8f7a6b5c4d';
    expect(
      summarize([
        `${a}@2: no cases.case.updated.v1 event`,
        `${b}@5: no cases.case.updated.v1 event`,
        `${a}: indexed at version none, stored 3`,
      ]),
    ).toEqual([
      `2 × ${a}@2: no cases.case.updated.v1 event`,
      `1 × ${a}: indexed at version none, stored 3`,
    ]);
  });
});
