import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@opencen/nest-kit';

import { type ReferenceEnv } from './config/env';
import { EntriesModule } from './entries/entries.module';
import { ENTRIES_COLLECTION } from './entries/infrastructure/entry.schema';
import { LISTS_COLLECTION } from './entries/infrastructure/list.schema';

/** The reference-data service: the platform kit and the code lists. */
@Module({})
export class AppModule {
  static register(env: ReferenceEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'reference',
          env,
          outboxCollections: [ENTRIES_COLLECTION],
          keyAccess: {
            // Code lists grow by hand, a few entries a year: about 1,900 entries in all today.
            bounded: {
              [ENTRIES_COLLECTION]: 'the code lists: a few thousand entries, edited by hand',
              [LISTS_COLLECTION]: 'one document per code list (ten lists)',
            },
          },
        }),
        EntriesModule.register({
          seedOnStart: env.REFERENCE_SEED_ON_START,
          dataDir: env.REFERENCE_DATA_DIR,
          timeZone: env.REFERENCE_TIME_ZONE,
        }),
      ],
    };
  }
}
