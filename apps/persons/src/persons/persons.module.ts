import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { OfficeRecordsModule } from '../office-records/office-records.module';
import { type MatchingOptions } from '../office-records/usecases/ports';
import { MongoPersonRepository } from './infrastructure/person.repository';
import { PEOPLE_INDEXING } from './infrastructure/person-search.index';
import {
  PERSON_MODEL,
  PERSONS_COLLECTION,
  type PersonDocument,
  personSchema,
} from './infrastructure/person.schema';
import { PersonsController } from './persons.controller';
import { CandidateSearch } from './usecases/candidates';
import { PersonRecords } from './usecases/person-records';
import { PersonRepository } from './usecases/ports';

/** Natural persons, a kind of office-owned record: their matching, merges and search. */
@Module({})
export class PersonsModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(PERSON_MODEL) private readonly persons: Model<PersonDocument>,
  ) {}

  /** The people index, fed by the person events (person-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(PEOPLE_INDEXING.projection(this.persons));
  }

  static register(options: MatchingOptions): DynamicModule {
    return {
      module: PersonsModule,
      imports: [
        OfficeRecordsModule.register(options),
        MongooseModule.forFeature([
          { name: PERSON_MODEL, schema: personSchema, collection: PERSONS_COLLECTION },
        ]),
      ],
      controllers: [PersonsController],
      providers: [
        { provide: PersonRepository, useClass: MongoPersonRepository },
        CandidateSearch,
        PersonRecords,
      ],
      // Its search, for the saved watches on persons (saved-searches/).
      exports: [PersonRecords],
    };
  }
}
