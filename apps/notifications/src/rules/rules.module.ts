import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { InboxConsumerOptions } from '../inbox/inbox-events.consumer';
import { AuthRuleOwners } from './infrastructure/auth-rule-owners';
import { MongoRuleMatches } from './infrastructure/mongo-rule-matches';
import { MongoRuleStore } from './infrastructure/mongo-rule-store';
import { NatsSavedSearchMatcher } from './infrastructure/nats-saved-search-matcher';
import { OpenSearchRuleIndex } from './infrastructure/opensearch-rule-index';
import { rulesProjection } from './infrastructure/rule-search.index';
import {
  RULE_MATCH_MODEL,
  RULE_MATCHES_COLLECTION,
  RULE_MODEL,
  RULES_COLLECTION,
  type RuleDocument,
  ruleMatchSchema,
  ruleSchema,
} from './infrastructure/rule.schema';
import { RuleEventsConsumer } from './rule-events.consumer';
import { RulesController } from './rules.controller';
import { ChangeRule } from './usecases/change-rule';
import { CreateRule } from './usecases/create-rule';
import { EvaluateRules } from './usecases/evaluate-rules';
import { GetRule } from './usecases/get-rule';
import { ListRules } from './usecases/list-rules';
import {
  RuleIndex,
  RuleMatches,
  RuleOwners,
  RuleStore,
  SavedSearchMatcher,
} from './usecases/ports';

export { RULE_MATCHES_COLLECTION, RULES_COLLECTION };

export interface RulesModuleOptions {
  readonly consumer: InboxConsumerOptions;
  /** The inbox module the application imports: the matches are delivered through its DeliverNotice. */
  readonly inbox: DynamicModule;
}

/**
 * Analytic rules: a user's saved case searches and watches on persons, companies and conveyances
 * (stored by key, listed from the `rules` index), evaluated against each new or changed record by
 * the record's own service as the rule's owner, each match told once through the inbox.
 */
@Module({})
export class RulesModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(RULE_MODEL) private readonly rules: Model<RuleDocument>,
  ) {}

  /** The rules index, fed by the rules' own events. */
  async onModuleInit(): Promise<void> {
    await this.search.project(rulesProjection(this.rules));
  }

  static register(options: RulesModuleOptions): DynamicModule {
    return {
      module: RulesModule,
      imports: [
        options.inbox,
        MongooseModule.forFeature([
          { name: RULE_MODEL, schema: ruleSchema, collection: RULES_COLLECTION },
          { name: RULE_MATCH_MODEL, schema: ruleMatchSchema, collection: RULE_MATCHES_COLLECTION },
        ]),
      ],
      controllers: [RulesController],
      providers: [
        { provide: InboxConsumerOptions, useValue: options.consumer },
        { provide: RuleStore, useClass: MongoRuleStore },
        { provide: RuleIndex, useClass: OpenSearchRuleIndex },
        { provide: RuleOwners, useClass: AuthRuleOwners },
        { provide: SavedSearchMatcher, useClass: NatsSavedSearchMatcher },
        { provide: RuleMatches, useClass: MongoRuleMatches },
        CreateRule,
        ListRules,
        GetRule,
        ChangeRule,
        EvaluateRules,
        RuleEventsConsumer,
      ],
    };
  }
}
