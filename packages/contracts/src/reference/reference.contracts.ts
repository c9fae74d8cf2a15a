/**
 * Contracts of the reference-data service: the code lists every OpenCEN record points at.
 * Entries are deprecated, never deleted, so an old record's code keeps resolving.
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { defineRequest } from '../requests';

/** The code lists; also the `<list>` segment of `/api/v1/reference/<list>`. */
export const REFERENCE_LISTS = [
  'countries',
  'currencies',
  'units',
  'transport-modes',
  'commodity-categories',
  'hs-codes',
  'detection-methods',
  'concealment-methods',
  'offence-types',
  'customs-offices',
] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];
export const referenceListSchema = z.enum(REFERENCE_LISTS);

/** Label languages: the six of WCO CEN and CENcomm. English is always present and is the fallback. */
export const LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

const label = z.string().trim().min(1).max(200);

/** Labels by language; English is required, the others fall back to it. */
export const labelsSchema = z.strictObject({
  en: label,
  fr: label.optional(),
  es: label.optional(),
  ru: label.optional(),
  ar: label.optional(),
  pt: label.optional(),
});
export type Labels = z.infer<typeof labelsSchema>;

/** A calendar date, `YYYY-MM-DD`: validity is by day, in the administration's own calendar. */
export const isoDateSchema = z.iso.date();

/** A code as stored; each list checks its own format (ISO alpha-2, 4-digit HS heading...). */
export const entryCodeSchema = z
  .string()
  .min(1)
  .max(35)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

/**
 * Attributes that only some lists have (a country's alpha-3, a currency's minor units, an HS
 * heading's chapter, an office's type, country, coordinates and parent). Each list's rules say
 * which it requires.
 */
export const entryAttributesSchema = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'camelCase attribute names only'),
  z.union([z.string().max(200), z.number(), z.boolean(), z.null()]),
);

/** An entry as the service returns it. */
export const referenceEntrySchema = z.object({
  list: referenceListSchema,
  code: entryCodeSchema,
  /** The label in the language asked for, or in English when it has none. */
  label: z.string(),
  /** The language `label` is in: the one asked for, or `en` after a fallback. */
  labelLanguage: languageSchema,
  labels: labelsSchema,
  attributes: entryAttributesSchema,
  validFrom: isoDateSchema,
  /** The last day the code may be used; absent while it has no end. */
  validTo: isoDateSchema.optional(),
  deprecated: z.boolean(),
  /** A code that replaces a deprecated one, in the same list. */
  replacedBy: entryCodeSchema.optional(),
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ReferenceEntry = z.infer<typeof referenceEntrySchema>;

const listAndLanguage = {
  list: referenceListSchema,
  language: languageSchema.default('en'),
};

export const listReferenceEntries = defineRequest({
  service: 'reference',
  aggregate: 'entry',
  verb: 'list',
  description:
    'Lists a code list, filtered by text (code or any label) and validity date, a page at a time.',
  request: z.strictObject({
    ...listAndLanguage,
    text: z.string().trim().min(1).max(100).optional(),
    /** Only entries valid on this day. */
    activeAt: isoDateSchema.optional(),
    includeDeprecated: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(100),
    /** Opaque cursor from the previous page's `nextCursor`. */
    cursor: z.string().max(200).optional(),
  }),
  reply: z.object({
    items: z.array(referenceEntrySchema),
    nextCursor: z.string().optional(),
  }),
});

export const getReferenceEntry = defineRequest({
  service: 'reference',
  aggregate: 'entry',
  verb: 'get',
  description: 'Gets one entry by code, deprecated or not, so that an old record still resolves.',
  request: z.strictObject({ ...listAndLanguage, code: entryCodeSchema }),
  reply: referenceEntrySchema,
});

export const validateReferenceCodes = defineRequest({
  service: 'reference',
  aggregate: 'entry',
  verb: 'validate',
  description:
    'Tells, for a batch of codes, whether each is valid in a list on a date, with the reason for each bad one.',
  request: z.strictObject({
    list: referenceListSchema,
    codes: z.array(z.string().max(35)).min(1).max(1000),
    /** The day the codes are used on; defaults to today. */
    at: isoDateSchema.optional(),
  }),
  reply: z.object({
    allValid: z.boolean(),
    results: z.array(
      z.object({
        code: z.string(),
        valid: z.boolean(),
        /** Why a code is not valid: unknown, malformed, not yet valid, expired or deprecated. */
        reason: z.string().optional(),
      }),
    ),
  }),
});

export const getReferenceSnapshot = defineRequest({
  service: 'reference',
  aggregate: 'list',
  verb: 'snapshot',
  description:
    'The whole list with a version, for services that keep a local copy; they refresh it from the entry events and compare versions.',
  request: z.strictObject(listAndLanguage),
  reply: z.object({
    list: referenceListSchema,
    /** Grows with every change to the list; equal versions mean equal contents. */
    version: z.number().int().min(0),
    entries: z.array(referenceEntrySchema),
  }),
});

const writableFields = {
  labels: labelsSchema,
  attributes: entryAttributesSchema.default({}),
  validFrom: isoDateSchema.optional(),
  validTo: isoDateSchema.optional(),
};

export const createReferenceEntry = defineRequest({
  service: 'reference',
  aggregate: 'entry',
  verb: 'create',
  description: 'Adds an entry to a list (admin).',
  request: z.strictObject({ list: referenceListSchema, code: entryCodeSchema, ...writableFields }),
  reply: referenceEntrySchema,
});

export const updateReferenceEntry = defineRequest({
  service: 'reference',
  aggregate: 'entry',
  verb: 'update',
  description:
    'Changes labels, attributes or validity of an entry (admin), if it is still at the given version.',
  request: z.strictObject({
    list: referenceListSchema,
    code: entryCodeSchema,
    /** The version the change was made from; a newer stored version is a conflict. */
    version: z.number().int().positive(),
    labels: labelsSchema.optional(),
    attributes: entryAttributesSchema.optional(),
    validFrom: isoDateSchema.optional(),
    validTo: isoDateSchema.nullable().optional(),
  }),
  reply: referenceEntrySchema,
});

export const deprecateReferenceEntry = defineRequest({
  service: 'reference',
  aggregate: 'entry',
  verb: 'deprecate',
  description:
    'Retires an entry (admin): it stays readable, but is no longer valid after its last day.',
  request: z.strictObject({
    list: referenceListSchema,
    code: entryCodeSchema,
    version: z.number().int().positive(),
    /** Last valid day; defaults to today. */
    validTo: isoDateSchema.optional(),
    replacedBy: entryCodeSchema.optional(),
  }),
  reply: referenceEntrySchema,
});

/** What entry events carry: the entry without the language-specific label. */
export const referenceEntryEventDataSchema = referenceEntrySchema.omit({
  label: true,
  labelLanguage: true,
});

export const referenceEntryCreated = defineEvent({
  service: 'reference',
  aggregate: 'entry',
  verb: 'created',
  version: 1,
  description: 'An entry was added to a code list.',
  data: referenceEntryEventDataSchema,
});

export const referenceEntryUpdated = defineEvent({
  service: 'reference',
  aggregate: 'entry',
  verb: 'updated',
  version: 1,
  description: 'An entry of a code list changed (labels, attributes or validity).',
  data: referenceEntryEventDataSchema,
});

export const referenceEntryDeprecated = defineEvent({
  service: 'reference',
  aggregate: 'entry',
  verb: 'deprecated',
  version: 1,
  description: 'An entry of a code list was retired; it stays readable for old records.',
  data: referenceEntryEventDataSchema,
});

export const referenceRequestContracts = [
  listReferenceEntries,
  getReferenceEntry,
  validateReferenceCodes,
  getReferenceSnapshot,
  createReferenceEntry,
  updateReferenceEntry,
  deprecateReferenceEntry,
] as const;

export const referenceEventContracts = [
  referenceEntryCreated,
  referenceEntryUpdated,
  referenceEntryDeprecated,
] as const;
