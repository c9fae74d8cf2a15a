import { withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

export const RULE_MODEL = 'Rule';
/** Also given to the outbox relay, which publishes the events of each rule's writes. */
export const RULES_COLLECTION = 'rules';

/**
 * A user's analytic rule, keyed by its id (`_id`). Read and written by `_id` only; an owner's
 * rules and the enabled rules of a kind are found in the `rules` index. A deleted rule keeps its
 * key, marked deleted, since its deleted event rides in its document.
 */
export interface RuleDocument {
  _id: string;
  owner: string;
  name: string;
  /** `{ kind, filter }`: the filter of the kind's search, as the contracts validated it. */
  target: { kind: string; filter: Record<string, unknown> };
  enabled: boolean;
  deleted: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const ruleSchema = new Schema<RuleDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    name: { type: String, required: true },
    target: { type: Schema.Types.Mixed, required: true },
    enabled: { type: Boolean, required: true },
    deleted: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
withOutbox(ruleSchema);

export const RULE_MATCH_MODEL = 'RuleMatch';
export const RULE_MATCHES_COLLECTION = 'rule_matches';

/**
 * That a rule found a record, keyed `<rule>/<record type>:<record id>`: inserting it is what makes
 * a rule tell its owner once per record. `told` once the notification is stored.
 */
export interface RuleMatchDocument {
  _id: string;
  rule: string;
  at: Date;
  told: boolean;
}

export const ruleMatchSchema = new Schema<RuleMatchDocument>(
  {
    _id: { type: String, required: true },
    rule: { type: String, required: true },
    at: { type: Date, required: true },
    told: { type: Boolean, required: true },
  },
  { versionKey: false },
);
