/**
 * The watches on persons, companies and conveyances that another service saved for its users (the
 * analytic rules of the notifications service), evaluated by the persons service against one
 * record, as each owner would search for it.
 */
import { z } from 'zod';

import { principalSchema } from '../principal';
import { defineRequest } from '../requests';
import { SUBJECT_TYPES } from './alert.contracts';
import { companySearchFilterFields, companySearchFilterGiven } from './company.contracts';
import { conveyanceSearchFilterFields, conveyanceSearchFilterGiven } from './conveyance.contracts';
import { personSearchFilterFields, personSearchFilterGiven } from './person.contracts';

/** The filter of a search of persons, as a watch saves it: unknown fields are refused. */
export const personWatchFilterSchema = z
  .strictObject(personSearchFilterFields)
  .refine(...personSearchFilterGiven);
/** The filter of a search of companies, as a watch saves it. */
export const companyWatchFilterSchema = z
  .strictObject(companySearchFilterFields)
  .refine(...companySearchFilterGiven);
/** The filter of a search of conveyances, as a watch saves it. */
export const conveyanceWatchFilterSchema = z
  .strictObject(conveyanceSearchFilterFields)
  .refine(...conveyanceSearchFilterGiven);

/** The most watches one request evaluates against one record. */
export const SAVED_WATCHES_MAX = 500;

const watchOf = <F extends z.ZodType>(filter: F) =>
  z.strictObject({ id: z.string().min(1).max(64), filter, principal: principalSchema.strict() });

export const matchSavedWatches = defineRequest({
  service: 'persons',
  aggregate: 'saved-search',
  verb: 'match',
  description:
    "Which saved watches find one person, company or conveyance: each filter is the kind's search, run as its owner's principal (within what that owner may read) and restricted to that record. Answered once the kind's index holds every event published before the request (UNAVAILABLE otherwise: ask again). For services only: a request carrying a user's principal is FORBIDDEN.",
  request: z.discriminatedUnion('recordType', [
    z.strictObject({
      recordType: z.literal('person'),
      recordId: z.string().min(1).max(64),
      searches: z.array(watchOf(personWatchFilterSchema)).min(1).max(SAVED_WATCHES_MAX),
    }),
    z.strictObject({
      recordType: z.literal('company'),
      recordId: z.string().min(1).max(64),
      searches: z.array(watchOf(companyWatchFilterSchema)).min(1).max(SAVED_WATCHES_MAX),
    }),
    z.strictObject({
      recordType: z.literal('conveyance'),
      recordId: z.string().min(1).max(64),
      searches: z.array(watchOf(conveyanceWatchFilterSchema)).min(1).max(SAVED_WATCHES_MAX),
    }),
  ]),
  reply: z.object({
    /** The ids of the watches that find the record. */
    matching: z.array(z.string()),
  }),
});

/** The record types a watch can be on: the subject types. */
export const WATCHED_RECORD_TYPES = SUBJECT_TYPES;

export const savedSearchRequestContracts = [matchSavedWatches] as const;
