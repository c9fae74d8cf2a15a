import { caseFromRows, parseImportRow } from './import-rows';

const good = {
  reference: 'REF-1',
  type: 'seizure',
  detectedAt: '2026-02-01',
  detectionOffice: 'FRA-CDG',
  detectionMethods: 'XRAY; DOG',
  departureCountry: 'BR',
  transitCountries: 'PT;ES',
  commodityCategory: 'DRUGS',
  hsCode: '293979',
  quantity: '2.5',
  unit: 'KGM',
  value: '1000',
  currency: 'EUR',
  sticks: '',
};

describe('parseImportRow', () => {
  it('reads a good row and lists its codes for the reference service', () => {
    const parsed = parseImportRow(2, good);
    expect(parsed.problems).toEqual([]);
    expect(parsed.item).toMatchObject({
      quantity: 2.5,
      estimatedValue: { amount: 1000, currency: 'EUR' },
    });
    expect(parsed.codes).toEqual(
      expect.arrayContaining([
        { list: 'detection-methods', code: 'DOG', column: 'detectionMethods' },
        { list: 'countries', code: 'ES', column: 'transitCountries' },
        { list: 'hs-codes', code: '293979', column: 'hsCode' },
      ]),
    );
  });

  it('names the row and column of each problem', () => {
    const parsed = parseImportRow(7, {
      ...good,
      quantity: 'lots',
      type: 'smuggling',
      departureCountry: 'Brazil',
      unit: '',
    });
    expect(parsed.problems).toEqual([
      { row: 7, column: 'type', reason: 'one of seizure, offence, investigation' },
      { row: 7, column: 'departureCountry', reason: '"Brazil" is not an ISO 3166-1 alpha-2 code' },
      { row: 7, column: 'quantity', reason: '"lots" is not a number' },
      { row: 7, column: 'unit', reason: 'required' },
    ]);
  });
});

describe('caseFromRows', () => {
  const staged = (row: number, cells: Record<string, string>) => {
    const parsed = parseImportRow(row, cells);
    return {
      row,
      reference: parsed.reference,
      bad: false,
      caseCells: parsed.caseCells,
      item: parsed.item,
    };
  };

  it('makes one draft with an item per row', () => {
    const { draft, problems } = caseFromRows([
      staged(2, good),
      staged(3, { ...good, quantity: '4' }),
    ]);
    expect(problems).toEqual([]);
    expect(draft?.items).toHaveLength(2);
    expect(draft?.route).toEqual({ departureCountry: 'BR', transitCountries: ['PT', 'ES'] });
    expect(draft?.detectedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('refuses a row whose case columns differ from the first row of its case', () => {
    const { draft, problems } = caseFromRows([
      staged(2, good),
      staged(5, { ...good, type: 'offence' }),
    ]);
    expect(draft).toBeUndefined();
    expect(problems).toEqual([
      { row: 5, column: 'type', reason: 'differs from row 2 of case REF-1 ("seizure")' },
    ]);
  });

  it('builds no draft and reports nothing again for a case with a row found bad when staged', () => {
    const badHsCode = { ...staged(3, { ...good, hsCode: '12' }), bad: true };
    const { draft, problems } = caseFromRows([staged(2, good), badHsCode]);
    expect(draft).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
