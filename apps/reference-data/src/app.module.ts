import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@opencen/nest-kit';

import { type ReferenceEnv } from './config/env';
import { EntriesModule } from './entries/entries.module';
import { ENTRIES_COLLECTION } from './entries/infrastructure/entry.schema';

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
