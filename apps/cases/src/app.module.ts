import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceKitOptions, ServiceKitModule } from '@opencen/nest-kit';

import { CasesModule } from './cases/cases.module';
import {
  CASE_NUMBER_SCOPES_COLLECTION,
  CASES_COLLECTION,
} from './cases/infrastructure/case.schema';
import { type CasesEnv } from './config/env';
import { PhotosModule } from './photos/photos.module';
import { SearchModule } from './search/search.module';
import { ExchangeModule } from './exchange/exchange.module';
import { SubjectMergesModule } from './subject-merges/subject-merges.module';
import {
  CASE_EXPORTS_COLLECTION,
  CASE_IMPORT_ROWS_COLLECTION,
  CASE_IMPORT_RUNS_COLLECTION,
} from './exchange/infrastructure/exchange.schema';
import { OPEN_UPLOADS_COLLECTION } from './photos/infrastructure/photo.schema';

/**
 * The bounded collections of the cases store (packages/nest-kit, KeyAccessGuard). Everything else
 * is read by key: a case by id, by number through its claim, its photos through its history; lists,
 * searches, statistics and exports come from the cases index.
 */
const KEY_ACCESS: ServiceKitOptions['keyAccess'] = {
  bounded: {
    [CASE_NUMBER_SCOPES_COLLECTION]: 'one document per office and year',
    [CASE_IMPORT_ROWS_COLLECTION]: 'the rows of the imports running now, deleted when each ends',
    [CASE_IMPORT_RUNS_COLLECTION]: 'one record per real import running now, deleted when it ends',
    [OPEN_UPLOADS_COLLECTION]: 'the photo uploads in flight, deleted when each completes or ends',
  },
};

/** The cases service: the platform kit and the features, each a module (README, "Features"). */
@Module({})
export class AppModule {
  /** `kit` tunes the outbox relay (tests stop it between publishing and clearing). */
  static register(env: CasesEnv, kit: Pick<ServiceKitOptions, 'relay'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'cases',
          env,
          outboxCollections: [CASES_COLLECTION, CASE_EXPORTS_COLLECTION],
          keyAccess: KEY_ACCESS,
          search: true,
          ...kit,
        }),
        CasesModule,
        PhotosModule,
        SearchModule,
        ExchangeModule,
        SubjectMergesModule,
      ],
    };
  }
}
