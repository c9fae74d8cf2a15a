/**
 * Contracts of the persons service for natural persons: the nCEN suspect database. Matching is the
 * heart of it: a create looks for people already known under other spellings, scripts or
 * documents, and never merges silently.
 *
 * Person events carry ids, office and version only, never names or documents: events reach
 * external subscribers, and nominal data stays inside the national system.
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { defineRequest } from '../requests';

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

export const identityDocumentSchema = z.object({
  type: z.enum(DOCUMENT_TYPES),
  number: text(40),
  issuingCountry: countryCodeSchema.optional(),
  issueDate: z.iso.date().optional(),
  expiryDate: z.iso.date().optional(),
});

/** A name as written, in any script. */
export const personNameSchema = z.object({
  familyName: text(100),
  givenNames: text(150).optional(),
});

export const addressSchema = z.object({
  lines: z.array(text(200)).min(1).max(4),
  city: text(100).optional(),
  postalCode: text(20).optional(),
  country: countryCodeSchema,
});

/** How widely a record may be read inside the administration. */
export const CLASSIFICATIONS = ['restricted', 'confidential', 'secret'] as const;

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
  emails: z.array(z.email().max(200)).max(10).default([]),
  occupation: text(100).optional(),
  notes: text(4000).optional(),
  classification: z.enum(CLASSIFICATIONS).default('restricted'),
});
export type PersonDraft = z.infer<typeof personDraftSchema>;

/**
 * A merge recorded on the survivor, with what it added (so that it can be undone). `pending`: the
 * survivor has the merged person's details but the merged person is not yet marked (a retry of the
 * same merge completes it); `undoing`: the survivor is reverted but the merged person not yet
 * restored (a retry of the same undo completes it).
 */
export const mergeRecordFields = {
  mergeId: z.string(),
  mergedId: z.string(),
  at: z.iso.datetime({ offset: true }),
  by: z.string(),
  state: z.enum(['pending', 'done', 'undoing', 'undone']),
  /** The versions the merge was asked from: a retry with the same versions completes it. */
  survivorVersion: z.number().int().positive(),
  mergedVersion: z.number().int().positive(),
  /** The survivor version an undo was asked from, once asked. */
  undoVersion: z.number().int().positive().optional(),
};

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

/** What every record of the persons service has: persons, companies and conveyances alike. */
export const officeRecordFields = {
  id: z.string(),
  /** The customs office that owns the record; its officers edit it. */
  office: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.string(),
  version: z.number().int().positive(),
  /** How many distinct cases name this record, kept from the cases service's events. */
  caseCount: z.number().int().nonnegative().default(0),
  /** When a case last named this record; absent until one does. */
  lastSeenAt: z.iso.datetime({ offset: true }).optional(),
};

export const personSchema = personDraftSchema.extend({
  ...officeRecordFields,
  /** The names in Latin script, as matching reads them (e.g. Иванов → IVANOV). */
  latinNames: z.array(z.string()),
  /** The merges this person survived, undone ones included. */
  merges: z.array(personMergeSchema).optional(),
  /** Set when this person was merged into another one; `get` then answers with that one. */
  mergedInto: z.string().optional(),
  /** Set by `get` when the id asked for was merged: the id asked for (this person is the survivor). */
  resolvedFrom: z.string().optional(),
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
  request: z.object({
    draft: personDraftSchema,
    limit: z.number().int().min(1).max(50).default(10),
  }),
  reply: z.object({ candidates: z.array(personCandidateSchema) }),
});

export const createPerson = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'create',
  description:
    'Records a person. With strong candidates it records nothing and returns them for the officer to decide, unless the officer confirms it is someone else.',
  request: z.object({
    draft: personDraftSchema,
    /** The officer has seen the candidates and says this is a different person. */
    confirmedNew: z.boolean().default(false),
  }),
  reply: z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('created'),
      person: personSchema,
      /** Weaker candidates worth a look, even though the person was recorded. */
      candidates: z.array(personCandidateSchema),
    }),
    z.object({ outcome: z.literal('candidates'), candidates: z.array(personCandidateSchema) }),
  ]),
});

export const getPerson = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'get',
  description:
    'Gets a person by id. The id of a merged person answers with the survivor, `resolvedFrom` naming the id asked for.',
  request: z.object({ id: z.string().min(1).max(64) }),
  reply: personSchema,
});

export const updatePerson = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'update',
  description:
    "Replaces a person's details, if the record is still at the given version; only its office's officers may.",
  request: z.object({
    id: z.string().min(1).max(64),
    version: z.number().int().positive(),
    draft: personDraftSchema,
  }),
  reply: personSchema,
});

/**
 * How soon a change the persons service has acknowledged (a person, company or conveyance created,
 * updated, merged or unmerged; an alert raised, updated, expired or withdrawn) is seen by its
 * searches, matches and candidate lists, which read search indexes that the service's own events
 * keep up to date: usually within a second, and within this bound. A caller that needs to find what
 * it has just written (a test, an import that re-reads) waits for it this long at most.
 */
export const PERSONS_SEARCHABLE_WITHIN_MS = 5000;

export const searchPersons = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'search',
  description:
    'Searches people fuzzily by name (any script) or exactly by document number, a page at a time.',
  request: z
    .object({
      name: text(200).optional(),
      documentNumber: text(40).optional(),
      limit: z.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
    })
    .refine((query) => query.name !== undefined || query.documentNumber !== undefined, {
      message: 'give a name or a document number',
      path: ['name'],
    }),
  reply: z.object({ items: z.array(personSchema), nextCursor: z.string().optional() }),
});

/** The change history of a person, company or conveyance, oldest first. */
export const recordHistorySchema = z.object({
  changes: z.array(
    z.object({
      version: z.number().int().positive(),
      at: z.iso.datetime({ offset: true }),
      by: z.string(),
      change: z.enum(['created', 'updated', 'merged', 'unmerged']),
      /** Top-level fields that changed, e.g. ["documents", "addresses"]. */
      fields: z.array(z.string()),
    }),
  ),
});

export type RecordHistory = z.infer<typeof recordHistorySchema>;

export const personHistory = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'history',
  description: 'Every change of a person: who, when, which version and which fields.',
  request: z.object({ id: z.string().min(1).max(64) }),
  reply: recordHistorySchema,
});

export const mergePersons = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'merge',
  description:
    "Merges one person into another, each at the version the caller saw: the survivor gains the merged one's names, documents and details, and the merged id resolves to the survivor. Only admin, or a supervisor of both persons' office.",
  request: z.object({
    survivorId: z.string().min(1).max(64),
    survivorVersion: z.number().int().positive(),
    mergedId: z.string().min(1).max(64),
    mergedVersion: z.number().int().positive(),
  }),
  reply: personSchema,
});

export const unmergePersons = defineRequest({
  service: 'persons',
  aggregate: 'person',
  verb: 'unmerge',
  description:
    'Undoes a merge: the survivor loses what the merge added, and the merged person is a person of its own again.',
  request: z.object({
    survivorId: z.string().min(1).max(64),
    survivorVersion: z.number().int().positive(),
    mergeId: z.string().min(1).max(64),
  }),
  reply: z.object({ survivor: personSchema, restored: personSchema }),
});

/** Non-nominal: enough for other services to re-read the person if they may. */
export const personEventDataSchema = z.object({
  personId: z.string(),
  office: z.string(),
  version: z.number().int().positive(),
  classification: z.enum(CLASSIFICATIONS),
});

export const personCreated = defineEvent({
  service: 'persons',
  aggregate: 'person',
  verb: 'created',
  version: 1,
  description: 'A person was recorded.',
  data: personEventDataSchema,
});

export const personUpdated = defineEvent({
  service: 'persons',
  aggregate: 'person',
  verb: 'updated',
  version: 1,
  description: "A person's details changed.",
  data: personEventDataSchema.extend({ fields: z.array(z.string()) }),
});

/**
 * Non-nominal: which record now stands for which, so that other services re-point references. The
 * same for persons, companies and conveyances.
 */
export const recordMergeEventDataSchema = z.object({
  mergeId: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  /** The survivor's office. */
  office: z.string(),
  mergedOffice: z.string(),
});

export const personMerged = defineEvent({
  service: 'persons',
  aggregate: 'person',
  verb: 'merged',
  version: 1,
  description:
    'A person was merged into another: references to `mergedId` now mean `survivorId`. Published once the merge is complete.',
  data: recordMergeEventDataSchema,
});

export const personUnmerged = defineEvent({
  service: 'persons',
  aggregate: 'person',
  verb: 'unmerged',
  version: 1,
  description: 'A merge was undone: `mergedId` is a person of its own again.',
  data: recordMergeEventDataSchema,
});

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
