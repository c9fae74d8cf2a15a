/**
 * What the three kinds of record the persons service keeps (persons, companies, conveyances) share
 * in their contracts: the fields every record has, merges and their events, the change history,
 * and the requests and events every kind answers and publishes the same way, declared once here
 * by {@link officeRecordContracts} from a kind's schemas and words.
 */
import { z } from 'zod';

import { CLASSIFICATIONS } from '../classification';
import { defineEvent } from '../events';
import { defineRequest } from '../requests';

const id = z.string().min(1).max(64);

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

/**
 * A merge recorded on the survivor, with what it added (so that it can be undone). `pending`: the
 * survivor has the merged record's details but the merged record is not yet marked (a retry of the
 * same merge completes it); `undoing`: the survivor is reverted but the merged record not yet
 * restored (a retry of the same undo completes it). Each kind adds what its merges add.
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

/** What a merged record gains beside its merges: where it went, and where a `get` came from. */
export const mergeStateFields = {
  /** Set when this record was merged into another one; `get` then answers with that one. */
  mergedInto: z.string().optional(),
  /** Set by `get` when the id asked for was merged: the id asked for (this record is the survivor). */
  resolvedFrom: z.string().optional(),
};

/**
 * The merge fields of a kind's record: the merges it survived (undone ones included), of the
 * kind's merge schema, and where it went or where a `get` came from ({@link mergeStateFields}).
 */
export function recordMergeFields<M extends z.ZodType>(merge: M) {
  return { merges: z.array(merge).optional(), ...mergeStateFields };
}

/**
 * A company or conveyance already known that may be the one a draft describes: how strongly, and
 * why (persons have scored candidates of their own, `personCandidateSchema`).
 */
export const recordCandidateFields = {
  strength: z.enum(['strong', 'possible']),
  /** e.g. "VAT number equal after normalisation: FR 12 345678901 = FR12345678901". */
  reasons: z.array(z.string()),
};

/** A page of a search: how many, and the `nextCursor` of the previous page. */
export const recordPageRequestFields = {
  limit: z.number().int().min(1).max(100).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
};

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

/** A kind of record as its contracts name and describe it. */
export interface OfficeRecordKind<
  A extends string,
  R extends z.ZodType,
  D extends z.ZodType,
  C extends z.ZodType,
  I extends z.ZodRawShape,
> {
  readonly aggregate: A;
  /** The words of the descriptions: `a means of conveyance`, `conveyance`, `conveyances`. */
  readonly words: { readonly a: string; readonly noun: string; readonly plural: string };
  readonly record: R;
  readonly draft: D;
  /** A record already known that may be the one a draft describes, and why. */
  readonly candidate: C;
  /** What its events say of the record before its office, version and classification: its id. */
  readonly eventIdentity: I;
  /** What a create looks for, and what a merge gives the survivor: the kind's own rules. */
  readonly describe: { readonly create: string; readonly merge: string };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The requests every kind answers (create, get, update, history, merge, unmerge) and the events it
 * publishes (created, updated, merged, unmerged), from the kind's schemas. Events carry ids, office,
 * version and classification only: never names, documents or identifiers.
 */
export function officeRecordContracts<
  A extends string,
  R extends z.ZodType,
  D extends z.ZodType,
  C extends z.ZodType,
  I extends z.ZodRawShape,
>(kind: OfficeRecordKind<A, R, D, C, I>) {
  const { aggregate, words, record, draft, candidate, describe } = kind;
  const of = { service: 'persons', aggregate } as const;
  /** Non-nominal: enough for other services to re-read the record if they may. */
  const eventData = z.object({
    ...kind.eventIdentity,
    office: z.string(),
    version: z.number().int().positive(),
    classification: z.enum(CLASSIFICATIONS),
  });
  const created = { [aggregate]: record } as Record<A, R>;
  return {
    create: defineRequest({
      ...of,
      verb: 'create',
      description: describe.create,
      request: z.strictObject({
        draft,
        /** The officer has seen the candidates and says this is a different record. */
        confirmedNew: z.boolean().default(false),
      }),
      reply: z.discriminatedUnion('outcome', [
        z.object({
          outcome: z.literal('created'),
          ...created,
          /** Weaker candidates worth a look, even though the record was stored. */
          candidates: z.array(candidate),
        }),
        z.object({ outcome: z.literal('candidates'), candidates: z.array(candidate) }),
      ]),
    }),
    get: defineRequest({
      ...of,
      verb: 'get',
      description: `Gets ${words.a} by id. The id of a merged ${words.noun} answers with the survivor, \`resolvedFrom\` naming the id asked for.`,
      request: z.strictObject({ id }),
      reply: record,
    }),
    update: defineRequest({
      ...of,
      verb: 'update',
      description: `Replaces a ${words.noun}'s details, if the record is still at the given version; only its office's officers may.`,
      request: z.strictObject({ id, version: z.number().int().positive(), draft }),
      reply: record,
    }),
    history: defineRequest({
      ...of,
      verb: 'history',
      description: `Every change of ${words.a}: who, when, which version and which fields.`,
      request: z.strictObject({ id }),
      reply: recordHistorySchema,
    }),
    merge: defineRequest({
      ...of,
      verb: 'merge',
      description: `${describe.merge} Only admin, or a supervisor of both ${words.plural}' office.`,
      request: z.strictObject({
        survivorId: id,
        survivorVersion: z.number().int().positive(),
        mergedId: id,
        mergedVersion: z.number().int().positive(),
      }),
      reply: record,
    }),
    unmerge: defineRequest({
      ...of,
      verb: 'unmerge',
      description: `Undoes a ${words.noun} merge: the survivor loses what the merge added, and the merged ${words.noun} is a ${words.noun} of its own again.`,
      request: z.strictObject({
        survivorId: id,
        survivorVersion: z.number().int().positive(),
        mergeId: id,
      }),
      reply: z.object({ survivor: record, restored: record }),
    }),
    eventData,
    created: defineEvent({
      ...of,
      verb: 'created',
      version: 1,
      description: `${capitalised(words.a)} was recorded.`,
      data: eventData,
    }),
    updated: defineEvent({
      ...of,
      verb: 'updated',
      version: 1,
      description: `A ${words.noun}'s details changed.`,
      data: eventData.extend({ fields: z.array(z.string()) }),
    }),
    merged: defineEvent({
      ...of,
      verb: 'merged',
      version: 1,
      description: `${capitalised(words.a)} was merged into another: references to \`mergedId\` now mean \`survivorId\`. Published once the merge is complete.`,
      data: recordMergeEventDataSchema,
    }),
    unmerged: defineEvent({
      ...of,
      verb: 'unmerged',
      version: 1,
      description: `A ${words.noun} merge was undone: \`mergedId\` is a ${words.noun} of its own again.`,
      data: recordMergeEventDataSchema,
    }),
  };
}
