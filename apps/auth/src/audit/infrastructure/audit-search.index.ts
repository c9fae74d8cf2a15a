import { type AuditEntry } from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
} from '@opencen/nest-kit';

import { AUDIT_ENTRIES_COLLECTION } from './mongo-audit-chain';

const KEYWORD = { type: 'keyword' } as const;

/**
 * What the auditors' queries filter on; the entries themselves are read from the chain by key.
 * Nothing of the criteria is indexed: they stay in the chain.
 */
export const AUDIT_INDEX: SearchIndexDefinition = {
  alias: 'auth-audit',
  version: 1,
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      // Both queries: newest first, a page after the last position seen.
      seq: { type: 'long' },
      // Both queries: in a period.
      at: { type: 'date' },
      // "What did this user do": by subject id.
      actorSub: KEYWORD,
      actorUsername: KEYWORD,
      actorOffice: KEYWORD,
      // "Who read or changed this record": `<kind>:<id>`.
      records: KEYWORD,
      action: KEYWORD,
      operation: KEYWORD,
      correlationId: KEYWORD,
    },
  },
};

/** The index document of an entry (entries never change: every write is version 1). */
export function auditSearchDocument(entry: AuditEntry): ProjectedDocument {
  return {
    id: String(entry.seq),
    version: 1,
    document: {
      seq: entry.seq,
      at: entry.at,
      actorSub: entry.actor.sub,
      ...(entry.actor.username ? { actorUsername: entry.actor.username } : {}),
      ...(entry.actor.office ? { actorOffice: entry.actor.office } : {}),
      records: entry.records.map((record) => `${record.kind}:${record.id}`),
      action: entry.action,
      operation: entry.operation,
      correlationId: entry.correlationId,
    },
  };
}

/** How the reindex command rebuilds the audit index from the chain. */
export const AUDIT_REINDEX: ReindexSource = {
  index: AUDIT_INDEX,
  collection: AUDIT_ENTRIES_COLLECTION,
  documentOf: (stored) => {
    const { _id: _key, ...entry } = stored;
    return auditSearchDocument(entry as unknown as AuditEntry);
  },
};
