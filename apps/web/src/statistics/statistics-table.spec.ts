import { describe, expect, it } from 'vitest';
import { figureCsv, figureTable } from './statistics-table';

const titles = {
  key: 'Code',
  label: 'Name',
  cases: 'Cases',
  quantity: (unit: string) => `Quantity (${unit})`,
  value: (currency: string) => `Value (${currency})`,
};

describe('figureTable and figureCsv', () => {
  it('gives a column per unit and currency found, empty where a key has none', () => {
    const table = figureTable(
      [
        { key: 'A', cases: 2, quantities: [{ unit: 'KGM', quantity: 1 }], values: [] },
        {
          key: 'B',
          cases: 1,
          quantities: [{ unit: 'PCE', quantity: 7 }],
          values: [{ currency: 'USD', amount: 10 }],
        },
      ],
      (key) => `label ${key}`,
    );
    expect(table.units).toEqual(['KGM', 'PCE']);
    expect(table.currencies).toEqual(['USD']);
    expect(figureCsv(table, titles)).toBe(
      'Code,Name,Cases,Quantity (KGM),Quantity (PCE),Value (USD)\r\n' +
        'A,label A,2,1,,\r\n' +
        'B,label B,1,,7,10\r\n',
    );
  });

  it('quotes separators and quotes, and keeps a label from running as a spreadsheet formula', () => {
    const table = figureTable(
      [{ key: 'X', cases: 1, quantities: [], values: [] }],
      () => '=HYPERLINK("x"), "y"',
    );
    expect(figureCsv(table, titles).split('\r\n')[1]).toBe('X,"\'=HYPERLINK(""x""), ""y""",1');
  });
});
