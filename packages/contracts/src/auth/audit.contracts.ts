/**
 * The security audit trail (EU directive 2016/680, article 25): every consultation, collection,
 * alteration and disclosure of personal data, with who, when, what, from where and why.
 *
 * Consultations are recorded by the gateway, which publishes an {@link auditAccessRecorded}
 * message on the audit stream and waits for JetStream's acknowledgement before it answers; the
 * auth service consumes the stream durably and appends each record, and each domain event of the
 * services that hold personal data, to its hash chain. Auditors query the chain through the
 * requests below; nothing in it is ever updated or deleted.
 */
import { z } from 'zod';

import { cloudEventSchema, type MessageContract } from '../events';
import { roleSchema } from '../principal';
import { defineRequest } from '../requests';

/** The JetStream stream of audit records, apart from the domain events external systems read. */
export const AUDIT_STREAM = 'OPENCEN_AUDIT';

/** Subjects captured by {@link AUDIT_STREAM}. */
export const AUDIT_STREAM_SUBJECTS = ['audit.>'] as const;

/** What the directive names: the kind of processing a record is of. */
export const AUDIT_ACTIONS = [
  'consultation',
  'collection',
  'alteration',
  'disclosure',
  'erasure',
  'administration',
  'security',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** The kinds of record an audit entry names. */
export const AUDITED_KINDS = [
  'person',
  'company',
  'conveyance',
  'case',
  'photo',
  'alert',
  'export',
  'user',
  'conversation',
] as const;
export const auditedKindSchema = z.enum(AUDITED_KINDS);
export type AuditedKind = z.infer<typeof auditedKindSchema>;

/** One record an operation touched. */
export const auditedRecordSchema = z.strictObject({
  kind: auditedKindSchema,
  id: z.string().min(1).max(200),
});
export type AuditedRecord = z.infer<typeof auditedRecordSchema>;

/** The most records one access record names (a longer answer is recorded by its first ones). */
export const AUDIT_RECORDS_MAX = 1000;

/** A value of the criteria of a search, as recorded (document numbers only as a keyed hash). */
const criterionValueSchema = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string().max(500), z.number(), z.boolean()])).max(100),
]);

/** What a client sends as the purpose of a nominal search or an export: a case number or a text. */
export const purposeSchema = z.string().trim().min(3).max(200);

/** The HTTP header that carries the purpose of a nominal search or an export. */
export const PURPOSE_HEADER = 'OpenCEN-Purpose';

/** Who acted, as the token said (the username and office at that moment, not as they are now). */
export const auditActorSchema = z.strictObject({
  sub: z.string().min(1),
  username: z.string().min(1).optional(),
  office: z.string().min(1).optional(),
  roles: z
    .array(z.union([roleSchema, z.string().min(1).max(100)]))
    .max(50)
    .optional(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/** The data of an access record: what the gateway answered, to whom, and why. */
export const auditAccessDataSchema = z.strictObject({
  action: auditActionSchema,
  /** The gateway operation, e.g. `getPerson`, `searchPersons`, `exportCases`. */
  operation: z.string().min(1).max(100),
  actor: auditActorSchema,
  records: z.array(auditedRecordSchema).max(AUDIT_RECORDS_MAX),
  /** The search or match criteria, document numbers as `hmac-sha256:<hex>`. */
  criteria: z.record(z.string().max(100), criterionValueSchema).optional(),
  purpose: purposeSchema.optional(),
  client: z.strictObject({
    clientId: z.string().max(200).optional(),
    address: z.string().max(100).optional(),
  }),
  /** The HTTP status the gateway answered with. */
  status: z.number().int().min(100).max(599),
});
export type AuditAccessData = z.infer<typeof auditAccessDataSchema>;

const accessRecordedType = 'audit.access.recorded.v1';
const gatewaySource = '/opencen/gateway';

/** A nominal read the gateway answered; published on the audit stream before the answer. */
export const auditAccessRecorded: MessageContract<typeof auditAccessDataSchema> = Object.freeze({
  type: accessRecordedType,
  subject: accessRecordedType,
  source: gatewaySource,
  description:
    'A read of personal data the gateway answered (a record read, searched or matched, a case read with its parties, an export, a photo download), with who, what, from where and why.',
  data: auditAccessDataSchema,
  envelope: cloudEventSchema(auditAccessDataSchema).extend({
    source: z.literal(gatewaySource),
    type: z.literal(accessRecordedType),
  }),
});

/** One entry of the chain, as auditors read it. */
export const auditEntrySchema = z.strictObject({
  /** Position in the chain, from 1. */
  seq: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
  action: auditActionSchema,
  operation: z.string(),
  actor: auditActorSchema,
  records: z.array(auditedRecordSchema),
  criteria: z.record(z.string(), criterionValueSchema).optional(),
  purpose: z.string().optional(),
  client: z
    .strictObject({ clientId: z.string().optional(), address: z.string().optional() })
    .optional(),
  status: z.number().int().optional(),
  correlationId: z.string(),
  /** The audit record or domain event the entry was made from. */
  sourceId: z.string(),
  /** SHA-256 of the previous entry, and of this one, over their canonical encoding (hex). */
  previousHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const auditPeriod = {
  /** From this instant, included. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Until this instant, excluded. */
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
};

const auditPageSchema = z.strictObject({
  total: z.number().int().min(0),
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().optional(),
});

export const auditRecordTrail = defineRequest({
  service: 'auth',
  aggregate: 'audit',
  verb: 'record-trail',
  description:
    'Who read or changed a given record, newest first, a page at a time: every audit entry that names it, in a period.',
  request: z.strictObject({
    kind: auditedKindSchema,
    id: z.string().min(1).max(200),
    ...auditPeriod,
  }),
  reply: auditPageSchema,
});

export const auditUserActivity = defineRequest({
  service: 'auth',
  aggregate: 'audit',
  verb: 'user-activity',
  description:
    'What a given user did in a period, newest first, a page at a time: every audit entry of their subject id.',
  request: z.strictObject({ sub: z.string().min(1).max(100), ...auditPeriod }),
  reply: auditPageSchema,
});

/** What a verification found wrong first, at which entry. */
export const AUDIT_CHAIN_PROBLEMS = [
  'modified',
  'removed',
  'inserted',
  'reordered',
  'checkpoint-mismatch',
  'checkpoint-signature',
] as const;

/** The most entries one verification request recomputes: each request answers in seconds. */
export const AUDIT_VERIFY_MAX_ENTRIES = 1000;

export const auditVerificationSchema = z.strictObject({
  valid: z.boolean(),
  /** The range verified: entries `from` to `to` (`to` is `from - 1` when none was there). */
  from: z.number().int().min(1),
  to: z.number().int().min(0),
  /** How many entries were verified (from `from` up to the first problem, if any). */
  entries: z.number().int().min(0),
  /** The signed checkpoints of the range that hold. */
  checkpoints: z.number().int().min(0),
  /** The last entry of the range a valid signed checkpoint covers (0: none in the range). */
  lastCheckpointSeq: z.number().int().min(0),
  /** Where the next range starts, when the chain goes on past this one and it held. */
  nextFrom: z.number().int().min(2).optional(),
  problem: z
    .strictObject({
      kind: z.enum(AUDIT_CHAIN_PROBLEMS),
      /** The first entry (or checkpoint position) that does not hold. */
      seq: z.number().int().min(0),
      detail: z.string(),
    })
    .optional(),
  verifiedAt: z.iso.datetime({ offset: true }),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const verifyAuditChain = defineRequest({
  service: 'auth',
  aggregate: 'audit',
  verb: 'verify',
  description:
    'Recomputes a range of the audit chain (`limit` entries from `from`, the first ones by default) and the signed checkpoints in it, and reports the first entry that was modified, removed, inserted or reordered. The reply says which range was checked and, when the chain goes on, `nextFrom`: the whole chain is verified by asking again from there until there is none (a range starts from the entry before it, which the previous range verified). `npm run audit:verify -w @opencen/auth` verifies the whole chain at once.',
  request: z.strictObject({
    from: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
    limit: z.number().int().min(1).max(AUDIT_VERIFY_MAX_ENTRIES).default(AUDIT_VERIFY_MAX_ENTRIES),
  }),
  reply: auditVerificationSchema,
});

export const auditRequestContracts = [auditRecordTrail, auditUserActivity, verifyAuditChain];
