import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@opencen/nest-kit';

import { DeliverNotice } from '../../inbox/usecases/deliver-notice';
import {
  type ActiveRule,
  type ChangedRecord,
  RULE_KIND_OF,
  matchKey,
  mayKeep,
  ruleMatchNotice,
} from '../domain/rule';
import {
  RuleIndex,
  RuleMatches,
  RuleOwners,
  RuleStore,
  type SavedSearch,
  SavedSearchMatcher,
} from './ports';

/** Rules read from the index at a time, and sent to the record's service in one request. */
export const RULES_BATCH = 200;

/** What an evaluation did, for logs and tests. */
export interface Evaluation {
  /** Rules evaluated (enabled, of the record's kind, whose owner may still keep them). */
  readonly evaluated: number;
  /** Rules that found the record now, for the first time. */
  readonly told: string[];
  /** Rules that found it and had found it before: nobody told again. */
  readonly toldBefore: string[];
}

/**
 * A new or changed record against the enabled rules of its kind: the rules come from the `rules`
 * index a batch at a time; their owners' principals as they are now from the auth service (a
 * disabled account, or one that lost the roles of the rule's search, is skipped); the record's
 * own service runs the batch's searches restricted to the record, each as its owner (so within
 * what the owner may read); each rule that finds it records the key `<rule>/<record>` and, the
 * first time only, notifies its owner (a rule-match notification, once by its id). A record that
 * matched, stopped matching and matches again is not told again: once per record and rule.
 */
@Injectable()
export class EvaluateRules {
  private readonly logger = new Logger(EvaluateRules.name);

  constructor(
    private readonly index: RuleIndex,
    private readonly store: RuleStore,
    private readonly owners: RuleOwners,
    private readonly matcher: SavedSearchMatcher,
    private readonly matches: RuleMatches,
    private readonly deliver: DeliverNotice,
    private readonly clock: Clock,
  ) {}

  async execute(
    record: ChangedRecord,
    cause: { readonly eventId: string; readonly actor: string },
  ): Promise<Evaluation> {
    const kind = RULE_KIND_OF[record.type];
    const evaluation = { evaluated: 0, told: [] as string[], toldBefore: [] as string[] };
    let after: string | undefined;
    for (;;) {
      const rules = await this.index.enabled(kind, after, RULES_BATCH);
      if (rules.length === 0) break;
      after = rules.at(-1)!.id;
      const searches = await this.searchesOf(rules);
      evaluation.evaluated += searches.length;
      if (searches.length > 0) {
        const { matching, reference } = await this.matcher.matching(record, searches);
        const byId = new Map(rules.map((rule) => [rule.id, rule]));
        for (const id of matching) {
          const rule = byId.get(id);
          // The index is a second or so behind the store: a rule deleted or disabled meanwhile
          // tells nobody (only the matching rules are read again, by key).
          const current = rule && (await this.store.get(rule.id));
          if (!rule || !current || current.deleted || !current.enabled) continue;
          const told = await this.tell(rule, record, reference ?? record.id, cause);
          (told ? evaluation.told : evaluation.toldBefore).push(id);
        }
      }
      if (rules.length < RULES_BATCH) break;
    }
    if (evaluation.told.length > 0) {
      this.logger.log(
        { record: `${record.type}:${record.id}`, told: evaluation.told.length },
        'Rules matched',
      );
    }
    return evaluation;
  }

  /** The rules whose owner exists, may sign in and may still run the rule's search. */
  private async searchesOf(rules: readonly ActiveRule[]): Promise<SavedSearch[]> {
    const principals = await this.owners.principals([...new Set(rules.map((rule) => rule.owner))]);
    return rules.flatMap((rule) => {
      const owner = principals.get(rule.owner);
      if (!owner?.enabled || !mayKeep(owner, rule.target.kind)) return [];
      const { enabled: _enabled, ...principal } = owner;
      return [{ id: rule.id, target: rule.target, principal }];
    });
  }

  /**
   * The key first, then the notification: a crash between the two leaves the key `told: false`,
   * and the event's redelivery delivers it (the notification's id makes a second delivery store
   * nothing). Answers whether its owner was told now.
   */
  private async tell(
    rule: ActiveRule,
    record: ChangedRecord,
    reference: string,
    cause: { readonly eventId: string; readonly actor: string },
  ): Promise<boolean> {
    const key = matchKey(rule.id, record);
    const recorded = await this.matches.record(key, rule.id, this.clock.now());
    if (recorded.told) return false;
    await this.deliver.execute(ruleMatchNotice(rule, { ...record, reference }, cause));
    await this.matches.markTold(key);
    return true;
  }
}
