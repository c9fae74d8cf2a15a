import { Injectable } from '@nestjs/common';
import { type CaseExport, type HandlerRequestOf, type startCaseExport } from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { exporter } from './exchange-access';
import { ExportRecords } from './ports';

export type StartCaseExportCommand = HandlerRequestOf<typeof startCaseExport> & {
  readonly context: RequestContext;
};

/**
 * Records an export before anything leaves: who, when, format and filter. A supervisor's filter is
 * narrowed to their office, whatever they asked.
 */
@Injectable()
export class StartCaseExport {
  constructor(
    private readonly records: ExportRecords,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: StartCaseExportCommand): Promise<CaseExport> {
    const principal = exporter(command.context);
    const filter = principal.roles.includes('liaison')
      ? command.filter
      : { ...command.filter, offices: [principal.office as string] };
    const record: CaseExport = {
      id: this.ids.next(),
      format: command.format,
      filter,
      status: 'running',
      by: principal.sub,
      at: this.clock.now().toISOString(),
      caseIds: [],
      pages: 0,
    };
    await this.records.insert({
      ...record,
      ...(principal.office ? { office: principal.office } : {}),
    });
    return record;
  }
}
