import { type RequestContract } from '@opencen/contracts';

import { type ContractRoute, contractRoute } from '../http/contract-route';

/** The contracts every kind of record of the persons service has (contracts' officeRecordContracts). */
type RecordContracts = Readonly<
  Record<'create' | 'get' | 'update' | 'history' | 'merge' | 'unmerge', RequestContract>
>;

/** What the routes of a kind reply with: a record, whose version is its ETag. */
type VersionedRecord = { id: string; version: number };

/** A kind of record as its routes name it. */
export interface OfficeRecordRoutesKind {
  /** The collection's path, e.g. `/api/v1/companies`. */
  readonly base: string;
  /** `person`, `company`, `means of conveyance`: what a summary says it is. */
  readonly what: string;
  /** `person`, `company`, `conveyance`: the short noun. */
  readonly noun: string;
  /** What the audit trail calls a record of this kind. */
  readonly kind: 'person' | 'company' | 'conveyance';
  /** The OpenAPI operation ids (and handler names), e.g. `createCompany`, `companyHistory`. */
  readonly operationIds: Readonly<Record<keyof RecordContracts, string>>;
  readonly contracts: RecordContracts;
  /** The kind's own words for a create: what it looks for before it records. */
  readonly create: {
    readonly summary: string;
    readonly created: string;
    readonly candidates: string;
  };
  /** The kind's search, which is its own: documented after the create. */
  readonly search: ContractRoute;
}

/**
 * The routes every kind of record of the persons service has, from its contracts, with the record
 * policies: officers, supervisors and investigators record and edit (the service keeps edits to
 * the record's own office), analysts read, admins and supervisors merge.
 *
 * A create that finds strong candidates records nothing: that is an expected outcome, not an
 * error, so it answers **200** with `{ outcome: "candidates", candidates }` (no Location), and a
 * recorded one answers **201** with `{ outcome: "created", <aggregate>, candidates }`, Location and
 * ETag. Clients branch on `outcome` (or on the status), and send again with `confirmedNew: true`
 * when the officer says it is another one.
 *
 * A get and a history are recorded in the audit trail (the record asked for and the one answered);
 * each kind's search declares its own audit, with the purpose it requires.
 */
export function officeRecordRoutes(kind: OfficeRecordRoutesKind): Record<string, ContractRoute> {
  const { base, what, noun, operationIds, contracts } = kind;
  // A create's reply names the record by the contracts' aggregate: `{ outcome, company, ... }`.
  const aggregate = contracts.create.aggregate;
  const location = (record: VersionedRecord) => `${base}/${encodeURIComponent(record.id)}`;
  /** The record a create stored, if it stored one. */
  const created = (reply: unknown): VersionedRecord | undefined => {
    const answer = reply as { outcome: string } & Record<string, VersionedRecord>;
    return answer.outcome === 'created' ? answer[aggregate] : undefined;
  };
  const version = (record: unknown) => (record as VersionedRecord).version;
  // A read names the record asked for and the one answered (a merged id answers its survivor).
  const readRecords = (reply: unknown, request: unknown) => [
    { kind: kind.kind, id: (request as { id: string }).id },
    ...(typeof (reply as Partial<VersionedRecord>).id === 'string'
      ? [{ kind: kind.kind, id: (reply as VersionedRecord).id }]
      : []),
  ];
  return {
    create: contractRoute({
      operationId: operationIds.create,
      method: 'POST',
      path: base,
      contract: contracts.create,
      summary: kind.create.summary,
      input: 'body',
      policy: 'recordWriters',
      status: 201,
      successDescription: kind.create.created,
      otherSuccess: {
        status: 200,
        description: kind.create.candidates,
        when: (reply) => (reply as { outcome: string }).outcome === 'candidates',
      },
      location: (reply) => {
        const record = created(reply);
        return record ? location(record) : undefined;
      },
      etag: (reply) => created(reply)?.version,
    }),
    search: kind.search,
    get: contractRoute({
      operationId: operationIds.get,
      method: 'GET',
      path: `${base}/:id`,
      contract: contracts.get,
      summary: `One ${what} by id`,
      input: 'query',
      policy: 'recordReaders',
      status: 200,
      etag: version,
      audit: { records: readRecords, purpose: 'optional' },
    }),
    update: contractRoute({
      operationId: operationIds.update,
      method: 'PUT',
      path: `${base}/:id`,
      contract: contracts.update,
      summary: `Replace a ${noun}'s details (the body is the draft; the version is If-Match)`,
      input: 'body',
      bodyField: 'draft',
      versionField: 'version',
      policy: 'recordWriters',
      status: 200,
      etag: version,
    }),
    history: contractRoute({
      operationId: operationIds.history,
      method: 'GET',
      path: `${base}/:id/history`,
      contract: contracts.history,
      summary: `Every change of a ${what}: who, when, which version and which fields`,
      input: 'query',
      policy: 'recordReaders',
      status: 200,
      audit: { records: readRecords, purpose: 'optional' },
    }),
    merge: contractRoute({
      operationId: operationIds.merge,
      method: 'POST',
      path: `${base}/:survivorId/merge`,
      contract: contracts.merge,
      summary: `Merge another record of the same ${what} into this one (the version of this one is If-Match); admin, or a supervisor of both records' office`,
      input: 'body',
      versionField: 'survivorVersion',
      policy: 'recordMergers',
      status: 200,
      etag: version,
    }),
    unmerge: contractRoute({
      operationId: operationIds.unmerge,
      method: 'POST',
      path: `${base}/:survivorId/unmerge`,
      contract: contracts.unmerge,
      summary: `Undo a merge into this ${what} (the version of this one is If-Match)`,
      input: 'body',
      versionField: 'survivorVersion',
      policy: 'recordMergers',
      status: 200,
      etag: (reply) => (reply as { survivor: VersionedRecord }).survivor.version,
    }),
  };
}
