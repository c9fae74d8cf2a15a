/**
 * Contracts of the cases service for the case itself: the nCEN seizure and offence database. A
 * case is one document holding what was found, where, how, on whom and on what route; drafts may
 * be incomplete, submission checks the mandatory minimum (see case-workflow.contracts.ts).
 *
 * Case events are non-nominal: ids, office, status and the ids of the subjects named (persons,
 * companies, conveyances of the persons service), never names, narrative or comments. Events of
 * other engineers' features follow the same pattern: `cases.case.<past-tense-verb>.v1` with
 * {@link caseEventDataSchema} extended (e.g. `photo-added`, `exported`).
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { CLASSIFICATIONS } from '../classification';
import { countryCodeSchema } from '../persons/person.contracts';
import { defineRequest } from '../requests';
import { CASE_PARTY_ROLES, caseSubjectLinkSchema } from './case-subjects.contracts';

const text = (max: number) => z.string().trim().min(1).max(max);
/** A code of a reference-data list (offices, units, methods...), checked by the cases service. */
const referenceCode = z.string().trim().min(1).max(35);
const id = z.string().min(1).max(64);
const timestamp = z.iso.datetime({ offset: true });

/** ISO 4217 alphabetic code, checked against the reference-data `currencies` list. */
/** The longest narrative of a case, and so the longest cell of an import file. */
export const NARRATIVE_MAX_LENGTH = 20_000;

export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
/** An HS code of 4 to 10 digits, validated by its 4-digit heading. */
export const hsCodeSchema = z.string().regex(/^\d{4}(\d{2}){0,3}$/, '4, 6, 8 or 10 digits');
/** `<office without separators>-<year>-<6+ digit sequence>`, e.g. `FRACDG-2026-000042`. */
export const CASE_NUMBER_PATTERN = /^[A-Z0-9]{1,20}-\d{4}-\d{6,}$/;
export const caseNumberSchema = z.string().regex(CASE_NUMBER_PATTERN, 'a case number');

export const CASE_TYPES = ['seizure', 'offence', 'investigation'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = ['draft', 'submitted', 'validated', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CUSTOMS_PROCEDURES = [
  'import',
  'export',
  'transit',
  'passenger',
  'postal',
  'express',
] as const;

export const CITES_APPENDICES = ['I', 'II', 'III'] as const;

export const amountSchema = z.strictObject({
  amount: z.number().min(0).max(1e15),
  currency: currencyCodeSchema,
});

/** Where the case happened. */
export const caseLocationSchema = z.strictObject({
  /** Customs office where it was detected (reference list `customs-offices`). */
  office: referenceCode.optional(),
  /** e.g. "airport", "seaport", "land border", "inland", "postal centre". */
  placeType: text(60).optional(),
  placeDescription: text(500).optional(),
  coordinates: z
    .strictObject({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
    })
    .optional(),
  country: countryCodeSchema.optional(),
});

/** Why a consignment or traveller was selected. */
export const riskIndicatorSchema = z
  .strictObject({ code: text(35).optional(), text: text(500).optional() })
  .refine((r) => r.code !== undefined || r.text !== undefined, {
    message: 'give a code or a text',
    path: ['code'],
  });

/** What matters for an item of a given commodity category; every field optional. */
export const itemDetailsSchema = z.strictObject({
  /** Drugs: e.g. "cocaine", "cannabis resin". */
  drugType: text(100).optional(),
  /** Counterfeits: the brand copied and who holds the right. */
  brand: text(100).optional(),
  rightHolder: text(200).optional(),
  /** Wildlife: scientific name, and its CITES appendix. */
  species: text(200).optional(),
  citesAppendix: z.enum(CITES_APPENDICES).optional(),
  /** Cigarettes: number of sticks. */
  sticks: z.number().int().min(0).optional(),
  /** Cultural goods, weapons...: kind of object. */
  objectType: text(200).optional(),
  /** Anything else that matters for the category, as named values. */
  attributes: z
    .array(z.strictObject({ name: text(60), value: text(500) }))
    .max(30)
    .default([]),
});

export const caseItemSchema = z.strictObject({
  /** Reference list `commodity-categories`. */
  commodityCategory: referenceCode.optional(),
  /** Validated by its heading (reference list `hs-codes`). */
  hsCode: hsCodeSchema.optional(),
  description: text(2000).optional(),
  quantity: z.number().positive().max(1e15).optional(),
  /** Reference list `units`. */
  unit: referenceCode.optional(),
  estimatedValue: amountSchema.optional(),
  details: itemDetailsSchema.optional(),
  packaging: text(200).optional(),
  concealment: z
    .strictObject({
      /** Reference list `concealment-methods`. */
      method: referenceCode.optional(),
      description: text(1000).optional(),
    })
    .optional(),
});
export type CaseItem = z.infer<typeof caseItemSchema>;

export const caseRouteSchema = z.strictObject({
  departureCountry: countryCodeSchema.optional(),
  /** In the order travelled. */
  transitCountries: z.array(countryCodeSchema).max(20).default([]),
  destinationCountry: countryCodeSchema.optional(),
  departurePlace: text(200).optional(),
  destinationPlace: text(200).optional(),
});

export const TRANSPORT_DOCUMENT_TYPES = ['bill-of-lading', 'air-waybill', 'cmr', 'other'] as const;

/** The means of conveyance of the case: a link to the persons service plus per-case details. */
export const caseConveyanceSchema = z.strictObject({
  /** A conveyance of the persons service. */
  conveyanceId: id.optional(),
  containerNumber: text(20).optional(),
  flightOrVoyageNumber: text(20).optional(),
  transportDocument: z
    .strictObject({ type: z.enum(TRANSPORT_DOCUMENT_TYPES), number: text(60) })
    .optional(),
});

/** A person or company of the persons service, with its role in this case. */
export const casePartySchema = z.strictObject({
  subjectType: z.enum(['person', 'company']),
  subjectId: id,
  role: z.enum(CASE_PARTY_ROLES),
  arrested: z.boolean().default(false),
  /** The person's nationality at the time of the case (ISO 3166-1 alpha-2). */
  nationalityAtTime: countryCodeSchema.optional(),
});
export type CaseParty = z.infer<typeof casePartySchema>;

export const PROSECUTION_STATUSES = [
  'none',
  'pending',
  'referred',
  'prosecuted',
  'convicted',
  'acquitted',
  'dropped',
  'settled',
] as const;

export const DISPOSALS = [
  'held',
  'destroyed',
  'forfeited',
  'returned',
  'released',
  'sold',
  'donated',
] as const;

export const caseOutcomeSchema = z.strictObject({
  fines: z
    .array(
      amountSchema.extend({ kind: z.enum(['fine', 'penalty', 'duty', 'other']).default('fine') }),
    )
    .max(20)
    .default([]),
  prosecutionStatus: z.enum(PROSECUTION_STATUSES).optional(),
  disposal: z.enum(DISPOSALS).optional(),
  disposalNote: text(1000).optional(),
});

/**
 * What an officer enters for a case. Everything but the type may be missing in a draft; submission
 * requires the mandatory minimum and names every missing field.
 */
export const caseDraftSchema = z.strictObject({
  type: z.enum(CASE_TYPES),
  /** When it was detected, ISO 8601 with a time zone. */
  detectedAt: timestamp.optional(),
  location: caseLocationSchema.default({}),
  procedure: z.enum(CUSTOMS_PROCEDURES).optional(),
  /** Reference list `detection-methods`. */
  detectionMethods: z.array(referenceCode).max(20).default([]),
  riskIndicators: z.array(riskIndicatorSchema).max(20).default([]),
  /** Reference list `transport-modes`. */
  transportMode: referenceCode.optional(),
  items: z.array(caseItemSchema).max(500).default([]),
  route: caseRouteSchema.default({ transitCountries: [] }),
  conveyance: caseConveyanceSchema.optional(),
  parties: z.array(casePartySchema).max(200).default([]),
  outcome: caseOutcomeSchema.optional(),
  narrative: text(NARRATIVE_MAX_LENGTH).optional(),
  tags: z.array(text(50)).max(30).default([]),
  classification: z.enum(CLASSIFICATIONS).default('restricted'),
});
export type CaseDraft = z.infer<typeof caseDraftSchema>;
/** What a sender may pass as a draft (defaults may be left out). */
export type CaseDraftInput = z.input<typeof caseDraftSchema>;

/** A task of an investigation, with its due date. */
export const caseTaskSchema = z.object({
  id,
  title: text(200),
  dueDate: z.iso.date().optional(),
  /** The investigator (Keycloak sub) it is given to, if any. */
  assignee: z.string().optional(),
  status: z.enum(['open', 'done']),
  createdAt: timestamp,
  createdBy: z.string(),
  completedAt: timestamp.optional(),
  completedBy: z.string().optional(),
});
export type CaseTask = z.infer<typeof caseTaskSchema>;

export const CASE_TRANSITIONS = [
  'submit',
  'validate',
  'reject',
  'close',
  'reopen',
  'assign',
] as const;
export type CaseTransition = (typeof CASE_TRANSITIONS)[number];

/** One workflow step: who moved the case, when, from which status to which, and why. */
export const caseWorkflowStepSchema = z.object({
  transition: z.enum(CASE_TRANSITIONS),
  from: z.enum(CASE_STATUSES),
  to: z.enum(CASE_STATUSES),
  at: timestamp,
  by: z.string(),
  comment: z.string().optional(),
});
export type CaseWorkflowStep = z.infer<typeof caseWorkflowStepSchema>;

export const caseSchema = caseDraftSchema.extend({
  id: z.string(),
  /** Readable and unique: office-year-sequence, e.g. `FRACDG-2026-000042`. */
  number: caseNumberSchema,
  /** The customs office that owns the case (the creator's office); its officers edit it. */
  office: z.string(),
  status: z.enum(CASE_STATUSES),
  /** Set by a rejection (the case is a draft again), cleared by the next submission. */
  rejection: z.object({ reason: z.string(), at: timestamp, by: z.string() }).optional(),
  /** Investigators (Keycloak subs) assigned by a supervisor. */
  assignedInvestigators: z.array(z.string()).default([]),
  tasks: z.array(caseTaskSchema).default([]),
  /** Every transition, oldest first. */
  workflow: z.array(caseWorkflowStepSchema).default([]),
  createdAt: timestamp,
  createdBy: z.string(),
  updatedAt: timestamp,
  updatedBy: z.string(),
  version: z.number().int().positive(),
});
export type Case = z.infer<typeof caseSchema>;

/** The fields of a draft, for change history and diffs. */
export const CASE_DRAFT_FIELDS = Object.keys(caseDraftSchema.shape) as (keyof CaseDraft & string)[];

const versioned = { id, version: z.number().int().positive() };

export const createCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'create',
  description:
    "Records a draft case in the principal's office and gives it a number (office-year-sequence). Reference codes, parties and the conveyance are checked; a bad one is VALIDATION_FAILED naming the field.",
  request: z.strictObject({ draft: caseDraftSchema }),
  reply: caseSchema,
});

export const updateCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'update',
  description:
    "Replaces a draft case's details, if the case is still at the given version (CONFLICT otherwise); only its office's officers and supervisors, or its assigned investigators, may.",
  request: z.strictObject({ ...versioned, draft: caseDraftSchema }),
  reply: caseSchema,
});

export const getCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'get',
  description: 'Gets a case by id or by case number.',
  request: z.strictObject({ id }),
  reply: caseSchema,
});

export const CASE_CHANGES = [
  'created',
  'updated',
  'subjects-repointed',
  ...CASE_TRANSITIONS,
  'task-added',
  'task-completed',
  'photo-added',
] as const;

export const caseHistory = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'history',
  description: 'Every change of a case: who, when, which version, which fields, and the comment.',
  request: z.strictObject({ id }),
  reply: z.object({
    changes: z.array(
      z.object({
        version: z.number().int().positive(),
        at: timestamp,
        by: z.string(),
        change: z.enum(CASE_CHANGES),
        /** Top-level fields that changed, e.g. ["items", "route"]. */
        fields: z.array(z.string()),
        comment: z.string().optional(),
      }),
    ),
  }),
});

/**
 * What every case event carries: non-nominal, with the ids of the subjects the case names (in the
 * form the persons service consumes). Extend it for new case events.
 */
export const caseEventDataSchema = z.object({
  caseId: z.string(),
  number: z.string(),
  office: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  version: z.number().int().positive(),
  classification: z.enum(CLASSIFICATIONS),
  /** Persons, companies (parties) and the conveyance named by the case. */
  subjects: z.array(caseSubjectLinkSchema),
});

export const caseCreated = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'created',
  version: 1,
  description: 'A case was recorded (as a draft).',
  data: caseEventDataSchema,
});

export const caseUpdated = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'updated',
  version: 1,
  description: "A case's details changed; `fields` names the top-level fields that changed.",
  data: caseEventDataSchema.extend({ fields: z.array(z.string()) }),
});

export const caseRequestContracts = [createCase, updateCase, getCase, caseHistory] as const;
export const caseEventContracts = [caseCreated, caseUpdated] as const;
