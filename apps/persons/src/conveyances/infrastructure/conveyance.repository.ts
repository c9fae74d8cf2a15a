import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type Conveyance,
  conveyanceSchema as conveyanceContract,
} from '@opencen/contracts';
import { EventBus, toOutboxEntries } from '@opencen/nest-kit';
import { type FilterQuery, Model } from 'mongoose';

import { fromStored, toStored, unsetAbsent } from '../../companies/infrastructure/stored-record';
import { type HistoryEntry } from '../../subjects/domain/person';
import { identifierKeysOf } from '../domain/conveyance';
import { ConveyanceRepository } from '../usecases/ports';
import {
  CONVEYANCE_MODEL,
  CONVEYANCE_OPTIONAL_FIELDS,
  type ConveyanceDocument,
} from './conveyance.schema';

/** Reads leave out what only the store needs. */
const PROJECTION = { identifierKeys: 0, caseIds: 0, history: 0, outbox: 0 } as const;

type StoredConveyance = Partial<ConveyanceDocument> & { _id: string };

function toConveyance(document: StoredConveyance): Conveyance {
  return fromStored(conveyanceContract, 'conveyance', document as never);
}

@Injectable()
export class MongoConveyanceRepository extends ConveyanceRepository {
  constructor(
    @InjectModel(CONVEYANCE_MODEL) private readonly conveyances: Model<ConveyanceDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async findById(id: string): Promise<Conveyance | null> {
    const document = await this.conveyances.findById(id, PROJECTION).lean<StoredConveyance>();
    return document ? toConveyance(document) : null;
  }

  async history(id: string): Promise<HistoryEntry[] | null> {
    const document = await this.conveyances
      .findById(id, { history: 1 })
      .lean<{ history?: HistoryEntry[] }>();
    return document ? (document.history ?? []) : null;
  }

  /** Merged conveyances are left out: their id resolves to the survivor. */
  async findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
  ): Promise<Conveyance[]> {
    const filter: FilterQuery<ConveyanceDocument> = {
      identifierKeys: { $in: [...keys] },
      mergedInto: { $exists: false },
    };
    if (after !== undefined) filter._id = { $gt: after };
    const documents = await this.conveyances
      .find(filter, PROJECTION)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<StoredConveyance[]>();
    return documents.map(toConveyance);
  }

  async insert(
    conveyance: Conveyance,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    await this.events.storeEvents(this.conveyances.collection.collectionName, conveyance.id, () =>
      this.conveyances.create({
        ...toStored(conveyance, { identifierKeys: identifierKeysOf(conveyance) }),
        history: [change],
        outbox: toOutboxEntries(events),
      }),
    );
  }

  async update(
    conveyance: Conveyance,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const {
      _id,
      version: _version,
      ...fields
    } = toStored(conveyance, { identifierKeys: identifierKeysOf(conveyance) });
    const unset = unsetAbsent(conveyance, [...CONVEYANCE_OPTIONAL_FIELDS, 'mergedInto']);
    await this.events.updateVersioned(
      this.conveyances,
      _id,
      expectedVersion,
      { $set: fields, $push: { history: change }, ...(unset ? { $unset: unset } : {}) },
      events,
    );
  }
}
