import { describe, expect, it } from 'vitest';
import { reportRows } from './import-report';

describe('reportRows', () => {
  it('lists every data row, the bad ones with their problems', () => {
    const rows = reportRows({
      rows: 3,
      problemCount: 1,
      problems: [{ row: 3, column: 'unit', reason: 'unknown' }],
    });
    expect(rows.map(({ row, outcome, problems }) => [row, outcome, problems.length])).toEqual([
      [2, 'good', 0],
      [3, 'bad', 1],
      [4, 'good', 0],
    ]);
  });

  it('does not call good the rows after the last problem kept when the job kept only some', () => {
    const rows = reportRows({
      rows: 5,
      problemCount: 4,
      problems: [
        { row: 2, column: 'unit', reason: 'unknown' },
        { row: 4, column: 'quantity', reason: 'negative' },
      ],
    });
    expect(rows.map(({ outcome }) => outcome)).toEqual([
      'bad',
      'good',
      'bad',
      'unlisted',
      'unlisted',
    ]);
  });
});
