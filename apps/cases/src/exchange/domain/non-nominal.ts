import {
  type AgeBand,
  type Case,
  type CaseStatus,
  type ExchangeCase,
  exchangeCaseSchema,
} from '@opencen/contracts';

/** Only cases a supervisor validated leave the system, closed or not. */
export const EXPORTABLE_STATUSES: readonly CaseStatus[] = ['validated', 'closed'];

/** What the persons service knows of a subject that may leave the system: no name, no number. */
export interface PersonFacts {
  gender: 'female' | 'male' | 'other' | 'unknown';
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  dateOfBirth?: string;
  nationalities: string[];
}
export interface CompanyFacts {
  country?: string;
}
export interface ConveyanceFacts {
  type: string;
  /** Plate country or flag state. */
  country?: string;
}

/** Facts of the subjects a page of cases names, by id; a missing one exports as unknown. */
export interface SubjectFacts {
  persons: ReadonlyMap<string, PersonFacts>;
  companies: ReadonlyMap<string, CompanyFacts>;
  conveyances: ReadonlyMap<string, ConveyanceFacts>;
}

const BANDS: readonly [number, AgeBand][] = [
  [18, '0-17'],
  [25, '18-24'],
  [35, '25-34'],
  [45, '35-44'],
  [55, '45-54'],
  [65, '55-64'],
];

/**
 * The age band at a date. A partial birth date counts from its latest possible day, so a band is
 * never older than the person can be; no birth date or no detection date is `unknown`.
 */
export function ageBand(dateOfBirth: string | undefined, at: string | undefined): AgeBand {
  if (!dateOfBirth || !at) return 'unknown';
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number?, number?];
  const birthMonth = month ?? 12;
  const birthDay = day ?? new Date(Date.UTC(year, birthMonth, 0)).getUTCDate();
  const when = new Date(at);
  let age = when.getUTCFullYear() - year;
  const beforeBirthday =
    when.getUTCMonth() + 1 < birthMonth ||
    (when.getUTCMonth() + 1 === birthMonth && when.getUTCDate() < birthDay);
  if (beforeBirthday) age -= 1;
  if (age < 0) return 'unknown';
  return BANDS.find(([below]) => age < below)?.[1] ?? '65+';
}

/**
 * A case in the exchange format. Written field by field from what may leave (an allow-list), so a
 * field added to cases later stays home until someone decides it may go.
 */
export function toExchangeCase(kase: Case, facts: SubjectFacts): ExchangeCase {
  const persons = kase.parties
    .filter((party) => party.subjectType === 'person')
    .map((party) => {
      const person = facts.persons.get(party.subjectId);
      return {
        role: party.role,
        arrested: party.arrested,
        nationality: party.nationalityAtTime ?? person?.nationalities[0],
        gender: person?.gender ?? 'unknown',
        ageBand: ageBand(person?.dateOfBirth, kase.detectedAt),
      };
    });
  const companies = kase.parties
    .filter((party) => party.subjectType === 'company')
    .map((party) => ({ role: party.role, country: facts.companies.get(party.subjectId)?.country }));
  const conveyanceId = kase.conveyance?.conveyanceId;
  const conveyance = conveyanceId ? facts.conveyances.get(conveyanceId) : undefined;
  const exported = {
    caseNumber: kase.number,
    type: kase.type,
    status: kase.status,
    detectedAt: kase.detectedAt,
    detectionOffice: kase.location.office,
    office: kase.office,
    country: kase.location.country,
    procedure: kase.procedure,
    detectionMethods: kase.detectionMethods,
    riskIndicatorCodes: kase.riskIndicators.flatMap((r) => (r.code ? [r.code] : [])),
    transportMode: kase.transportMode,
    departureCountry: kase.route.departureCountry,
    transitCountries: kase.route.transitCountries,
    destinationCountry: kase.route.destinationCountry,
    conveyance: kase.conveyance
      ? {
          type: conveyance?.type,
          country: conveyance?.country,
          transportDocumentType: kase.conveyance.transportDocument?.type,
        }
      : undefined,
    items: kase.items.map((item) => ({
      commodityCategory: item.commodityCategory,
      hsCode: item.hsCode,
      quantity: item.quantity,
      unit: item.unit,
      estimatedValue: item.estimatedValue,
      drugType: item.details?.drugType,
      brand: item.details?.brand,
      species: item.details?.species,
      citesAppendix: item.details?.citesAppendix,
      sticks: item.details?.sticks,
      objectType: item.details?.objectType,
      concealmentMethod: item.concealment?.method,
    })),
    persons,
    companies,
    fines: (kase.outcome?.fines ?? []).map((f) => ({
      kind: f.kind,
      amount: f.amount,
      currency: f.currency,
    })),
    prosecutionStatus: kase.outcome?.prosecutionStatus,
    disposal: kase.outcome?.disposal,
  };
  return exchangeCaseSchema.parse(dropUndefined(exported));
}

function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
