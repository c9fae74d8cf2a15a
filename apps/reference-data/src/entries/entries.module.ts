import { type DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Clock, SystemClock } from '@opencen/nest-kit';

import { EntriesController } from './entries.controller';
import { ENTRIES_COLLECTION, ENTRY_MODEL, entrySchema } from './infrastructure/entry.schema';
import { MongoEntryRepository } from './infrastructure/entry.repository';
import { LIST_MODEL, LISTS_COLLECTION, listSchema } from './infrastructure/list.schema';
import { BundledSeedSources } from './infrastructure/seed/bundled-seed-sources';
import { CreateEntry } from './usecases/create-entry';
import { DeprecateEntry } from './usecases/deprecate-entry';
import { GetEntry } from './usecases/get-entry';
import { GetSnapshot } from './usecases/get-snapshot';
import { ListEntries } from './usecases/list-entries';
import { EntryRepository, SeedSources } from './usecases/ports';
import { SeedLists } from './usecases/seed-lists';
import { UpdateEntry } from './usecases/update-entry';
import { ValidateCodes } from './usecases/validate-codes';

export interface EntriesOptions {
  /** Seed the lists once the service has booted (and before startService returns). */
  readonly seedOnStart: boolean;
  /** Where the JSON seed files are. */
  readonly dataDir: string;
  /** The administration's time zone, for "today". */
  readonly timeZone: string;
}

const ENTRIES_OPTIONS = Symbol('ENTRIES_OPTIONS');

/** The code lists: their entries, the requests on them, and their seeding. */
@Module({})
export class EntriesModule implements OnApplicationBootstrap {
  static register(options: EntriesOptions): DynamicModule {
    return {
      module: EntriesModule,
      imports: [
        MongooseModule.forFeature([
          { name: ENTRY_MODEL, schema: entrySchema, collection: ENTRIES_COLLECTION },
          { name: LIST_MODEL, schema: listSchema, collection: LISTS_COLLECTION },
        ]),
      ],
      controllers: [EntriesController],
      providers: [
        { provide: ENTRIES_OPTIONS, useValue: options },
        { provide: EntryRepository, useClass: MongoEntryRepository },
        { provide: SeedSources, useValue: new BundledSeedSources(options.dataDir) },
        // Days of validity follow the administration's calendar, not UTC.
        { provide: Clock, useValue: new SystemClock(options.timeZone) },
        ListEntries,
        GetEntry,
        ValidateCodes,
        GetSnapshot,
        CreateEntry,
        UpdateEntry,
        DeprecateEntry,
        SeedLists,
      ],
    };
  }

  constructor(
    @Inject(ENTRIES_OPTIONS) private readonly options: EntriesOptions,
    private readonly seedLists: SeedLists,
  ) {}

  /** After the event bus is up; a failed seed stops the boot, and the next start resumes it. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.options.seedOnStart) await this.seedLists.execute();
  }
}
