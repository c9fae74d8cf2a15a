import {
  type Company,
  type Conveyance,
  type Person,
  type SubjectType,
  companyDraftSchema,
  conveyanceDraftSchema,
  personDraftSchema,
  searchCompanies,
  searchConveyances,
  searchPersons,
} from '@opencen/contracts';
import { type TFunction } from 'i18next';
import { type z } from 'zod';
import { SUBJECT_COLLECTIONS, type SubjectRecord } from '../api/client';

/** One line of a subject's details: its label (translated) and its value as shown. */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

/**
 * What differs between persons, companies and conveyances on the screens; everything else (the
 * paged search, the detail page, history, cases, merges, alerts, links) is one scaffolding for
 * the three.
 */
export interface SubjectKind {
  readonly type: SubjectType;
  /** The app's path and the API's collection: `persons`, `companies`, `conveyances`. */
  readonly path: string;
  /** The search's own fields, in order; the first one carries "give one of them". */
  readonly searchFields: readonly string[];
  /** The contract's search request, to check a search before it is sent. */
  readonly searchSchema: z.ZodType;
  /** The contract's draft, to check an edit before it is sent, and whose keys a draft has. */
  readonly draftSchema: z.ZodObject;
  /** The simple text fields an edit changes (lists and links are kept as they are). */
  readonly editableFields: readonly string[];
  /** How a record is named in lists, titles and pickers. */
  name(record: SubjectRecord): string;
  /** Its details as label and value, in the user's language. */
  facts(record: SubjectRecord, t: TFunction): Fact[];
  /** What the case search filters this kind by. */
  readonly caseFilter: 'partyId' | 'conveyanceId';
}

const joined = (values: readonly (string | undefined)[]) =>
  values.filter((value) => value !== undefined && value !== '').join(', ') || '—';

export const personKind: SubjectKind = {
  type: 'person',
  path: SUBJECT_COLLECTIONS.person,
  searchFields: ['name', 'documentNumber'],
  searchSchema: searchPersons.request,
  draftSchema: personDraftSchema,
  editableFields: [
    'familyName',
    'givenNames',
    'dateOfBirth',
    'placeOfBirth',
    'occupation',
    'notes',
  ],
  name: (record) => {
    const { familyName, givenNames } = record as Person;
    return givenNames ? `${familyName.toUpperCase()}, ${givenNames}` : familyName.toUpperCase();
  },
  facts: (record, t) => {
    const person = record as Person;
    return [
      { label: t('subjects.field_familyName'), value: person.familyName },
      { label: t('subjects.field_givenNames'), value: person.givenNames ?? '—' },
      {
        label: t('subjects.field_aliases'),
        value: joined(
          person.aliases.map((a) => [a.familyName, a.givenNames].filter(Boolean).join(' ')),
        ),
      },
      { label: t('subjects.field_gender'), value: t(`subjects.gender_${person.gender}`) },
      { label: t('subjects.field_dateOfBirth'), value: person.dateOfBirth ?? '—' },
      { label: t('subjects.field_placeOfBirth'), value: person.placeOfBirth ?? '—' },
      { label: t('subjects.field_nationalities'), value: joined(person.nationalities) },
      {
        label: t('subjects.field_documents'),
        value: joined(
          person.documents.map(
            (d) =>
              `${t(`parties.document_${d.type}`)} ${d.number}${d.issuingCountry ? ` (${d.issuingCountry})` : ''}`,
          ),
        ),
      },
      {
        label: t('subjects.field_addresses'),
        value: joined(
          person.addresses.map((a) =>
            [...a.lines, a.postalCode, a.city, a.country].filter(Boolean).join(' '),
          ),
        ),
      },
      { label: t('subjects.field_phones'), value: joined(person.phones) },
      { label: t('subjects.field_emails'), value: joined(person.emails) },
      { label: t('subjects.field_occupation'), value: person.occupation ?? '—' },
      { label: t('subjects.field_notes'), value: person.notes ?? '—' },
    ];
  },
  caseFilter: 'partyId',
};

export const companyKind: SubjectKind = {
  type: 'company',
  path: SUBJECT_COLLECTIONS.company,
  searchFields: ['name', 'number'],
  searchSchema: searchCompanies.request,
  draftSchema: companyDraftSchema,
  editableFields: ['registrationNumber', 'taxNumber', 'vatNumber', 'eoriNumber', 'activity'],
  name: (record) => {
    const { names } = record as Company;
    return (names.find((n) => n.to === undefined) ?? names[0])?.name ?? record.id;
  },
  facts: (record, t) => {
    const company = record as Company;
    return [
      { label: t('subjects.field_names'), value: joined(company.names.map((n) => n.name)) },
      { label: t('subjects.field_country'), value: company.country },
      { label: t('subjects.field_registrationNumber'), value: company.registrationNumber ?? '—' },
      { label: t('subjects.field_taxNumber'), value: company.taxNumber ?? '—' },
      { label: t('subjects.field_vatNumber'), value: company.vatNumber ?? '—' },
      { label: t('subjects.field_eoriNumber'), value: company.eoriNumber ?? '—' },
      { label: t('subjects.field_activity'), value: company.activity ?? '—' },
      {
        label: t('subjects.field_addresses'),
        value: joined(
          company.addresses.map((a) =>
            [...a.lines, a.postalCode, a.city, a.country].filter(Boolean).join(' '),
          ),
        ),
      },
      {
        label: t('subjects.field_linkedPersons'),
        value: joined(company.linkedPersons.map((l) => `${l.personId} (${l.role})`)),
      },
    ];
  },
  caseFilter: 'partyId',
};

/** The identifiers of a conveyance, in the order they name it best. */
const CONVEYANCE_IDENTIFIERS = [
  'plate',
  'vin',
  'imoNumber',
  'mmsi',
  'callSign',
  'aircraftRegistration',
  'containerNumber',
] as const;

export const conveyanceKind: SubjectKind = {
  type: 'conveyance',
  path: SUBJECT_COLLECTIONS.conveyance,
  searchFields: ['plate', 'vin', 'imoNumber', 'mmsi', 'containerNumber'],
  searchSchema: searchConveyances.request,
  draftSchema: conveyanceDraftSchema,
  editableFields: [...CONVEYANCE_IDENTIFIERS, 'make', 'model', 'colour'],
  name: (record) => {
    const conveyance = record as Conveyance;
    const identifier = CONVEYANCE_IDENTIFIERS.map((field) => conveyance[field]).find(Boolean);
    return identifier ?? record.id;
  },
  facts: (record, t) => {
    const conveyance = record as Conveyance;
    return [
      { label: t('subjects.field_type'), value: t(`subjects.conveyance_${conveyance.type}`) },
      ...CONVEYANCE_IDENTIFIERS.map((field) => ({
        label: t(`subjects.field_${field}`),
        value: conveyance[field] ?? '—',
      })),
      { label: t('subjects.field_plateCountry'), value: conveyance.plateCountry ?? '—' },
      { label: t('subjects.field_flag'), value: conveyance.flag ?? '—' },
      { label: t('subjects.field_make'), value: conveyance.make ?? '—' },
      { label: t('subjects.field_model'), value: conveyance.model ?? '—' },
      { label: t('subjects.field_colour'), value: conveyance.colour ?? '—' },
      {
        label: t('subjects.field_links'),
        value: joined(conveyance.links.map((l) => `${l.subjectType} ${l.subjectId} (${l.role})`)),
      },
    ];
  },
  caseFilter: 'conveyanceId',
};

export const SUBJECT_KINDS: Record<SubjectType, SubjectKind> = {
  person: personKind,
  company: companyKind,
  conveyance: conveyanceKind,
};

/** The path of a subject's page. */
export const subjectPath = (type: SubjectType, id: string) =>
  `/${SUBJECT_COLLECTIONS[type]}/${encodeURIComponent(id)}`;

/** The draft of a record: the draft schema's fields it holds, nothing the service added. */
export function draftOf(kind: SubjectKind, record: SubjectRecord): Record<string, unknown> {
  const fields = Object.keys(kind.draftSchema.shape);
  return Object.fromEntries(Object.entries(record).filter(([key]) => fields.includes(key)));
}
