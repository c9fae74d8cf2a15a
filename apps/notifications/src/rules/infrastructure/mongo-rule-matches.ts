import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { RuleMatches } from '../usecases/ports';
import { RULE_MATCH_MODEL, type RuleMatchDocument } from './rule.schema';

/** The key documents of the rules' matches, by key. */
@Injectable()
export class MongoRuleMatches extends RuleMatches {
  constructor(@InjectModel(RULE_MATCH_MODEL) private readonly matches: Model<RuleMatchDocument>) {
    super();
  }

  async record(key: string, ruleId: string, at: Date): Promise<{ first: boolean; told: boolean }> {
    try {
      await this.matches.collection.insertOne({ _id: key, rule: ruleId, at, told: false } as never);
      return { first: true, told: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.matches.findById(key).lean<RuleMatchDocument>();
      return { first: false, told: existing?.told ?? false };
    }
  }

  async markTold(key: string): Promise<void> {
    await this.matches.updateOne({ _id: key }, { $set: { told: true } });
  }
}
