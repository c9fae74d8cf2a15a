import { DomainRefusal } from '@opencen/contracts';

import { caseQueryOf, decodeCursor, encodeCursor } from './case-query';

const all = { all: true, classifications: ['restricted'] } as const;

describe('case query', () => {
  it('reads a day range as whole UTC days and an instant range as given', () => {
    expect(caseQueryOf({ detectedFrom: '2026-03-01', detectedTo: '2026-03-31' }, all)).toEqual({
      scope: all,
      detectedFrom: new Date('2026-03-01T00:00:00Z'),
      detectedBefore: new Date('2026-04-01T00:00:00Z'),
    });
    expect(caseQueryOf({ detectedTo: '2026-03-31T10:00:00+02:00' }, all).detectedBefore).toEqual(
      new Date('2026-03-31T08:00:00.001Z'),
    );
  });

  it('refuses a range that ends before it starts, naming detectedTo', () => {
    const refuse = () => caseQueryOf({ detectedFrom: '2026-03-02', detectedTo: '2026-03-01' }, all);
    expect(refuse).toThrow(DomainRefusal);
    expect(refuse).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'detectedTo' })] }),
    );
  });

  it('normalises the text as keywords are stored and drops words too short to be indexed', () => {
    expect(caseQueryOf({ text: 'Cocaïne in a SUITCASE cocaine' }, all).words).toEqual([
      'cocaine',
      'suitcase',
    ]);
    expect(() => caseQueryOf({ text: 'a in' }, all)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'text' })] }),
    );
  });

  it('keeps only the filters given', () => {
    expect(caseQueryOf({ office: 'FRA-CDG', status: undefined }, all)).toEqual({
      scope: all,
      office: 'FRA-CDG',
    });
  });
});

describe('case cursor', () => {
  const byDate = { field: 'detectedAt', direction: 'desc' } as const;

  it('gives back the position it holds, a date, a missing date or a number', () => {
    const at = new Date('2026-03-14T08:30:00Z');
    expect(decodeCursor(encodeCursor(byDate, { value: at, id: 'c1' }), byDate)).toEqual({
      value: at,
      id: 'c1',
    });
    expect(decodeCursor(encodeCursor(byDate, { value: null, id: 'c2' }), byDate)).toEqual({
      value: null,
      id: 'c2',
    });
    const byNumber = { field: 'number', direction: 'asc' } as const;
    const position = { value: 'FRACDG-2026-000001', id: 'c3' };
    expect(decodeCursor(encodeCursor(byNumber, position), byNumber)).toEqual(position);
  });

  it('refuses a cursor of another sort, or not one of ours, naming the cursor', () => {
    const cursor = encodeCursor(byDate, { value: new Date(), id: 'c1' });
    const named = expect.objectContaining({
      details: [expect.objectContaining({ path: 'cursor' })],
    });
    expect(() => decodeCursor(cursor, { ...byDate, direction: 'asc' })).toThrow(named);
    expect(() => decodeCursor(cursor, { field: 'updatedAt', direction: 'desc' })).toThrow(named);
    expect(() => decodeCursor('not-a-cursor', byDate)).toThrow(named);
    expect(() =>
      decodeCursor(
        Buffer.from('["detectedAt","desc","yesterday","c1"]').toString('base64url'),
        byDate,
      ),
    ).toThrow(named);
  });
});
