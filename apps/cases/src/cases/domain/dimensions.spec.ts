import { aCompleteDraft } from '../testing/cases.fixtures';
import { dimensionsOf, keywordsOf, measuresOf, subjectsOf } from './dimensions';

describe('case dimensions', () => {
  it('are derived from the draft for statistics and search', () => {
    expect(dimensionsOf(aCompleteDraft())).toEqual({
      period: '2026-03',
      year: 2026,
      detectionOffice: 'FRA-CDG',
      commodityCategories: ['DRUGS'],
      hsCodes: ['293979'],
      hsHeadings: ['2939'],
      routeCountries: ['BR', 'FR', 'PT'],
      concealmentMethods: ['BAGGAGE_FALSE_BOTTOM'],
      subjectKeys: ['conveyance:aircraft-1', 'person:person-1'],
      keywords: [
        'bottom',
        'cocaine',
        'false',
        'passenger',
        'profile',
        'risk',
        'selected',
        'suitcase',
        'with',
      ],
      itemCount: 1,
      measures: expect.any(Array),
    });
  });

  it('give statistics figures per key: case keys count every item, item keys their own items', () => {
    const draft = aCompleteDraft({
      detectionMethods: ['DOG'],
      route: { departureCountry: 'BR', transitCountries: [], destinationCountry: 'FR' },
      items: [
        {
          commodityCategory: 'DRUGS',
          quantity: 2,
          unit: 'KGM',
          estimatedValue: { amount: 100, currency: 'EUR' },
          concealment: { method: 'BAGGAGE' },
        },
        { commodityCategory: 'DRUGS', quantity: 3, unit: 'KGM' },
        {
          commodityCategory: 'TOBACCO',
          quantity: 400,
          unit: 'PCE',
          estimatedValue: { amount: 50, currency: 'USD' },
        },
      ],
    });
    const all = [
      { figure: 'quantity', unit: 'KGM', amount: 5 },
      { figure: 'quantity', unit: 'PCE', amount: 400 },
      { figure: 'value', unit: 'EUR', amount: 100 },
      { figure: 'value', unit: 'USD', amount: 50 },
    ];
    const under = (dimension: string, key: string, figures: object[]) => [
      { dimension, key, figure: 'cases', unit: '', amount: 1 },
      ...figures.map((figure) => ({ dimension, key, ...figure })),
    ];
    expect(measuresOf({ ...draft, office: 'FRA-CDG' })).toEqual([
      ...under('month', '2026-03', all),
      ...under('office', 'FRA-CDG', all),
      ...under('detectionMethod', 'DOG', all),
      ...under('routeCountry', 'BR', all),
      ...under('routeCountry', 'FR', all),
      ...under('commodityCategory', 'DRUGS', [
        { figure: 'quantity', unit: 'KGM', amount: 5 },
        { figure: 'value', unit: 'EUR', amount: 100 },
      ]),
      ...under('commodityCategory', 'TOBACCO', [
        { figure: 'quantity', unit: 'PCE', amount: 400 },
        { figure: 'value', unit: 'USD', amount: 50 },
      ]),
      ...under('concealmentMethod', 'BAGGAGE', [
        { figure: 'quantity', unit: 'KGM', amount: 2 },
        { figure: 'value', unit: 'EUR', amount: 100 },
      ]),
    ]);
    // A draft has no owning office yet, nor a month without a date.
    expect(
      measuresOf({ ...draft, detectedAt: undefined }).filter(
        (m) => m.dimension === 'month' || m.dimension === 'office',
      ),
    ).toEqual([]);
  });

  it('take the period in UTC', () => {
    expect(dimensionsOf(aCompleteDraft({ detectedAt: '2026-04-01T00:30:00+02:00' })).period).toBe(
      '2026-03',
    );
  });

  it('normalise keywords across case and diacritics', () => {
    expect(keywordsOf(['Héroïne HÉROÏNE héroïne!', undefined, 'Кокаин'])).toEqual([
      'heroine',
      'кокаин',
    ]);
  });

  it('name parties and the conveyance as the persons service reads them', () => {
    expect(subjectsOf(aCompleteDraft())).toEqual([
      { subjectType: 'person', subjectId: 'person-1', role: 'offender' },
      { subjectType: 'conveyance', subjectId: 'aircraft-1', role: 'other' },
    ]);
  });
});
