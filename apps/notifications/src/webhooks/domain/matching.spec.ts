import { matches } from './matching';

const subscription = {
  status: 'active' as const,
  eventTypes: ['cases.case.validated.v1'],
  filters: {},
};
const event = (data: Record<string, unknown>, type = 'cases.case.validated.v1') => ({ type, data });

describe('matches', () => {
  it('takes the subscribed types of an active subscription only', () => {
    expect(matches(subscription, event({}))).toBe(true);
    expect(matches(subscription, event({}, 'cases.case.created.v1'))).toBe(false);
    expect(matches({ ...subscription, status: 'disabled' }, event({}))).toBe(false);
  });

  it('holds every filter on the fields the event carries; a missing field fails it', () => {
    const filtered = {
      ...subscription,
      filters: { office: ['FRA-CDG'], caseType: ['seizure' as const] },
    };
    expect(matches(filtered, event({ office: 'FRA-CDG', type: 'seizure' }))).toBe(true);
    expect(matches(filtered, event({ office: 'FRA-ORY', type: 'seizure' }))).toBe(false);
    expect(matches(filtered, event({ office: 'FRA-CDG', type: 'offence' }))).toBe(false);
    expect(matches(filtered, event({ type: 'seizure' }))).toBe(false);
  });

  it('finds a commodity category on the event or on any of its items', () => {
    const drugs = { ...subscription, filters: { commodityCategory: ['DRUGS'] } };
    expect(matches(drugs, event({ commodityCategory: 'DRUGS' }))).toBe(true);
    expect(
      matches(
        drugs,
        event({ items: [{ commodityCategory: 'CIGS' }, { commodityCategory: 'DRUGS' }] }),
      ),
    ).toBe(true);
    expect(matches(drugs, event({ items: [{ commodityCategory: 'CIGS' }] }))).toBe(false);
    expect(matches(drugs, event({ office: 'FRA-CDG' }))).toBe(false);
  });
});
