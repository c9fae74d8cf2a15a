/**
 * Contracts of the persons service for natural persons: the nCEN suspect database. Matching is the
 * heart of it: a create looks for people already known under other spellings, scripts or
 * documents, and never merges silently.
 *
 * Person events carry ids, office and version only, never names or documents: events reach
 * external subscribers, and nominal data stays inside the national system.
 */
import { z } from 'zod';
import { emailAddressSchema } from '../email';

import { CLASSIFICATIONS } from '../classification';
import { defineRequest } from '../requests';
import {
  mergeRecordFields,
  recordMergeFields,
  officeRecordContracts,
  officeRecordFields,
  recordPageRequestFields,
} from './office-record.contracts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** ISO 3166-1 alpha-2, checked against the reference-data `countries` list. */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code');

/** A date of birth known to the day, the month or only the year: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`. */
export const partialDateSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');

export const DOCUMENT_TYPES = [
  'passport',
  'national-id',
  'driving-licence',
  'residence-permit',
  'seamans-book',
] as const;

export const identityDocumentSchema = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  number: text(40),
  issuingCountry: countryCodeSchema.optional(),
  issueDate: z.iso.date().optional(),
  expiryDate: z.iso.date().optional(),
});

/** A name as written, in any script. */
export const personNameSchema = z.strictObject({
  familyName: text(100),
  givenNames: text(150).optional(),
});

export const addressSchema = z.strictObject({
  lines: z.array(text(200)).min(1).max(4),
  city: text(100).optional(),
  postalCode: text(20).optional(),
  country: countryCodeSchema,
});

/** What an officer enters for a person; everything but the family name may be unknown. */
export const personDraftSchema = personNameSchema.extend({
  aliases: z.array(personNameSchema).max(50).default([]),
  gender: z.enum(['female', 'male', 'other', 'unknown']).default('unknown'),
  dateOfBirth: partialDateSchema.optional(),
  placeOfBirth: text(100).optional(),
  nationalities: z.array(countryCodeSchema).max(5).default([]),
  documents: z.array(identityDocumentSchema).max(20).default([]),
  addresses: z.array(addressSchema).max(10).default([]),
  phones: z.array(text(40)).max(10).default([]),
  emails: z.array(emailAddressSchema(200)).max(10).default([]),
  occupation: text(100).optional(),
  notes: text(4000).optional(),
  classification: z.enum(CLASSIFICATIONS).default('restricted'),
});
export type PersonDraft = z.infer<typeof personDraftSchema>;

export const personMergeSchema = z.object({
  ...mergeRecordFields,
  /** What the merge added to the survivor, removed again by an undo. */
  added: z.object({
    aliases: z.array(personNameSchema),
    nationalities: z.array(countryCodeSchema),
    documents: z.array(identityDocumentSchema),
    addresses: z.array(addressSchema),
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    /** Details the survivor did not have, taken from the merged person. */
    filled: z
      .object({
        givenNames: z.string().optional(),
        dateOfBirth: z.string().optional(),
        placeOfBirth: z.string().optional(),
        occupation: z.string().optional(),
      })
      .default({}),
  }),
});
export type PersonMerge = z.infer<typeof personMergeSchema>;

export const personSchema = personDraftSchema.extend({
  ...officeRecordFields,
  /** The names in Latin script, as matching reads them (e.g. Иванов → IVANOV). */
  latinNames: z.array(z.string()),
  ...recordMergeFields(personMergeSchema),
});
export type Person = z.infer<typeof personSchema>;

/** A person the service already knows who may be the same as a draft, and why it thinks so. */
export const personCandidateSchema = z.object({
  person: personSchema,
  score: z.number().min(0).max(1),
  strength: z.enum(['strong', 'possible', 'weak']),
  /** e.g. "family name, transliterated: Иванов ≈ IVANOV", "birth year equal". */
  reasons: z.array(z.string()),
});
export type PersonCandidate = z.infer<typeof personCandidateSchema>;

export const matchPersons = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'match',
  description: 'Finds people already known who may be the person described, scored and explained.',
  request: z.strictObject({
    draft: personDraftSchema,
    limit: z.number().int().min(1).max(50).default(10),
  }),
  reply: z.object({ candidates: z.array(personCandidateSchema) }),
});

/**
 * How soon a change the persons service has acknowledged (a person, company or conveyance created,
 * updated, merged or unmerged; an alert raised, updated, expired or withdrawn) is seen by its
 * searches, matches and candidate lists, which read search indexes that the service's own events
 * keep up to date: usually within a second, and within this bound. A caller that needs to find what
 * it has just written (a test, an import that re-reads) waits for it this long at most.
 */
export const PERSONS_SEARCHABLE_WITHIN_MS = 5000;

/** What a search of persons looks for (an analytic rule's watch on persons saves the same). */
export const personSearchFilterFields = {
  name: text(200).optional(),
  documentNumber: text(40).optional(),
};

/** A search of persons names a name or a document number: the refinement of its filter. */
export const personSearchFilterGiven = [
  (query: { name?: string; documentNumber?: string }) =>
    query.name !== undefined || query.documentNumber !== undefined,
  { message: 'give a name or a document number', path: ['name'] as string[] },
] as const;

export const searchPersons = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'search',
  description:
    'Searches people fuzzily by name (any script) or exactly by document number, a page at a time.',
  request: z
    .strictObject({ ...personSearchFilterFields, ...recordPageRequestFields })
    .refine(...personSearchFilterGiven),
  reply: z.object({ items: z.array(personSchema), nextCursor: z.string().optional() }),
});

/** The requests and events person records share with the other kinds (office-record.contracts). */
export const personRecordContracts = officeRecordContracts({
  aggregate: 'person',
  words: { a: 'a person', noun: 'person', plural: 'persons' },
  record: personSchema,
  draft: personDraftSchema,
  candidate: personCandidateSchema,
  eventIdentity: { personId: z.string() },
  describe: {
    create:
      'Records a person. With strong candidates it records nothing and returns them for the officer to decide, unless the officer confirms it is someone else.',
    merge:
      "Merges one person into another, each at the version the caller saw: the survivor gains the merged one's names, documents and details, and the merged id resolves to the survivor.",
  },
});

export const {
  create: createPerson,
  get: getPerson,
  update: updatePerson,
  history: personHistory,
  merge: mergePersons,
  unmerge: unmergePersons,
  eventData: personEventDataSchema,
  created: personCreated,
  updated: personUpdated,
  merged: personMerged,
  unmerged: personUnmerged,
} = personRecordContracts;

export const personRequestContracts = [
  matchPersons,
  createPerson,
  getPerson,
  updatePerson,
  searchPersons,
  personHistory,
  mergePersons,
  unmergePersons,
] as const;

export const personEventContracts = [
  personCreated,
  personUpdated,
  personMerged,
  personUnmerged,
] as const;
