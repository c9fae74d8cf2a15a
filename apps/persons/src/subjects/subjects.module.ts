import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { MongoPersonRepository } from './infrastructure/person.repository';
import { peopleProjection } from './infrastructure/person-search.index';
import {
  PERSON_MODEL,
  PERSONS_COLLECTION,
  type PersonDocument,
  personSchema,
} from './infrastructure/person.schema';
import { NatsReferenceCodes } from './infrastructure/reference-codes.client';
import { PersonsController } from './persons.controller';
import { CandidateSearch } from './usecases/candidates';
import { CreatePerson } from './usecases/create-person';
import { GetPerson } from './usecases/get-person';
import { MatchPersons } from './usecases/match-persons';
import { MergePersons, UnmergePersons } from './usecases/merge-persons';
import { PersonHistory } from './usecases/person-history';
import { MatchingOptions, PersonRepository, ReferenceCodes } from './usecases/ports';
import { SearchPersons } from './usecases/search-persons';
import { UpdatePerson } from './usecases/update-person';

/** Natural persons: their records, matching, merges and search (companies and conveyances are features of their own). */
@Module({})
export class SubjectsModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(PERSON_MODEL) private readonly persons: Model<PersonDocument>,
  ) {}

  /** The people index, fed by the person events (person-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(peopleProjection(this.persons));
  }

  static register(options: MatchingOptions): DynamicModule {
    return {
      module: SubjectsModule,
      imports: [
        MongooseModule.forFeature([
          { name: PERSON_MODEL, schema: personSchema, collection: PERSONS_COLLECTION },
        ]),
      ],
      controllers: [PersonsController],
      providers: [
        { provide: MatchingOptions, useValue: options },
        { provide: PersonRepository, useClass: MongoPersonRepository },
        { provide: ReferenceCodes, useClass: NatsReferenceCodes },
        CandidateSearch,
        MatchPersons,
        CreatePerson,
        GetPerson,
        UpdatePerson,
        SearchPersons,
        PersonHistory,
        MergePersons,
        UnmergePersons,
      ],
    };
  }
}
