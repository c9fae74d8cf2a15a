import { Injectable } from '@nestjs/common';
import { type CaseExport, type HandlerRequestOf, type getCaseExport } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { exporter } from './exchange-access';
import { ExportRecords } from './ports';

export type GetCaseExportCommand = HandlerRequestOf<typeof getCaseExport> & {
  readonly context: RequestContext;
};

/** The record of an export, for the one who made it and for liaison officers. */
@Injectable()
export class GetCaseExport {
  constructor(private readonly records: ExportRecords) {}

  async execute(command: GetCaseExportCommand): Promise<CaseExport> {
    const principal = exporter(command.context);
    const record = await this.records.find(command.exportId);
    if (!record || (record.by !== principal.sub && !principal.roles.includes('liaison')))
      throw ServiceError.notFound(`No export ${command.exportId}`);
    const { office: _office, ...exported } = record;
    return exported;
  }
}
