import { type Alert, type Conveyance, type Person } from '@opencen/contracts';

/** Records as the API answers them, for the component tests of the subject screens. */
const recorded = {
  office: 'FRA-CDG',
  createdAt: '2026-11-02T09:00:00.000Z',
  createdBy: 'officer',
  updatedAt: '2026-11-03T09:00:00.000Z',
  updatedBy: 'supervisor',
  caseCount: 2,
  classification: 'restricted' as const,
};

export function aPerson(patch: Partial<Person> = {}): Person {
  return {
    id: 'p-1',
    familyName: 'Ivanov',
    givenNames: 'Pavel',
    aliases: [],
    gender: 'male',
    dateOfBirth: '1980-04',
    nationalities: ['RU'],
    documents: [{ type: 'passport', number: '7201234' }],
    addresses: [],
    phones: [],
    emails: [],
    latinNames: ['IVANOV PAVEL'],
    version: 3,
    ...recorded,
    ...patch,
  };
}

export function aConveyance(patch: Partial<Conveyance> = {}): Conveyance {
  return {
    id: 'v-1',
    type: 'vehicle',
    plate: 'AB-123-CD',
    plateCountry: 'FR',
    links: [],
    version: 1,
    ...recorded,
    ...patch,
  };
}

export function anAlert(patch: Partial<Alert> = {}): Alert {
  return {
    id: 'a-1',
    subject: { subjectType: 'person', subjectId: 'p-1' },
    reason: 'Courier of a smuggling ring',
    category: 'smuggling-suspect',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    handlingInstruction: 'Notify the investigator',
    ownerOffice: 'FRA-CDG',
    ownerOfficer: 'sub-investigator',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 4,
    ...patch,
  };
}
