import { type CloudEvent, type RuleKind } from '@opencen/contracts';
import { type Clock, ServiceError } from '@opencen/nest-kit';

import { inboxWorld } from '../../inbox/testing/inbox.fixtures';
import { type ActiveRule, type ChangedRecord, type RuleState } from '../domain/rule';
import { EvaluateRules } from '../usecases/evaluate-rules';
import {
  type OwnerPrincipal,
  RuleIndex,
  RuleMatches,
  RuleOwners,
  type RulePage,
  RuleStore,
  type SavedSearch,
  SavedSearchMatcher,
} from '../usecases/ports';

/** The store and the index in memory, in one: the index is never behind here. */
export class FakeRules extends RuleStore {
  readonly rules = new Map<string, RuleState>();
  readonly events: CloudEvent[] = [];

  async insert(rule: RuleState, event: CloudEvent): Promise<void> {
    if (this.rules.has(rule.id)) throw new Error(`duplicate rule ${rule.id}`);
    this.rules.set(rule.id, rule);
    this.events.push(event);
  }

  async get(id: string): Promise<RuleState | null> {
    return this.rules.get(id) ?? null;
  }

  async update(
    id: string,
    expectedVersion: number,
    change: Partial<RuleState>,
    event: CloudEvent,
  ): Promise<void> {
    const rule = this.rules.get(id)!;
    if (rule.version !== expectedVersion) throw ServiceError.conflict('stale');
    this.rules.set(id, { ...rule, ...change, version: rule.version + 1 });
    this.events.push(event);
  }
}

export class FakeRuleIndex extends RuleIndex {
  constructor(private readonly rules: FakeRules) {
    super();
  }

  private live(): RuleState[] {
    return [...this.rules.rules.values()].filter((rule) => !rule.deleted);
  }

  async page(owner: string, query: { cursor?: string; limit: number }): Promise<RulePage> {
    const owned = this.live()
      .filter((rule) => rule.owner === owner)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    const start = query.cursor ? owned.findIndex((rule) => rule.id === query.cursor) + 1 : 0;
    const page = owned.slice(start, start + query.limit);
    return {
      ids: page.map((rule) => rule.id),
      ...(start + query.limit < owned.length ? { nextCursor: page.at(-1)!.id } : {}),
    };
  }

  async countOwned(owner: string): Promise<number> {
    return this.live().filter((rule) => rule.owner === owner).length;
  }

  async enabled(kind: RuleKind, after: string | undefined, limit: number): Promise<ActiveRule[]> {
    return this.live()
      .filter((rule) => rule.enabled && rule.target.kind === kind)
      .filter((rule) => after === undefined || rule.id > after)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(({ id, owner, name, target }) => ({ id, owner, name, target }));
  }
}

export class FakeOwners extends RuleOwners {
  readonly users = new Map<string, OwnerPrincipal>();

  add(principal: Omit<OwnerPrincipal, 'enabled' | 'username'> & { enabled?: boolean }): void {
    this.users.set(principal.sub, { username: principal.sub, enabled: true, ...principal });
  }

  async principals(users: readonly string[]): Promise<Map<string, OwnerPrincipal>> {
    return new Map(
      users.flatMap((user) => (this.users.has(user) ? [[user, this.users.get(user)!]] : [])),
    );
  }
}

/**
 * The record's service in memory: a search finds the record when `finds` says so for its
 * filter and owner; it can be made UNAVAILABLE (its index behind).
 */
export class FakeMatcher extends SavedSearchMatcher {
  behind = false;
  asked: { record: ChangedRecord; searches: readonly SavedSearch[] }[] = [];
  finds: (search: SavedSearch, record: ChangedRecord) => boolean = () => true;

  async matching(record: ChangedRecord, searches: readonly SavedSearch[]) {
    if (this.behind) throw new ServiceError('UNAVAILABLE', 'index behind');
    this.asked.push({ record, searches });
    return {
      matching: searches.filter((search) => this.finds(search, record)).map((search) => search.id),
      ...(record.type === 'case' ? { reference: `NUM-${record.id}` } : {}),
    };
  }
}

export class FakeMatches extends RuleMatches {
  readonly keys = new Map<string, { told: boolean }>();

  async record(key: string): Promise<{ first: boolean; told: boolean }> {
    const existing = this.keys.get(key);
    if (existing) return { first: false, told: existing.told };
    this.keys.set(key, { told: false });
    return { first: true, told: false };
  }

  async markTold(key: string): Promise<void> {
    this.keys.set(key, { told: true });
  }
}

/** The rules feature over fakes, with the inbox's delivery. */
export function rulesWorld() {
  const inbox = inboxWorld();
  const rules = new FakeRules();
  const index = new FakeRuleIndex(rules);
  const owners = new FakeOwners();
  const matcher = new FakeMatcher();
  const matches = new FakeMatches();
  const evaluate = new EvaluateRules(
    index,
    rules,
    owners,
    matcher,
    matches,
    inbox.deliver,
    inbox.clock as unknown as Clock,
  );
  return { ...inbox, rules, index, owners, matcher, matches, evaluate };
}
