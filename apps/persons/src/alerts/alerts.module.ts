import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { AlertMergesConsumer } from './alert-merges.consumer';
import { AlertsController } from './alerts.controller';
import { alertsProjection } from './infrastructure/alert-search.index';
import {
  ALERT_KEY_MODEL,
  ALERT_KEYS_COLLECTION,
  ALERT_MODEL,
  ALERTS_COLLECTION,
  type AlertDocument,
  alertKeySchema,
  alertSchema,
} from './infrastructure/alert.schema';
import { MongoAlertRepository } from './infrastructure/alert.repository';
import { AlertExpiryScheduler } from './infrastructure/expiry.scheduler';
import { MongoSubjectDirectory } from './infrastructure/subject-directory';
import { ExpireAlerts } from './usecases/expire-alerts';
import { FollowMerges } from './usecases/follow-merges';
import { GetAlert } from './usecases/get-alert';
import { ListAlerts } from './usecases/list-alerts';
import { AlertRepository, AlertsOptions, SubjectDirectory } from './usecases/ports';
import { RaiseAlert } from './usecases/raise-alert';
import { RecordWatchlistHits } from './usecases/record-watchlist-hits';
import { UpdateAlert } from './usecases/update-alert';
import { WithdrawAlert } from './usecases/withdraw-alert';

export { ALERTS_COLLECTION };

/**
 * Watchlist alerts on subjects: raise, update, withdraw, read, the expiry job, and the watchlist
 * hits that the case-links consumer reports through {@link RecordWatchlistHits}, and alerts that
 * follow merges of their subject ({@link AlertMergesConsumer}).
 */
@Module({})
export class AlertsModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(ALERT_MODEL) private readonly alerts: Model<AlertDocument>,
  ) {}

  /** The alerts index, fed by the alert events (alert-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(alertsProjection(this.alerts));
  }

  static register(options: AlertsOptions): DynamicModule {
    return {
      module: AlertsModule,
      imports: [
        MongooseModule.forFeature([
          { name: ALERT_MODEL, schema: alertSchema, collection: ALERTS_COLLECTION },
          { name: ALERT_KEY_MODEL, schema: alertKeySchema, collection: ALERT_KEYS_COLLECTION },
        ]),
      ],
      controllers: [AlertsController],
      providers: [
        { provide: AlertsOptions, useValue: options },
        { provide: AlertRepository, useClass: MongoAlertRepository },
        { provide: SubjectDirectory, useClass: MongoSubjectDirectory },
        RaiseAlert,
        UpdateAlert,
        WithdrawAlert,
        GetAlert,
        ListAlerts,
        ExpireAlerts,
        RecordWatchlistHits,
        AlertExpiryScheduler,
        FollowMerges,
        AlertMergesConsumer,
      ],
      exports: [RecordWatchlistHits, ExpireAlerts],
    };
  }
}
