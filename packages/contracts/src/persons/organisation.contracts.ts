/**
 * Contracts of the persons service for companies (legal persons) and means of conveyance: the nCEN
 * company and conveyance databases. Like persons, a create looks for records already known (here
 * by exact identifiers after normalisation, and for companies by name too) and never merges
 * silently.
 *
 * Events carry ids, office, version and classification only: never names or identifiers.
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { defineRequest } from '../requests';
import {
  CLASSIFICATIONS,
  addressSchema,
  countryCodeSchema,
  mergeRecordFields,
  officeRecordFields,
  recordHistorySchema,
  recordMergeEventDataSchema,
} from './person.contracts';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

const candidateFields = {
  strength: z.enum(['strong', 'possible']),
  /** e.g. "VAT number equal after normalisation: FR 12 345678901 = FR12345678901". */
  reasons: z.array(z.string()),
};

/** What a merged record gains beside its merges: where it went, and where a `get` came from. */
const mergeStateFields = {
  /** Set when this record was merged into another one; `get` then answers with that one. */
  mergedInto: z.string().optional(),
  /** Set by `get` when the id asked for was merged: the id asked for (this is the survivor). */
  resolvedFrom: z.string().optional(),
};

const mergeRequest = z.object({
  survivorId: id,
  survivorVersion: z.number().int().positive(),
  mergedId: id,
  mergedVersion: z.number().int().positive(),
});

const unmergeRequest = z.object({
  survivorId: id,
  survivorVersion: z.number().int().positive(),
  mergeId: id,
});

const pageRequestFields = {
  limit: z.number().int().min(1).max(100).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
};

// ---------------------------------------------------------------------------------------------
// Companies
// ---------------------------------------------------------------------------------------------

/** A name the company bears or bore; one without `to` is a current name. */
export const companyNameSchema = z.object({
  name: text(200),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const COMPANY_PERSON_ROLES = ['director', 'owner', 'employee', 'representative'] as const;

export const companyPersonLinkSchema = z.object({
  personId: id,
  role: z.enum(COMPANY_PERSON_ROLES),
});

/** What an officer enters for a company; everything but a name and the country may be unknown. */
export const companyDraftSchema = z.object({
  names: z.array(companyNameSchema).min(1).max(20),
  /** ISO 3166-1 alpha-2 of the country of registration, checked against reference data. */
  country: countryCodeSchema,
  registrationNumber: text(40).optional(),
  taxNumber: text(40).optional(),
  vatNumber: text(40).optional(),
  eoriNumber: text(40).optional(),
  addresses: z.array(addressSchema).max(10).default([]),
  activity: text(200).optional(),
  linkedPersons: z.array(companyPersonLinkSchema).max(100).default([]),
  classification: z.enum(CLASSIFICATIONS).default('restricted'),
});
export type CompanyDraft = z.infer<typeof companyDraftSchema>;

/**
 * A merge recorded on the surviving company, with what it added (removed again by an undo); the
 * states are those of a person merge (`personMergeSchema`).
 */
export const companyMergeSchema = z.object({
  ...mergeRecordFields,
  added: z.object({
    /** The merged company's names the survivor did not bear, kept as its names. */
    names: z.array(companyNameSchema),
    addresses: z.array(addressSchema),
    linkedPersons: z.array(companyPersonLinkSchema),
    /** Numbers and details the survivor did not have, taken from the merged company. */
    filled: z
      .object({
        registrationNumber: z.string().optional(),
        taxNumber: z.string().optional(),
        vatNumber: z.string().optional(),
        eoriNumber: z.string().optional(),
        activity: z.string().optional(),
      })
      .default({}),
  }),
});
export type CompanyMerge = z.infer<typeof companyMergeSchema>;

export const companySchema = companyDraftSchema.extend({
  ...officeRecordFields,
  /** The merges this company survived, undone ones included. */
  merges: z.array(companyMergeSchema).optional(),
  ...mergeStateFields,
});
export type Company = z.infer<typeof companySchema>;

export const companyCandidateSchema = z.object({ company: companySchema, ...candidateFields });
export type CompanyCandidate = z.infer<typeof companyCandidateSchema>;

export const createCompany = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'create',
  description:
    'Records a company. A company of the same country with an equal registration, tax, VAT or EORI number, or an equal name, is a strong candidate: then it records nothing and returns the candidates, unless the officer confirms it is another company.',
  request: z.object({
    draft: companyDraftSchema,
    /** The officer has seen the candidates and says this is a different company. */
    confirmedNew: z.boolean().default(false),
  }),
  reply: z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('created'),
      company: companySchema,
      /** Weaker candidates worth a look, even though the company was recorded. */
      candidates: z.array(companyCandidateSchema),
    }),
    z.object({ outcome: z.literal('candidates'), candidates: z.array(companyCandidateSchema) }),
  ]),
});

export const getCompany = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'get',
  description:
    'Gets a company by id. The id of a merged company answers with the survivor, `resolvedFrom` naming the id asked for.',
  request: z.object({ id }),
  reply: companySchema,
});

export const updateCompany = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'update',
  description:
    "Replaces a company's details, if the record is still at the given version; only its office's officers may.",
  request: z.object({ id, version: z.number().int().positive(), draft: companyDraftSchema }),
  reply: companySchema,
});

export const searchCompanies = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'search',
  description:
    'Searches companies by name (every word of the query, normalised, in any script) or exactly by a registration, tax, VAT or EORI number after normalisation, a page at a time.',
  request: z
    .object({ name: text(200).optional(), number: text(40).optional(), ...pageRequestFields })
    .refine((query) => query.name !== undefined || query.number !== undefined, {
      message: 'give a name or a number',
      path: ['name'],
    }),
  reply: z.object({ items: z.array(companySchema), nextCursor: z.string().optional() }),
});

export const companyHistory = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'history',
  description: 'Every change of a company: who, when, which version and which fields.',
  request: z.object({ id }),
  reply: recordHistorySchema,
});

export const mergeCompanies = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'merge',
  description:
    "Merges one company into another, each at the version the caller saw: the survivor gains the merged one's names, addresses, linked persons and the numbers it lacked, and the merged id resolves to the survivor. Only admin, or a supervisor of both companies' office.",
  request: mergeRequest,
  reply: companySchema,
});

export const unmergeCompanies = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'unmerge',
  description:
    'Undoes a company merge: the survivor loses what the merge added, and the merged company is a company of its own again.',
  request: unmergeRequest,
  reply: z.object({ survivor: companySchema, restored: companySchema }),
});

/** Non-nominal: enough for other services to re-read the company if they may. */
export const companyEventDataSchema = z.object({
  companyId: z.string(),
  office: z.string(),
  version: z.number().int().positive(),
  classification: z.enum(CLASSIFICATIONS),
});

export const companyCreated = defineEvent({
  service: 'persons',
  aggregate: 'company',
  verb: 'created',
  version: 1,
  description: 'A company was recorded.',
  data: companyEventDataSchema,
});

export const companyUpdated = defineEvent({
  service: 'persons',
  aggregate: 'company',
  verb: 'updated',
  version: 1,
  description: "A company's details changed.",
  data: companyEventDataSchema.extend({ fields: z.array(z.string()) }),
});

export const companyMerged = defineEvent({
  service: 'persons',
  aggregate: 'company',
  verb: 'merged',
  version: 1,
  description:
    'A company was merged into another: references to `mergedId` now mean `survivorId`. Published once the merge is complete.',
  data: recordMergeEventDataSchema,
});

export const companyUnmerged = defineEvent({
  service: 'persons',
  aggregate: 'company',
  verb: 'unmerged',
  version: 1,
  description: 'A company merge was undone: `mergedId` is a company of its own again.',
  data: recordMergeEventDataSchema,
});

// ---------------------------------------------------------------------------------------------
// Conveyances
// ---------------------------------------------------------------------------------------------

export const CONVEYANCE_TYPES = ['vehicle', 'trailer', 'vessel', 'aircraft', 'container'] as const;
export type ConveyanceType = (typeof CONVEYANCE_TYPES)[number];

export const conveyanceLinkSchema = z.object({
  subjectType: z.enum(['person', 'company']),
  subjectId: id,
  role: z.enum(['owner', 'operator']),
});

/**
 * What an officer enters for a means of conveyance. Which identifiers are required depends on the
 * type (a vessel needs an IMO number, an MMSI or a call sign; a container its number; a vehicle or
 * trailer a plate or a VIN; an aircraft its registration), and check digits (ISO 6346 container
 * numbers, IMO numbers) are verified: the service refuses the draft with VALIDATION_FAILED naming
 * the field, e.g. `draft.containerNumber`.
 */
export const conveyanceDraftSchema = z.object({
  type: z.enum(CONVEYANCE_TYPES),
  plate: text(20).optional(),
  plateCountry: countryCodeSchema.optional(),
  vin: text(30).optional(),
  imoNumber: text(20).optional(),
  /** Maritime Mobile Service Identity: nine digits. */
  mmsi: text(20).optional(),
  callSign: text(20).optional(),
  /** The flag state of a vessel, ISO 3166-1 alpha-2. */
  flag: countryCodeSchema.optional(),
  aircraftRegistration: text(20).optional(),
  /** ISO 6346, e.g. "CSQU 305438 3". */
  containerNumber: text(20).optional(),
  make: text(60).optional(),
  model: text(60).optional(),
  colour: text(40).optional(),
  links: z.array(conveyanceLinkSchema).max(50).default([]),
  classification: z.enum(CLASSIFICATIONS).default('restricted'),
});
export type ConveyanceDraft = z.infer<typeof conveyanceDraftSchema>;

/** The identifiers and details a conveyance merge may fill in on the survivor. */
export const CONVEYANCE_FILLABLE_FIELDS = [
  'plate',
  'plateCountry',
  'vin',
  'imoNumber',
  'mmsi',
  'callSign',
  'flag',
  'aircraftRegistration',
  'containerNumber',
  'make',
  'model',
  'colour',
] as const;

/**
 * A merge recorded on the surviving conveyance, with what it added (removed again by an undo); the
 * states are those of a person merge (`personMergeSchema`).
 */
export const conveyanceMergeSchema = z.object({
  ...mergeRecordFields,
  added: z.object({
    /** Owner and operator links of the merged conveyance the survivor did not have. */
    links: z.array(conveyanceLinkSchema),
    /** Identifiers and details the survivor did not have, taken from the merged conveyance. */
    filled: z
      .object(
        Object.fromEntries(
          CONVEYANCE_FILLABLE_FIELDS.map((field) => [field, z.string().optional()]),
        ) as Record<(typeof CONVEYANCE_FILLABLE_FIELDS)[number], z.ZodOptional<z.ZodString>>,
      )
      .default({}),
  }),
});
export type ConveyanceMerge = z.infer<typeof conveyanceMergeSchema>;

export const conveyanceSchema = conveyanceDraftSchema.extend({
  ...officeRecordFields,
  /** The merges this conveyance survived, undone ones included. */
  merges: z.array(conveyanceMergeSchema).optional(),
  ...mergeStateFields,
});
export type Conveyance = z.infer<typeof conveyanceSchema>;

export const conveyanceCandidateSchema = z.object({
  conveyance: conveyanceSchema,
  ...candidateFields,
});
export type ConveyanceCandidate = z.infer<typeof conveyanceCandidateSchema>;

export const createConveyance = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'create',
  description:
    'Records a means of conveyance. One already known with an equal identifier (after normalisation) is a candidate: then it records nothing and returns the candidates, unless the officer confirms it is another one.',
  request: z.object({
    draft: conveyanceDraftSchema,
    /** The officer has seen the candidates and says this is a different conveyance. */
    confirmedNew: z.boolean().default(false),
  }),
  reply: z.discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('created'),
      conveyance: conveyanceSchema,
      candidates: z.array(conveyanceCandidateSchema),
    }),
    z.object({ outcome: z.literal('candidates'), candidates: z.array(conveyanceCandidateSchema) }),
  ]),
});

export const getConveyance = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'get',
  description:
    'Gets a means of conveyance by id. The id of a merged conveyance answers with the survivor, `resolvedFrom` naming the id asked for.',
  request: z.object({ id }),
  reply: conveyanceSchema,
});

export const updateConveyance = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'update',
  description:
    "Replaces a conveyance's details, if the record is still at the given version; only its office's officers may.",
  request: z.object({ id, version: z.number().int().positive(), draft: conveyanceDraftSchema }),
  reply: conveyanceSchema,
});

export const searchConveyances = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'search',
  description:
    'Searches means of conveyance exactly, after normalisation, by plate, VIN, IMO number, MMSI or container number, a page at a time.',
  request: z
    .object({
      plate: text(20).optional(),
      vin: text(30).optional(),
      imoNumber: text(20).optional(),
      mmsi: text(20).optional(),
      containerNumber: text(20).optional(),
      ...pageRequestFields,
    })
    .refine(
      (query) =>
        [query.plate, query.vin, query.imoNumber, query.mmsi, query.containerNumber].some(
          (value) => value !== undefined,
        ),
      { message: 'give a plate, VIN, IMO number, MMSI or container number', path: ['plate'] },
    ),
  reply: z.object({ items: z.array(conveyanceSchema), nextCursor: z.string().optional() }),
});

export const conveyanceHistory = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'history',
  description: 'Every change of a means of conveyance: who, when, which version and which fields.',
  request: z.object({ id }),
  reply: recordHistorySchema,
});

export const mergeConveyances = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'merge',
  description:
    "Merges one means of conveyance into another of the same type, each at the version the caller saw: the survivor gains the merged one's owner and operator links and the identifiers it lacked, and the merged id resolves to the survivor. Only admin, or a supervisor of both conveyances' office.",
  request: mergeRequest,
  reply: conveyanceSchema,
});

export const unmergeConveyances = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'unmerge',
  description:
    'Undoes a conveyance merge: the survivor loses what the merge added, and the merged conveyance is one of its own again.',
  request: unmergeRequest,
  reply: z.object({ survivor: conveyanceSchema, restored: conveyanceSchema }),
});

/** Non-nominal: enough for other services to re-read the conveyance if they may. */
export const conveyanceEventDataSchema = z.object({
  conveyanceId: z.string(),
  type: z.enum(CONVEYANCE_TYPES),
  office: z.string(),
  version: z.number().int().positive(),
  classification: z.enum(CLASSIFICATIONS),
});

export const conveyanceCreated = defineEvent({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'created',
  version: 1,
  description: 'A means of conveyance was recorded.',
  data: conveyanceEventDataSchema,
});

export const conveyanceUpdated = defineEvent({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'updated',
  version: 1,
  description: "A means of conveyance's details changed.",
  data: conveyanceEventDataSchema.extend({ fields: z.array(z.string()) }),
});

export const conveyanceMerged = defineEvent({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'merged',
  version: 1,
  description:
    'A means of conveyance was merged into another: references to `mergedId` now mean `survivorId`. Published once the merge is complete.',
  data: recordMergeEventDataSchema,
});

export const conveyanceUnmerged = defineEvent({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'unmerged',
  version: 1,
  description: 'A conveyance merge was undone: `mergedId` is a conveyance of its own again.',
  data: recordMergeEventDataSchema,
});

export const organisationRequestContracts = [
  createCompany,
  getCompany,
  updateCompany,
  searchCompanies,
  companyHistory,
  mergeCompanies,
  unmergeCompanies,
  createConveyance,
  getConveyance,
  updateConveyance,
  searchConveyances,
  conveyanceHistory,
  mergeConveyances,
  unmergeConveyances,
] as const;

export const organisationEventContracts = [
  companyCreated,
  companyUpdated,
  companyMerged,
  companyUnmerged,
  conveyanceCreated,
  conveyanceUpdated,
  conveyanceMerged,
  conveyanceUnmerged,
] as const;
