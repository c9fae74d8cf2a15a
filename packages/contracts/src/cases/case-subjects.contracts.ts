/**
 * Events of the cases service that name the persons, companies and conveyances of a case. The
 * cases service does not exist yet; these are defined now so that the persons service can consume
 * them exactly as the cases service will publish them.
 *
 * Only ids: the subjects' details stay in the persons service.
 */
import { z } from 'zod';

import { type EventContract, defineEvent } from '../events';
import { subjectTypeSchema } from '../persons/alert.contracts';

export const CASE_SUBJECT_ROLES = [
  'suspect',
  'owner',
  'carrier',
  'consignor',
  'consignee',
  'witness',
  'other',
] as const;

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
    subjects: z
      .array(
        z.object({
          subjectType: subjectTypeSchema,
          subjectId: z.string().min(1).max(64),
          role: z.enum(CASE_SUBJECT_ROLES),
        }),
      )
      .min(1)
      .max(500),
  }),
});

export const caseSubjectEventContracts: readonly EventContract[] = [caseSubjectsLinked];
