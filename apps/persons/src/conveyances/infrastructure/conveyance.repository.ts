import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type Conveyance,
  conveyanceSchema as conveyanceContract,
} from '@opencen/contracts';
import { EventBus, SearchService, WITHOUT_OUTBOX } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { fromStored, toStored, unsetAbsent } from '../../companies/infrastructure/stored-record';
import { IS_MERGED, inIdOrder, readEach, searchIds } from '../../records/infrastructure/search';
import { type HistoryEntry } from '../../subjects/domain/person';
import { identifierKeysOf } from '../domain/conveyance';
import { ConveyanceRepository } from '../usecases/ports';
import { CONVEYANCES_INDEX } from './conveyance-search.index';
import {
  CONVEYANCE_MODEL,
  CONVEYANCE_OPTIONAL_FIELDS,
  type ConveyanceDocument,
} from './conveyance.schema';

/** Reads leave out what only the store needs. */
const PROJECTION = {
  identifierKeys: 0,
  caseIds: 0,
  history: 0,
  ...WITHOUT_OUTBOX,
} as const;

type StoredConveyance = Partial<ConveyanceDocument> & { _id: string };

function toConveyance(document: StoredConveyance): Conveyance {
  return fromStored(conveyanceContract, 'conveyance', document as never);
}

@Injectable()
export class MongoConveyanceRepository extends ConveyanceRepository {
  constructor(
    @InjectModel(CONVEYANCE_MODEL) private readonly conveyances: Model<ConveyanceDocument>,
    private readonly events: EventBus,
    private readonly index: SearchService,
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

  /**
   * Found in the conveyances index, then each read from the store by `_id`. Merged conveyances are
   * left out: their id resolves to the survivor.
   */
  async findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
  ): Promise<Conveyance[]> {
    const ids = await searchIds(this.index, CONVEYANCES_INDEX, {
      size: limit,
      query: {
        bool: { filter: [{ terms: { identifierKeys: [...keys] } }], must_not: [IS_MERGED] },
      },
      ...inIdOrder(after),
    });
    return readEach(ids, (id) => this.findById(id));
  }

  async insert(
    conveyance: Conveyance,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    await this.events.insertWithEvents(
      this.conveyances.collection.collectionName,
      {
        ...toStored(conveyance, { identifierKeys: identifierKeysOf(conveyance) }),
        history: [change],
      },
      events,
      (document) => this.conveyances.create(document),
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
