import {
  ruleCreated,
  ruleDeleted,
  ruleDisabled,
  ruleEnabled,
  ruleUpdated,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { RULES_COLLECTION, type RuleDocument } from './rule.schema';

const KEYWORD = { type: 'keyword' } as const;

/**
 * The rules of an owner (listed, newest first, and counted) and the enabled rules of a kind (every
 * record event reads them, in id order). A deleted rule stays, marked (the reindex copies every
 * stored rule), and every query leaves it out.
 */
export const RULES_INDEX: SearchIndexDefinition = {
  alias: 'rules',
  version: 1,
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      // The evaluation's order and batches (search_after), and the list's tie-break.
      id: KEYWORD,
      // An owner's list and count.
      owner: KEYWORD,
      // The evaluation: the enabled rules of a kind.
      kind: KEYWORD,
      enabled: { type: 'boolean' },
      // Every query: deleted rules are left out.
      deleted: { type: 'boolean' },
      // An owner's list, newest first.
      createdAt: { type: 'date' },
      // Read back by the evaluation, never searched.
      name: { type: 'keyword', index: false, doc_values: false },
      target: { type: 'object', enabled: false },
    },
  },
};

/** The index document of a stored rule under its version. */
export function ruleSearchDocument(document: Omit<RuleDocument, 'outbox'>): ProjectedDocument {
  return {
    id: document._id,
    version: document.version,
    document: {
      id: document._id,
      owner: document.owner,
      kind: document.target.kind,
      enabled: document.enabled,
      deleted: document.deleted,
      createdAt: document.createdAt,
      name: document.name,
      target: document.target,
    },
  };
}

/** The index fed by the rules' own events, each rule read by key from the store. */
export function rulesProjection(rules: Model<RuleDocument>): SearchProjection {
  return {
    durable: 'notifications-search-rules',
    index: RULES_INDEX,
    events: [ruleCreated, ruleUpdated, ruleEnabled, ruleDisabled, ruleDeleted],
    load: async (key) => {
      const document = await rules
        .findById(key, WITHOUT_OUTBOX)
        .lean<Omit<RuleDocument, 'outbox'>>();
      return document ? ruleSearchDocument(document) : null;
    },
  };
}

/** How the reindex command rebuilds the index from the store. */
export const RULES_REINDEX: ReindexSource = {
  index: RULES_INDEX,
  collection: RULES_COLLECTION,
  documentOf: (stored) => ruleSearchDocument(stored as unknown as Omit<RuleDocument, 'outbox'>),
};
