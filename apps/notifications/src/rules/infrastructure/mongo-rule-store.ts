import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent, type RuleTarget } from '@opencen/contracts';
import { EventBus, WITHOUT_OUTBOX } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { type RuleState } from '../domain/rule';
import { RuleStore } from '../usecases/ports';
import { RULE_MODEL, RULES_COLLECTION, type RuleDocument } from './rule.schema';

type Stored = Omit<RuleDocument, 'outbox'>;

export function toRuleState(document: Stored): RuleState {
  return {
    id: document._id,
    owner: document.owner,
    name: document.name,
    target: document.target as RuleTarget,
    enabled: document.enabled,
    deleted: document.deleted,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    version: document.version,
  };
}

/** The rules in MongoDB, by key, each write with its event (the outbox). */
@Injectable()
export class MongoRuleStore extends RuleStore {
  constructor(
    @InjectModel(RULE_MODEL) private readonly rules: Model<RuleDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(rule: RuleState, event: CloudEvent): Promise<void> {
    const { id, ...fields } = rule;
    await this.events.insertWithEvents(
      RULES_COLLECTION,
      { _id: id, ...fields, target: structuredClone(fields.target) },
      [event],
      (document) => this.rules.collection.insertOne(document as never),
    );
  }

  async get(id: string): Promise<RuleState | null> {
    const document = await this.rules.findById(id, WITHOUT_OUTBOX).lean<Stored>();
    return document ? toRuleState(document) : null;
  }

  async update(
    id: string,
    expectedVersion: number,
    change: Partial<Pick<RuleState, 'name' | 'target' | 'enabled' | 'deleted' | 'updatedAt'>>,
    event: CloudEvent,
  ): Promise<void> {
    await this.events.updateVersioned(this.rules, id, expectedVersion, { $set: change }, [event]);
  }
}
