import { createLogger } from '../logging/logger';
import { KeyAccessGuard, filterFields, filterShape, isByKey } from './key-access-guard';

describe('key-access guard', () => {
  const guard = new KeyAccessGuard(
    'test_db',
    {
      bounded: { entries: 'a code list: about 2,000 entries whatever the data' },
      allowed: [{ collection: 'cases', fields: ['outbox.id'], why: 'recovery pass' }],
    },
    createLogger('cases', 'silent'),
    'warn',
  );

  it('takes an _id equality, with or without other conditions, as a read by key', () => {
    expect(isByKey({ _id: 'c1' })).toBe(true);
    expect(isByKey({ _id: 'c1', version: 3 })).toBe(true);
    expect(isByKey({ _id: { $eq: 'c1' } })).toBe(true);
    expect(isByKey({ _id: { $in: ['c1', 'c2'] } })).toBe(false);
    expect(isByKey({ _id: { $gt: 'c1' } })).toBe(false);
    expect(isByKey({ number: 'FRACDG-2026-000001' })).toBe(false);
    expect(isByKey({})).toBe(false);
  });

  it('names the fields of a filter, inside $or and $and too, and keeps no value in its shape', () => {
    const filter = { status: 'active', $or: [{ subjectId: 'p1' }, { subjectType: 'person' }] };
    expect(filterFields(filter)).toEqual(['status', 'subjectId', 'subjectType']);
    expect(filterShape(filter)).toBe(
      '{"status":"?","$or":[{"subjectId":"?"},{"subjectType":"?"}]}',
    );
    expect(filterShape({ name: { $in: ['IVANOV'] } })).not.toContain('IVANOV');
  });

  it('reports a query of a growing collection not by key, and nothing else', () => {
    expect(guard.check('find', { find: 'cases', filter: { number: 'X' } })).toEqual([
      {
        database: 'test_db',
        collection: 'cases',
        command: 'find',
        shape: '{"number":"?"}',
        fields: ['number'],
      },
    ]);
    expect(guard.check('find', { find: 'cases', filter: { _id: 'c1' } })).toEqual([]);
    expect(guard.check('find', { find: 'entries', filter: { list: 'countries' } })).toEqual([]);
    expect(
      guard.check('find', { find: 'cases', filter: { 'outbox.id': { $exists: true } } }),
    ).toEqual([]);
    expect(guard.check('insert', { insert: 'cases', documents: [{}] })).toEqual([]);
  });

  it('reads the filters of updates, deletes, counts and aggregations', () => {
    const update = { update: 'cases', updates: [{ q: { _id: 'c1' } }, { q: { office: 'X' } }] };
    expect(guard.check('update', update).map((v) => v.shape)).toEqual(['{"office":"?"}']);
    expect(guard.check('delete', { delete: 'cases', deletes: [{ q: {} }] })[0]?.shape).toBe('{}');
    expect(guard.check('count', { count: 'cases', query: { status: 'x' } })).toHaveLength(1);
    const aggregate = { aggregate: 'cases', pipeline: [{ $match: { _id: 'c1' } }, { $limit: 1 }] };
    expect(guard.check('aggregate', aggregate)).toEqual([]);
    expect(
      guard.check('aggregate', { aggregate: 'cases', pipeline: [{ $unwind: '$x' }] }),
    ).toHaveLength(1);
  });

  it('allows any combination of the fields of a subset allowance, and no other field', () => {
    const search = new KeyAccessGuard(
      'test_db',
      {
        allowed: [
          { collection: 'cases', fields: ['office', 'status'], match: 'subset', why: 'search' },
        ],
      },
      createLogger('cases', 'silent'),
      'warn',
    );
    const find = (filter: object) => search.check('find', { find: 'cases', filter });
    expect(find({})).toEqual([]);
    expect(find({ office: 'X' })).toEqual([]);
    expect(find({ $and: [{ office: 'X' }, { status: 'draft' }] })).toEqual([]);
    expect(find({ office: 'X', number: 'N' }).map((v) => v.fields)).toEqual([['number', 'office']]);
  });
});
