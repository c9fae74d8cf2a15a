/**
 * Events of the cases service that name the persons, companies and conveyances of a case, in the
 * form the persons service consumes (case counts, last sighting, watchlist hits).
 *
 * Only ids: the subjects' details stay in the persons service. Every case event carries the same
 * `subjects` list ({@link caseSubjectLinkSchema}), so a consumer of any case event can read it.
 */
import { z } from 'zod';

import { type EventContract, defineEvent } from '../events';
import { subjectTypeSchema } from '../persons/alert.contracts';

/** The roles a person or company plays in a case (`cases` party roles). */
export const CASE_PARTY_ROLES = [
  'offender',
  'suspect',
  'driver',
  'passenger',
  'consignor',
  'consignee',
  'carrier',
  'owner',
  'witness',
] as const;
export type CasePartyRole = (typeof CASE_PARTY_ROLES)[number];

/**
 * Roles of a subject named by a case: the party roles, and `other` (e.g. the case's means of
 * conveyance).
 */
export const CASE_SUBJECT_ROLES = [...CASE_PARTY_ROLES, 'other'] as const;

/** One subject named by a case: a person, company or conveyance of the persons service. */
export const caseSubjectLinkSchema = z.object({
  subjectType: subjectTypeSchema,
  subjectId: z.string().min(1).max(64),
  role: z.enum(CASE_SUBJECT_ROLES),
});
export type CaseSubjectLink = z.infer<typeof caseSubjectLinkSchema>;

export const caseSubjectsLinked = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'subjects-linked',
  version: 1,
  description:
    'Subjects (persons, companies, conveyances) were linked to a case. Each event names the subjects linked by one change; a subject may be named again by a later change.',
  data: z.object({
    caseId: z.string().min(1).max(64),
    /** The office that owns the case. */
    office: z.string(),
    /** When the case recorded the link: the subject was last seen then. */
    recordedAt: z.iso.datetime({ offset: true }),
    subjects: z.array(caseSubjectLinkSchema).min(1).max(500),
  }),
});

export const caseSubjectEventContracts: readonly EventContract[] = [caseSubjectsLinked];
