import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@opencen/nest-kit';

import { AlertsModule, ALERTS_COLLECTION } from './alerts/alerts.module';
import { CaseLinksModule } from './case-links/case-links.module';
import { CompaniesModule } from './companies/companies.module';
import { COMPANIES_COLLECTION } from './companies/infrastructure/company.schema';
import { type PersonsEnv } from './config/env';
import { ConveyancesModule } from './conveyances/conveyances.module';
import { CONVEYANCES_COLLECTION } from './conveyances/infrastructure/conveyance.schema';
import { PERSONS_COLLECTION } from './subjects/infrastructure/person.schema';
import { SubjectsModule } from './subjects/subjects.module';

/** The persons service: the platform kit and the subjects (natural persons so far). */
@Module({})
export class AppModule {
  static register(env: PersonsEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'persons',
          env,
          outboxCollections: [
            PERSONS_COLLECTION,
            ALERTS_COLLECTION,
            COMPANIES_COLLECTION,
            CONVEYANCES_COLLECTION,
          ],
        }),
        SubjectsModule.register({ maxCandidatesScored: env.PERSONS_MAX_CANDIDATES_SCORED }),
        CompaniesModule.register({ maxCandidatesScored: env.PERSONS_MAX_CANDIDATES_SCORED }),
        ConveyancesModule.register({ maxCandidatesScored: env.PERSONS_MAX_CANDIDATES_SCORED }),
        ...CaseLinksModule.withAlerts(
          AlertsModule.register({ expiryIntervalMs: env.PERSONS_ALERT_EXPIRY_INTERVAL_MS }),
        ),
      ],
    };
  }
}
