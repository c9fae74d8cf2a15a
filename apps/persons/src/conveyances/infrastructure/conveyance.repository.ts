import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Classification, type Conveyance } from '@opencen/contracts';
import { EventBus, SearchService } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { MongoRecordStore, inIdOrder } from '../../office-records/office-records.module';
import { conveyanceKind } from '../domain/conveyance-kind';
import { ConveyanceRepository } from '../usecases/ports';
import { CONVEYANCES_INDEX } from './conveyance-search.index';
import { CONVEYANCE_MODEL, type ConveyanceDocument } from './conveyance.schema';

/** Conveyances in their collection, read by `_id` (the kernel's store); searched in their index. */
@Injectable()
export class MongoConveyanceRepository
  extends MongoRecordStore<Conveyance, ConveyanceDocument>
  implements ConveyanceRepository
{
  constructor(
    @InjectModel(CONVEYANCE_MODEL) conveyances: Model<ConveyanceDocument>,
    events: EventBus,
    search: SearchService,
  ) {
    super(conveyanceKind, conveyances, events, search, CONVEYANCES_INDEX, [
      'identifierKeys',
      'caseIds',
    ]);
  }

  findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Conveyance[]> {
    return this.found(
      { filter: [{ terms: { identifierKeys: [...keys] } }] },
      { size: limit, ...inIdOrder(after) },
      readable,
    );
  }
}
