import {
  type CloudEvent,
  type Principal,
  type RuleKind,
  type RuleTarget,
} from '@opencen/contracts';

import { type ActiveRule, type ChangedRecord, type RuleState } from '../domain/rule';

/** The rules, by key, each write with its event (the outbox). */
export abstract class RuleStore {
  abstract insert(rule: RuleState, event: CloudEvent): Promise<void>;
  /** The rule, deleted or not; null when the id was never used. */
  abstract get(id: string): Promise<RuleState | null>;
  /** Applies the change if the rule is still at `expectedVersion` (CONFLICT otherwise). */
  abstract update(
    id: string,
    expectedVersion: number,
    change: Partial<Pick<RuleState, 'name' | 'target' | 'enabled' | 'deleted' | 'updatedAt'>>,
    event: CloudEvent,
  ): Promise<void>;
}

/** A page of an owner's rules: their ids, newest first, and where the next page starts. */
export interface RulePage {
  readonly ids: string[];
  readonly nextCursor?: string;
}

/** What is searched, sorted and counted of the rules (the `rules` index). */
export abstract class RuleIndex {
  /** The owner's rules after `cursor`, newest first. */
  abstract page(owner: string, query: { cursor?: string; limit: number }): Promise<RulePage>;
  abstract countOwned(owner: string): Promise<number>;
  /** Every enabled rule of a kind, a batch at a time, in id order after `after`. */
  abstract enabled(kind: RuleKind, after: string | undefined, limit: number): Promise<ActiveRule[]>;
}

/** A user as the auth service answers them: their principal now, and whether they may sign in. */
export type OwnerPrincipal = Principal & { readonly enabled: boolean };

/** Who the owners are now (the auth service). */
export abstract class RuleOwners {
  /** The principals of the users named that exist, by sub. */
  abstract principals(users: readonly string[]): Promise<Map<string, OwnerPrincipal>>;
}

/** A saved search to evaluate: the rule's id, its filter, and its owner. */
export interface SavedSearch {
  readonly id: string;
  readonly target: RuleTarget;
  readonly principal: Principal;
}

/** Runs saved searches restricted to one record, in the service that owns the record. */
export abstract class SavedSearchMatcher {
  /**
   * The ids of the searches that find the record, and its reference (a case's number) when one
   * does. UNAVAILABLE while that service's index is behind: the caller tries again.
   */
  abstract matching(
    record: ChangedRecord,
    searches: readonly SavedSearch[],
  ): Promise<{ matching: string[]; reference?: string }>;
}

/** The key documents `<rule>/<record>`: once per record and rule. */
export abstract class RuleMatches {
  /**
   * Records that the rule found the record, unless it is recorded already: then answers whether
   * its notification was delivered (`told`).
   */
  abstract record(
    key: string,
    ruleId: string,
    at: Date,
  ): Promise<{ first: boolean; told: boolean }>;
  abstract markTold(key: string): Promise<void>;
}
