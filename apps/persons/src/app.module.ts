import { type DynamicModule, Module } from '@nestjs/common';
import { type KeyAccessRules, ServiceKitModule } from '@opencen/nest-kit';

import { AlertsModule, ALERTS_COLLECTION } from './alerts/alerts.module';
import { CaseLinksModule } from './case-links/case-links.module';
import { CompaniesModule } from './companies/companies.module';
import { type PersonsEnv } from './config/env';
import { ConveyancesModule } from './conveyances/conveyances.module';
import { SUBJECT_COLLECTIONS } from './office-records/office-records.module';
import { PersonsModule } from './persons/persons.module';
import { SearchRecordIndexes } from './record-indexes';
import { SavedSearchesController } from './saved-searches/saved-searches.controller';
import { MatchSavedWatches } from './saved-searches/usecases/match-saved-watches';
import { RecordIndexes } from './saved-searches/usecases/ports';

/**
 * Every query the persons service sends its store is by `_id` (packages/nest-kit, KeyAccessGuard):
 * a record or an alert; the alerts of a subject and those a merge moved, through `alert_keys`; and
 * everything that searches, filters or retrieves candidates reads the service's search indexes
 * first (`<feature>/infrastructure/*-search.index.ts`). The operator commands (rekey, alert-keys,
 * reindex), which page through whole collections in `_id` order, open their own connection.
 */
const KEY_ACCESS: KeyAccessRules = { allowed: [] };

/**
 * The persons service: the platform kit (with search), the three kinds of office-owned record
 * (persons, companies, conveyances) on the office-record kernel, their case links and alerts.
 */
@Module({})
export class AppModule {
  static register(env: PersonsEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'persons',
          env,
          outboxCollections: [...Object.values(SUBJECT_COLLECTIONS), ALERTS_COLLECTION],
          keyAccess: KEY_ACCESS,
          search: true,
        }),
        PersonsModule.register({ maxCandidatesScored: env.PERSONS_MAX_CANDIDATES_SCORED }),
        CompaniesModule.register({ maxCandidatesScored: env.PERSONS_MAX_CANDIDATES_SCORED }),
        ConveyancesModule.register({ maxCandidatesScored: env.PERSONS_MAX_CANDIDATES_SCORED }),
        ...CaseLinksModule.withAlerts(
          AlertsModule.register({ expiryIntervalMs: env.PERSONS_ALERT_EXPIRY_INTERVAL_MS }),
        ),
      ],
      // The saved watches run the three kinds' searches, which their modules export.
      controllers: [SavedSearchesController],
      providers: [{ provide: RecordIndexes, useClass: SearchRecordIndexes }, MatchSavedWatches],
    };
  }
}
