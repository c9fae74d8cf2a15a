/**
 * Contracts of the persons service for means of conveyance: the nCEN conveyance database. Like
 * persons, a create looks for conveyances already known (by exact identifiers after normalisation)
 * and never merges silently. Events carry ids, type, office, version and classification only.
 */
import { z } from 'zod';

import { CLASSIFICATIONS } from '../classification';
import { defineRequest } from '../requests';
import {
  mergeRecordFields,
  recordMergeFields,
  officeRecordContracts,
  officeRecordFields,
  recordCandidateFields,
  recordPageRequestFields,
} from './office-record.contracts';
import { countryCodeSchema } from './person.contracts';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

export const CONVEYANCE_TYPES = ['vehicle', 'trailer', 'vessel', 'aircraft', 'container'] as const;
export type ConveyanceType = (typeof CONVEYANCE_TYPES)[number];

export const conveyanceLinkSchema = z.strictObject({
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
export const conveyanceDraftSchema = z.strictObject({
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
  ...recordMergeFields(conveyanceMergeSchema),
});
export type Conveyance = z.infer<typeof conveyanceSchema>;

export const conveyanceCandidateSchema = z.object({
  conveyance: conveyanceSchema,
  ...recordCandidateFields,
});
export type ConveyanceCandidate = z.infer<typeof conveyanceCandidateSchema>;

/** The requests and events conveyance records share with the other kinds (office-record.contracts). */
export const conveyanceRecordContracts = officeRecordContracts({
  aggregate: 'conveyance',
  words: { a: 'a means of conveyance', noun: 'conveyance', plural: 'conveyances' },
  record: conveyanceSchema,
  draft: conveyanceDraftSchema,
  candidate: conveyanceCandidateSchema,
  eventIdentity: { conveyanceId: z.string(), type: z.enum(CONVEYANCE_TYPES) },
  describe: {
    create:
      'Records a means of conveyance. One already known with an equal identifier (after normalisation) is a candidate: then it records nothing and returns the candidates, unless the officer confirms it is another one.',
    merge:
      "Merges one means of conveyance into another of the same type, each at the version the caller saw: the survivor gains the merged one's owner and operator links and the identifiers it lacked, and the merged id resolves to the survivor.",
  },
});

export const {
  create: createConveyance,
  get: getConveyance,
  update: updateConveyance,
  history: conveyanceHistory,
  merge: mergeConveyances,
  unmerge: unmergeConveyances,
  eventData: conveyanceEventDataSchema,
  created: conveyanceCreated,
  updated: conveyanceUpdated,
  merged: conveyanceMerged,
  unmerged: conveyanceUnmerged,
} = conveyanceRecordContracts;

/** What a search of conveyances looks for (an analytic rule's watch on conveyances saves the same). */
export const conveyanceSearchFilterFields = {
  plate: text(20).optional(),
  vin: text(30).optional(),
  imoNumber: text(20).optional(),
  mmsi: text(20).optional(),
  containerNumber: text(20).optional(),
};

/** A search of conveyances names an identifier: the refinement of its filter. */
export const conveyanceSearchFilterGiven = [
  (query: {
    plate?: string;
    vin?: string;
    imoNumber?: string;
    mmsi?: string;
    containerNumber?: string;
  }) =>
    [query.plate, query.vin, query.imoNumber, query.mmsi, query.containerNumber].some(
      (value) => value !== undefined,
    ),
  {
    message: 'give a plate, VIN, IMO number, MMSI or container number',
    path: ['plate'] as string[],
  },
] as const;

export const searchConveyances = defineRequest({
  service: 'persons',
  aggregate: 'conveyance',
  verb: 'search',
  description:
    'Searches means of conveyance exactly, after normalisation, by plate, VIN, IMO number, MMSI or container number, a page at a time.',
  request: z
    .strictObject({ ...conveyanceSearchFilterFields, ...recordPageRequestFields })
    .refine(...conveyanceSearchFilterGiven),
  reply: z.object({ items: z.array(conveyanceSchema), nextCursor: z.string().optional() }),
});

export const conveyanceRequestContracts = [
  createConveyance,
  getConveyance,
  updateConveyance,
  searchConveyances,
  conveyanceHistory,
  mergeConveyances,
  unmergeConveyances,
] as const;

export const conveyanceEventContracts = [
  conveyanceCreated,
  conveyanceUpdated,
  conveyanceMerged,
  conveyanceUnmerged,
] as const;
