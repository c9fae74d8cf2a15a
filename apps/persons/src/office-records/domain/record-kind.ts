import {
  type Company,
  type CompanyDraft,
  type CompanyMerge,
  type Conveyance,
  type ConveyanceDraft,
  type ConveyanceMerge,
  type ErrorDetail,
  type EventContract,
  type Person,
  type PersonDraft,
  type PersonMerge,
  type SubjectType,
} from '@opencen/contracts';
import { type z } from 'zod';

import { type OfficeRecord, type RecordStamps } from './office-record';
import { type MergeKind, type MergeRecord } from './record-merge';

/** The fields derived from a record for matching and search, stored beside it. */
export type DerivedFields = Readonly<Record<string, readonly string[]>>;

/** A country code of a draft with the path of its field, e.g. `draft.addresses.1.country`. */
export interface CodeAt {
  readonly path: string;
  readonly code: string;
}

/**
 * One kind of office-owned record (person, company, conveyance), described for the kernel that
 * creates, edits, merges, reads and re-keys them all: its fields, its identifiers and the keys it
 * is found by, its events, and what a merge adds to a survivor. Everything else (who may write,
 * versions, history, the merge protocol, the outbox) is the same for every kind and lives once,
 * in this feature.
 */
export interface RecordKind<
  N extends SubjectType,
  R extends OfficeRecord<M>,
  D extends object,
  M extends MergeRecord,
> {
  /** The subject type, which also names the record in replies (`{ company }`) and messages. */
  readonly noun: N;
  /** The record's contract: a stored record is read through it. */
  readonly contract: z.ZodType<R>;
  /** The fields an officer enters, in the order of the contract. */
  readonly draftFields: readonly (keyof D & string)[];
  /** The record a draft and its stamps make, with what the kind derives and keeps in it. */
  build(draft: D, stamps: RecordStamps): R;
  /** What the store keeps beside the record to find it: the keys of its names and identifiers. */
  keysOf(record: R): DerivedFields;
  /** What is wrong with a draft's identifiers, each with its field path; empty when nothing is. */
  draftIssues(draft: D): ErrorDetail[];
  /** Every country code of a draft with its field path, checked against the reference data. */
  countryCodes(draft: D): CodeAt[];
  readonly events: {
    readonly created: EventContract;
    readonly updated: EventContract;
    readonly merged: EventContract;
    readonly unmerged: EventContract;
  };
  /** What each event says of the record: ids, office, version, classification; never a name. */
  eventData(record: R): Record<string, unknown>;
  readonly merge: MergeKind<R, M>;
}

/** What a store needs of a kind: how to read a record, the keys it derives, the draft's fields. */
export interface StoredKind<R> {
  readonly noun: SubjectType;
  readonly contract: z.ZodType<R>;
  readonly draftFields: readonly string[];
  keysOf(record: R): DerivedFields;
}

/** A record built from its draft and stamps, as most kinds do: nothing derived kept in it. */
export function recordOf<R>(draft: object, stamps: RecordStamps): R {
  return { ...draft, ...stamps } as R;
}

/** The three kinds, each under its subject type: what the re-key command and the specs take. */
export interface RecordKinds {
  readonly person: RecordKind<'person', Person, PersonDraft, PersonMerge>;
  readonly company: RecordKind<'company', Company, CompanyDraft, CompanyMerge>;
  readonly conveyance: RecordKind<'conveyance', Conveyance, ConveyanceDraft, ConveyanceMerge>;
}
