/**
 * Contracts of the links view: a subject's cases, the other parties and conveyances of those cases,
 * and (two hops out) their own cases and subjects, answered from the cases search index (which
 * holds each case's subjects as `subjectType:subjectId` keys, never names).
 */
import { z } from 'zod';

import { subjectRefSchema, subjectTypeSchema } from '../persons/alert.contracts';
import { defineRequest } from '../requests';
import { CASE_STATUSES, CASE_TYPES, caseNumberSchema } from './case.contracts';

/** How far out the links go: 1, the subject's cases and their subjects; 2, also theirs. */
export const CASE_LINKS_MAX_DEPTH = 2;
/** The most cases a hop brings, the most recently detected first; `truncated` says when more. */
export const CASE_LINKS_MAX_CASES_PER_HOP = 50;

export const getCaseLinks = defineRequest({
  service: 'cases',
  aggregate: 'links',
  verb: 'get',
  description:
    'The network of a person, company or conveyance from the cases the principal may read: the cases naming it (hop 1) and their other subjects, then (depth 2) the other cases naming those subjects (hop 2) and theirs. Each hop brings at most `casesPerHop` cases, the most recently detected first; `truncated` says that a hop had more. Answered from the cases search index: a change is seen within 5 s (CASE_SEARCHABLE_WITHIN_MS).',
  request: z.strictObject({
    subject: subjectRefSchema,
    depth: z.number().int().min(1).max(CASE_LINKS_MAX_DEPTH).default(CASE_LINKS_MAX_DEPTH),
    casesPerHop: z.number().int().min(1).max(CASE_LINKS_MAX_CASES_PER_HOP).default(25),
  }),
  reply: z.object({
    subject: subjectRefSchema,
    /** The cases of the network, each with the hop it was reached at. */
    cases: z.array(
      z.object({
        id: z.string(),
        number: caseNumberSchema,
        type: z.enum(CASE_TYPES),
        status: z.enum(CASE_STATUSES),
        detectedAt: z.iso.datetime({ offset: true }).optional(),
        hop: z.number().int().min(1).max(CASE_LINKS_MAX_DEPTH),
      }),
    ),
    /** The subjects of the network: the one asked for at hop 0, the others at the hop they came. */
    subjects: z.array(
      z.object({
        subjectType: subjectTypeSchema,
        subjectId: z.string(),
        hop: z.number().int().min(0).max(CASE_LINKS_MAX_DEPTH),
      }),
    ),
    /** Who is named in which case: the network's edges. */
    links: z.array(
      z.object({ caseId: z.string(), subjectType: subjectTypeSchema, subjectId: z.string() }),
    ),
    /** A hop had more cases than `casesPerHop`: the network is not whole. */
    truncated: z.boolean(),
  }),
});

export type CaseLinks = z.infer<typeof getCaseLinks.reply>;

export const caseLinksRequestContracts = [getCaseLinks] as const;
