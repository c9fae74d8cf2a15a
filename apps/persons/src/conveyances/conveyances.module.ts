import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { NatsReferenceCodes } from '../subjects/infrastructure/reference-codes.client';
import { MatchingOptions, ReferenceCodes } from '../subjects/usecases/ports';
import { ConveyancesController } from './conveyances.controller';
import { MongoConveyanceRepository } from './infrastructure/conveyance.repository';
import { conveyancesProjection } from './infrastructure/conveyance-search.index';
import {
  CONVEYANCES_COLLECTION,
  CONVEYANCE_MODEL,
  type ConveyanceDocument,
  conveyanceSchema,
} from './infrastructure/conveyance.schema';
import { CreateConveyance } from './usecases/create-conveyance';
import { ConveyanceHistory } from './usecases/conveyance-history';
import { GetConveyance } from './usecases/get-conveyance';
import { MergeConveyances, UnmergeConveyances } from './usecases/merge-conveyances';
import { ConveyanceRepository } from './usecases/ports';
import { SearchConveyances } from './usecases/search-conveyances';
import { UpdateConveyance } from './usecases/update-conveyance';

/** Means of conveyance (vehicles, trailers, vessels, aircraft, containers): the nCEN conveyance database. */
@Module({})
export class ConveyancesModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(CONVEYANCE_MODEL) private readonly conveyances: Model<ConveyanceDocument>,
  ) {}

  /** The conveyances index, fed by the conveyance events (conveyance-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(conveyancesProjection(this.conveyances));
  }

  static register(options: MatchingOptions): DynamicModule {
    return {
      module: ConveyancesModule,
      imports: [
        MongooseModule.forFeature([
          { name: CONVEYANCE_MODEL, schema: conveyanceSchema, collection: CONVEYANCES_COLLECTION },
        ]),
      ],
      controllers: [ConveyancesController],
      providers: [
        { provide: MatchingOptions, useValue: options },
        { provide: ConveyanceRepository, useClass: MongoConveyanceRepository },
        { provide: ReferenceCodes, useClass: NatsReferenceCodes },
        // Random UUIDs: an id says nothing about the conveyance, the office or the order of creation.
        CreateConveyance,
        GetConveyance,
        UpdateConveyance,
        SearchConveyances,
        ConveyanceHistory,
        MergeConveyances,
        UnmergeConveyances,
      ],
    };
  }
}
