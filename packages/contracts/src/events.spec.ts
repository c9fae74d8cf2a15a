import { z } from 'zod';

import { ContractViolationError } from './errors';
import {
  type EventDataOf,
  type EventOf,
  anyCloudEventSchema,
  buildEvent,
  defineEvent,
  parseEvent,
} from './events';
import { InvalidContractError } from './schema-rules';
import { InvalidSubjectError } from './subjects';

const seizureRecorded = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'seizure-recorded',
  version: 2,
  description: 'A seizure was added to a case.',
  data: z.object({
    caseId: z.string(),
    items: z.array(z.object({ hsCode: z.string(), quantity: z.number().positive() })),
    labels: z.record(z.string(), z.string()).default({}),
  }),
});

const caseClosed = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'closed',
  version: 1,
  description: 'A case was closed.',
  data: z.object({ caseId: z.string() }),
});

const base = {
  subject: 'case-42',
  data: { caseId: 'case-42', items: [{ hsCode: '2402.20', quantity: 1200 }] },
  correlationId: 'corr-1',
  actor: '5f0c3a1e-8d2b-4c57-9a0e-1b2c3d4e5f60',
};

function violationOf(run: () => unknown): ContractViolationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractViolationError) return error;
    throw error;
  }
  throw new Error('expected a ContractViolationError');
}

describe('defineEvent', () => {
  it('derives type, subject and source from the names', () => {
    expect(seizureRecorded).toMatchObject({
      type: 'cases.case.seizure-recorded.v2',
      subject: 'events.cases.case.seizure-recorded.v2',
      source: '/opencen/cases',
      version: 2,
    });
    expect(Object.isFrozen(seizureRecorded)).toBe(true);
  });

  it('rejects malformed names', () => {
    const define = (verb: string, version: number) => () =>
      defineEvent({
        service: 'cases',
        aggregate: 'case',
        verb,
        version,
        description: '',
        data: z.object({}),
      });
    expect(define('Created', 1)).toThrow(InvalidSubjectError);
    expect(define('created', 0)).toThrow(/Invalid event version 0/);
  });

  it('rejects data with field names that cannot be stored', () => {
    expect(() =>
      defineEvent({
        service: 'persons',
        aggregate: 'subject',
        verb: 'created',
        version: 1,
        description: '',
        data: z.object({ 'alias.name': z.string() }),
      }),
    ).toThrow(InvalidContractError);
  });
});

describe('buildEvent', () => {
  it('fills the CloudEvents attributes from the contract', () => {
    const event = buildEvent(seizureRecorded, { ...base, causationId: 'req-7' });
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      source: '/opencen/cases',
      type: 'cases.case.seizure-recorded.v2',
      subject: 'case-42',
      time: expect.any(String),
      datacontenttype: 'application/json',
      correlationid: 'corr-1',
      causationid: 'req-7',
      actor: base.actor,
      data: { ...base.data, labels: {} },
    });
  });

  it('stamps the current time in ISO 8601 UTC', () => {
    const before = Date.now();
    const { time } = buildEvent(seizureRecorded, base);
    expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(time)).toBeLessThanOrEqual(Date.now());
  });

  it('keeps a given id and time, and accepts an offset', () => {
    const id = '0b6e3c52-4a8f-4d1e-9c3b-2f7a8e9d0c1b';
    expect(buildEvent(seizureRecorded, { ...base, id, time: new Date(0) })).toMatchObject({
      id,
      time: '1970-01-01T00:00:00.000Z',
    });
    expect(
      buildEvent(caseClosed, { ...base, data: { caseId: 'x' }, time: '2026-03-01T09:30:00+01:00' })
        .time,
    ).toBe('2026-03-01T09:30:00+01:00');
  });

  it('gives every event its own id', () => {
    const ids = new Set(
      Array.from(
        { length: 500 },
        () => buildEvent(caseClosed, { ...base, data: { caseId: 'x' } }).id,
      ),
    );
    expect(ids.size).toBe(500);
  });

  it('leaves optional attributes out instead of setting them to undefined', () => {
    const event = buildEvent(caseClosed, { ...base, data: { caseId: 'x' } });
    expect(Object.keys(event)).not.toContain('causationid');
    expect(Object.keys(event)).not.toContain('dataschema');
  });

  it('rejects invalid data with paths into the envelope', () => {
    const error = violationOf(() =>
      buildEvent(seizureRecorded, {
        ...base,
        data: { caseId: 'case-42', items: [{ hsCode: '2402.20', quantity: -1 }] },
      }),
    );
    expect(error).toMatchObject({ kind: 'event', target: 'cases.case.seizure-recorded.v2' });
    expect(error.details.map((d) => d.path)).toEqual(['data.items.0.quantity']);
  });

  it.each([
    ['an id that is not a UUID', { id: '42' }, 'id'],
    ['a time without time zone', { time: '2026-03-01T09:30:00' }, 'time'],
    ['an invalid Date', { time: new Date('not a date') }, 'time'],
    ['an empty actor', { actor: '' }, 'actor'],
    ['an empty correlation id', { correlationId: '' }, 'correlationid'],
  ])('rejects %s', (_label, override, path) => {
    const error = violationOf(() => buildEvent(seizureRecorded, { ...base, ...override }));
    expect(error.details.map((d) => d.path)).toEqual([path]);
  });

  it('rejects record keys that MongoDB/FerretDB cannot store', () => {
    const error = violationOf(() =>
      buildEvent(seizureRecorded, {
        ...base,
        data: { ...base.data, labels: { 'en.GB': 'x', $ne: 'y' } },
      }),
    );
    expect(error.details.map((d) => d.path)).toEqual(['data.labels.en.GB', 'data.labels.$ne']);
  });

  it('is typed by the contract (checked by tsc --noEmit)', () => {
    const event: EventOf<typeof seizureRecorded> = buildEvent(seizureRecorded, base);
    const labels: Record<string, string> = event.data.labels; // defaulted, so present
    expect(labels).toEqual({});
    expect(() =>
      buildEvent(seizureRecorded, {
        ...base,
        // @ts-expect-error -- quantity must be a number
        data: { caseId: 'c', items: [{ hsCode: 'h', quantity: '1' }] },
      }),
    ).toThrow(ContractViolationError);
    // @ts-expect-error -- the data of another event does not fit
    const wrong: EventDataOf<typeof caseClosed> = base.data.items;
    expect(wrong).toBeDefined();
  });
});

describe('parseEvent', () => {
  it('accepts an event after a JSON round trip', () => {
    const event = buildEvent(seizureRecorded, base);
    expect(parseEvent(seizureRecorded, JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('rejects an event of another contract', () => {
    const closed = buildEvent(caseClosed, { ...base, data: { caseId: 'case-42' } });
    const error = violationOf(() => parseEvent(seizureRecorded, { ...closed, data: base.data }));
    expect(error.details.map((d) => d.path)).toEqual(['type']);
  });

  it.each([
    ['another source', { source: '/opencen/persons' }, ['source']],
    ['another spec version', { specversion: '0.3' }, ['specversion']],
    ['invalid data', { data: { caseId: 1, items: [] } }, ['data.caseId']],
    ['no correlation id', { correlationid: undefined }, ['correlationid']],
  ])('rejects %s', (_label, override, paths) => {
    const event = { ...buildEvent(seizureRecorded, base), ...override };
    expect(
      violationOf(() => parseEvent(seizureRecorded, event)).details.map((d) => d.path),
    ).toEqual(paths);
  });

  it('reads the envelope of any event without its contract', () => {
    const event = buildEvent(caseClosed, { ...base, data: { caseId: 'x' } });
    expect(anyCloudEventSchema.parse(event).type).toBe('cases.case.closed.v1');
    expect(anyCloudEventSchema.safeParse({ ...event, id: 'nope' }).success).toBe(false);
  });
});
