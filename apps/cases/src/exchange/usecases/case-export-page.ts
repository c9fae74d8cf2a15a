import { Injectable } from '@nestjs/common';
import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type HandlerReplyOf,
  type HandlerRequestOf,
  buildEvent,
  type caseExportPage,
  type Classification,
  type ExportFilter,
  caseExportRecorded,
  readableClassifications,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, Clock } from '@opencen/nest-kit';

import { CaseRepository } from '../../cases/usecases/ports';
import { CaseIndex } from '../../search/usecases/ports';
import { EXPORTABLE_STATUSES } from '../domain/non-nominal';
import { exchangeCasesOf } from './exchange-cases';
import { exporter } from './exchange-access';
import { ExportRecords, SubjectFactsSource } from './ports';

export type CaseExportPageCommand = HandlerRequestOf<typeof caseExportPage> & {
  readonly context: RequestContext;
};

/**
 * The next page of an export: the exportable cases of its filter after the cursor (their ids from
 * the cases index, in id order, then each case from the store), made non-nominal, with the facts of
 * the subjects they name asked once per subject per page. The page is recorded (case ids and
 * event) before it is returned, so nothing leaves unrecorded.
 */
@Injectable()
export class CaseExportPage {
  constructor(
    private readonly records: ExportRecords,
    private readonly index: CaseIndex,
    private readonly cases: CaseRepository,
    private readonly facts: SubjectFactsSource,
    private readonly clock: Clock,
  ) {}

  async execute(command: CaseExportPageCommand): Promise<HandlerReplyOf<typeof caseExportPage>> {
    const principal = exporter(command.context);
    const record = await this.records.find(command.exportId);
    if (!record || record.by !== principal.sub)
      throw ServiceError.notFound(`No export ${command.exportId}`);
    if (record.status === 'complete')
      throw ServiceError.conflict(`Export ${record.id} is complete`, [
        { path: 'exportId', reason: 'every page of this export was served' },
      ]);
    // One more than asked tells whether this page is the last.
    const found = await this.exportable(
      record.filter,
      readableClassifications(principal),
      command.cursor,
      command.limit + 1,
    );
    const page = found.slice(0, command.limit);
    const last = found.length <= command.limit;
    const exported = await exchangeCasesOf(page, this.facts);
    const now = this.clock.now();
    const event = buildEvent(caseExportRecorded, {
      subject: record.id,
      correlationId: command.context.correlationId,
      actor: principal.sub,
      time: now.toISOString(),
      data: {
        exportId: record.id,
        format: record.format,
        filter: record.filter,
        page: record.pages + 1,
        caseIds: page.map((kase) => kase.id),
        last,
      },
    });
    const recorded = await this.records.addPage(
      record.id,
      record.pages,
      page.map((kase) => kase.id),
      last,
      now,
      event,
    );
    if (!recorded)
      throw ServiceError.conflict(`Another page of export ${record.id} was served meanwhile`, [
        { path: 'cursor', reason: 'ask for the pages of an export one after the other' },
      ]);
    const nextCursor = last ? undefined : page.at(-1)?.id;
    return { cases: exported, ...(nextCursor ? { nextCursor } : {}) };
  }

  /** The exportable cases of the filter within the exporter's clearance, after `after`. */
  private async exportable(
    filter: ExportFilter,
    classifications: readonly Classification[],
    after: string | undefined,
    limit: number,
  ): Promise<Case[]> {
    // An export holds every case acknowledged before the page was asked for.
    if (!(await this.index.caughtUp(CASE_SEARCHABLE_WITHIN_MS))) {
      throw new ServiceError(
        'UNAVAILABLE',
        'The cases index is behind the latest changes; ask for this page again in a few seconds',
      );
    }
    const ids = await this.index.ids(
      { ...filter, statuses: EXPORTABLE_STATUSES, classifications },
      { after, limit },
    );
    const cases = await Promise.all(ids.map((id) => this.cases.findById(id)));
    // The store decides: a case the index lists with an older status or classification is left out.
    return cases.filter(
      (kase): kase is Case =>
        kase !== null &&
        EXPORTABLE_STATUSES.includes(kase.status) &&
        classifications.includes(kase.classification),
    );
  }
}
