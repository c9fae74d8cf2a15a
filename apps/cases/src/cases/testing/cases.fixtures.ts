import { type Case, type CaseDraft, type Principal, caseDraftSchema } from '@opencen/contracts';

export const officer: Principal = {
  sub: 'officer-sub',
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
export const otherOfficer: Principal = { ...officer, sub: 'officer2-sub', office: 'FRA-LEH' };
export const supervisor: Principal = {
  sub: 'supervisor-sub',
  username: 'supervisor',
  roles: ['supervisor'],
  office: 'FRA-CDG',
};
export const investigator: Principal = {
  sub: 'investigator-sub',
  username: 'investigator',
  roles: ['investigator'],
  office: 'FRA-PAR',
};
export const analyst: Principal = { sub: 'analyst-sub', username: 'analyst', roles: ['analyst'] };

/** A draft with the mandatory minimum and then some. */
export function aCompleteDraft(overrides: Partial<CaseDraft> = {}): CaseDraft {
  return caseDraftSchema.parse({
    type: 'seizure',
    detectedAt: '2026-03-14T09:30:00+01:00',
    location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
    procedure: 'passenger',
    detectionMethods: ['XRAY_SCANNER'],
    transportMode: 'AIR',
    items: [
      {
        commodityCategory: 'DRUGS',
        hsCode: '293979',
        description: 'Cocaïne in false-bottom suitcase',
        quantity: 12.5,
        unit: 'KGM',
        estimatedValue: { amount: 750000, currency: 'EUR' },
        details: { drugType: 'cocaine' },
        concealment: { method: 'BAGGAGE_FALSE_BOTTOM' },
      },
    ],
    route: { departureCountry: 'BR', transitCountries: ['PT'], destinationCountry: 'FR' },
    parties: [{ subjectType: 'person', subjectId: 'person-1', role: 'offender', arrested: true }],
    conveyance: { conveyanceId: 'aircraft-1', flightOrVoyageNumber: 'AF443' },
    narrative: 'Passenger selected by risk profile; suitcase with a false bottom.',
    ...overrides,
  });
}

export function aCase(overrides: Partial<Case> = {}): Case {
  return {
    ...aCompleteDraft(),
    id: 'case-1',
    number: 'FRACDG-2026-000001',
    office: 'FRA-CDG',
    status: 'draft',
    assignedInvestigators: [],
    tasks: [],
    workflow: [],
    createdAt: '2026-03-14T10:00:00.000Z',
    createdBy: officer.sub,
    updatedAt: '2026-03-14T10:00:00.000Z',
    updatedBy: officer.sub,
    version: 1,
    ...overrides,
  };
}
