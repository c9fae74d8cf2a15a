import { type DynamicModule, Module } from '@nestjs/common';

import { CaseLinksConsumer } from './case-links.consumer';
import { MongoCaseLinkStore } from './infrastructure/case-link.store';
import { CaseLinkStore } from './usecases/ports';
import { LinkCaseSubjects } from './usecases/link-case-subjects';

/**
 * Links with cases: consumes the cases service's events naming the subjects of each case, keeps
 * each person's case count and last sighting, and reports watchlist hits through the alerts.
 */
@Module({})
export class CaseLinksModule {
  static register(alerts: DynamicModule): DynamicModule {
    return {
      module: CaseLinksModule,
      imports: [alerts],
      providers: [
        { provide: CaseLinkStore, useClass: MongoCaseLinkStore },
        LinkCaseSubjects,
        CaseLinksConsumer,
      ],
    };
  }

  /** The alerts module and this one, which reports hits through it: `imports: [...withAlerts(a)]`. */
  static withAlerts(alerts: DynamicModule): DynamicModule[] {
    return [alerts, CaseLinksModule.register(alerts)];
  }
}
