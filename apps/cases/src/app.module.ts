import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceKitOptions, ServiceKitModule } from '@opencen/nest-kit';

import { CasesModule } from './cases/cases.module';
import { CASES_COLLECTION } from './cases/infrastructure/case.schema';
import { type CasesEnv } from './config/env';
import { PhotosModule } from './photos/photos.module';
import { SearchModule } from './search/search.module';
import { ExchangeModule } from './exchange/exchange.module';
import { CASE_EXPORTS_COLLECTION } from './exchange/infrastructure/exchange.schema';

/** The cases service: the platform kit and the cases. */
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
          ...kit,
        }),
        CasesModule,
        PhotosModule.register(env),
        SearchModule,
        ExchangeModule,
      ],
    };
  }
}
