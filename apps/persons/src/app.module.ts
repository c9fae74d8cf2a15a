import { type DynamicModule, Module } from '@nestjs/common';
import { type AllowedQuery, ServiceKitModule } from '@opencen/nest-kit';

import { AlertsModule, ALERTS_COLLECTION } from './alerts/alerts.module';
import { CaseLinksModule } from './case-links/case-links.module';
import { CompaniesModule } from './companies/companies.module';
import { COMPANIES_COLLECTION } from './companies/infrastructure/company.schema';
import { type PersonsEnv } from './config/env';
import { ConveyancesModule } from './conveyances/conveyances.module';
import { CONVEYANCES_COLLECTION } from './conveyances/infrastructure/conveyance.schema';
import { PERSONS_COLLECTION } from './subjects/infrastructure/person.schema';
import { SubjectsModule } from './subjects/subjects.module';

const CANDIDATES_WHY =
  'candidate retrieval for matching and party search reads the matching keys until it moves to ' +
  'the search index (issue 9)';
const ALERT_KEYS_WHY = 'the alert-keys command pages through the alerts in _id order, run once';
const REKEY_WHY = 'the re-key command pages through every record in _id order, run by an operator';

/** A subject collection's candidate queries (each key with `mergedInto: { $exists: false }`). */
const candidateQueries = (collection: string, keys: readonly string[]): AllowedQuery[] => [
  ...keys.map((key) => ({ collection, fields: [key, 'mergedInto'], why: CANDIDATES_WHY })),
  { collection, fields: [], why: REKEY_WHY },
  { collection, fields: ['_id'], why: REKEY_WHY },
];

/**
 * What the persons store is read by besides `_id` (packages/nest-kit, KeyAccessGuard). A record,
 * an alert, the alerts of a subject and those a merge moved (alert_keys) are read by key.
 */
const KEY_ACCESS = {
  allowed: [
    ...candidateQueries(PERSONS_COLLECTION, ['blockingKeys', 'nameKeys', 'documentNumbers']),
    ...candidateQueries(COMPANIES_COLLECTION, ['matchKeys', 'nameKeys', 'numbers']),
    ...candidateQueries(CONVEYANCES_COLLECTION, ['identifierKeys']),
    { collection: ALERTS_COLLECTION, fields: [], why: ALERT_KEYS_WHY },
    { collection: ALERTS_COLLECTION, fields: ['_id'], why: ALERT_KEYS_WHY },
    {
      collection: ALERTS_COLLECTION,
      fields: ['status', 'validTo'],
      why:
        'the expiry job, every PERSONS_ALERT_EXPIRY_INTERVAL_MS, finds active alerts past their ' +
        'end until it reads them from the search index (issue 9)',
    },
  ],
};

/** The persons service: the platform kit (with search), the subjects and their alerts. */
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
          keyAccess: KEY_ACCESS,
          search: true,
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
