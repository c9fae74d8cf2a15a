import { type Company, type Conveyance, type Person } from '@opencen/contracts';

// The fields every record of the persons service has, for the replies of stubbed services.
export const recordFields = {
  office: 'FRA-CDG',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'sub-officer',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'sub-officer',
  classification: 'restricted' as const,
  caseCount: 0,
};

/** The history of a record just created, as the persons service answers it. */
export const createdRecordHistory = {
  changes: [
    { version: 1, at: recordFields.createdAt, by: 'sub-officer', change: 'created', fields: [] },
  ],
};

/** A company as the persons service answers it. */
export function aCompany(overrides: Partial<Company> = {}): Company {
  return {
    id: 'c-1',
    names: [{ name: 'Acme Trading SARL' }],
    country: 'FR',
    vatNumber: 'FR12345678901',
    addresses: [],
    linkedPersons: [],
    ...recordFields,
    version: 1,
    ...overrides,
  };
}

/** A means of conveyance as the persons service answers it. */
export function aConveyance(overrides: Partial<Conveyance> = {}): Conveyance {
  return {
    id: 'v-1',
    type: 'vessel',
    imoNumber: '9074729',
    links: [],
    ...recordFields,
    version: 1,
    ...overrides,
  };
}

/** A person as the persons service answers it. */
export function aPerson(overrides: Partial<Person> = {}): Person {
  return {
    id: 'p-1',
    familyName: 'Иванов',
    givenNames: 'Иван',
    latinNames: ['IVANOV IVAN'],
    aliases: [],
    gender: 'male',
    dateOfBirth: '1980-05-12',
    nationalities: ['RU'],
    documents: [{ type: 'passport', number: '1234567', issuingCountry: 'RU' }],
    addresses: [],
    phones: [],
    emails: [],
    ...recordFields,
    version: 1,
    ...overrides,
  };
}
