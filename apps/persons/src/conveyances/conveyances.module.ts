import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { OfficeRecordsModule } from '../office-records/office-records.module';
import { type MatchingOptions } from '../office-records/usecases/ports';
import { ConveyancesController } from './conveyances.controller';
import { MongoConveyanceRepository } from './infrastructure/conveyance.repository';
import { CONVEYANCES_INDEXING } from './infrastructure/conveyance-search.index';
import {
  CONVEYANCES_COLLECTION,
  CONVEYANCE_MODEL,
  type ConveyanceDocument,
  conveyanceSchema,
} from './infrastructure/conveyance.schema';
import { ConveyanceRecords } from './usecases/conveyance-records';
import { ConveyanceRepository } from './usecases/ports';

/** Means of conveyance (vehicles, trailers, vessels, aircraft, containers): a kind of office-owned record. */
@Module({})
export class ConveyancesModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(CONVEYANCE_MODEL) private readonly conveyances: Model<ConveyanceDocument>,
  ) {}

  /** The conveyances index, fed by the conveyance events (conveyance-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(CONVEYANCES_INDEXING.projection(this.conveyances));
  }

  static register(options: MatchingOptions): DynamicModule {
    return {
      module: ConveyancesModule,
      imports: [
        OfficeRecordsModule.register(options),
        MongooseModule.forFeature([
          { name: CONVEYANCE_MODEL, schema: conveyanceSchema, collection: CONVEYANCES_COLLECTION },
        ]),
      ],
      controllers: [ConveyancesController],
      providers: [
        { provide: ConveyanceRepository, useClass: MongoConveyanceRepository },
        ConveyanceRecords,
      ],
      // Its search, for the saved watches on conveyances (saved-searches/).
      exports: [ConveyanceRecords],
    };
  }
}
