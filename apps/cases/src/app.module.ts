import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@opencen/nest-kit';

import { CasesModule } from './cases/cases.module';
import { CASES_COLLECTION } from './cases/infrastructure/case.schema';
import { type CasesEnv } from './config/env';

/** The cases service: the platform kit and the cases. */
@Module({})
export class AppModule {
  static register(env: CasesEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'cases', env, outboxCollections: [CASES_COLLECTION] }),
        CasesModule,
      ],
    };
  }
}
