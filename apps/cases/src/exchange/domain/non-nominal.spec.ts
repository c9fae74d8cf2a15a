import { aCase } from '../../cases/testing/cases.fixtures';
import { ageBand, toExchangeCase } from './non-nominal';

describe('ageBand', () => {
  it.each([
    ['1990-06-15', '2026-06-14T10:00:00Z', '35-44'],
    ['1990-06-15', '2026-06-15T10:00:00Z', '35-44'],
    ['1991-06-15', '2026-06-14T10:00:00Z', '25-34'],
    ['2010-01-01', '2026-01-01T00:00:00Z', '0-17'],
    ['1950', '2026-03-01T00:00:00Z', '65+'],
    // A year alone counts from 31 December: never older than the person can be.
    ['2008', '2026-06-01T00:00:00Z', '0-17'],
    [undefined, '2026-06-01T00:00:00Z', 'unknown'],
    ['1990-01-01', undefined, 'unknown'],
  ])('born %s, detected %s: %s', (born, at, band) => {
    expect(ageBand(born, at)).toBe(band);
  });
});

describe('toExchangeCase', () => {
  const kase = aCase({
    status: 'validated',
    riskIndicators: [{ code: 'RI-7', text: 'Tip from Jean Dupont, passport 12AB34567' }],
    tags: ['dupont'],
    parties: [
      { subjectType: 'person', subjectId: 'p-1', role: 'offender', arrested: true },
      { subjectType: 'company', subjectId: 'c-1', role: 'consignee', arrested: false },
    ],
    conveyance: {
      conveyanceId: 'v-1',
      containerNumber: 'CSQU3054383',
      transportDocument: { type: 'air-waybill', number: 'AWB-999' },
    },
    outcome: { fines: [{ amount: 100, currency: 'EUR', kind: 'fine' }], disposalNote: 'to Dupont' },
  });
  const exported = toExchangeCase(kase, {
    persons: new Map([
      ['p-1', { gender: 'male', dateOfBirth: '1990-06-15', nationalities: ['BR'] }],
    ]),
    companies: new Map([['c-1', { country: 'NL' }]]),
    conveyances: new Map([['v-1', { type: 'aircraft', country: 'FR' }]]),
  });

  it('keeps codes, quantities, values, route and the coded details', () => {
    expect(exported).toMatchObject({
      caseNumber: kase.number,
      detectionOffice: 'FRA-CDG',
      detectionMethods: ['XRAY_SCANNER'],
      riskIndicatorCodes: ['RI-7'],
      departureCountry: 'BR',
      transitCountries: ['PT'],
      items: [
        {
          commodityCategory: 'DRUGS',
          hsCode: '293979',
          quantity: 12.5,
          unit: 'KGM',
          drugType: 'cocaine',
          concealmentMethod: 'BAGGAGE_FALSE_BOTTOM',
        },
      ],
      conveyance: { type: 'aircraft', country: 'FR', transportDocumentType: 'air-waybill' },
      fines: [{ kind: 'fine', amount: 100, currency: 'EUR' }],
    });
  });

  it('reduces persons to nationality, gender and age band, companies to country and role', () => {
    expect(exported.persons).toEqual([
      { role: 'offender', arrested: true, nationality: 'BR', gender: 'male', ageBand: '35-44' },
    ]);
    expect(exported.companies).toEqual([{ role: 'consignee', country: 'NL' }]);
  });

  it('leaves out every free text and identifier', () => {
    const text = JSON.stringify(exported);
    for (const nominal of [
      'Dupont',
      '12AB34567',
      'CSQU3054383',
      'AWB-999',
      'false-bottom',
      'airport',
      'p-1',
      'c-1',
      'v-1',
    ])
      expect(text).not.toContain(nominal);
  });
});
