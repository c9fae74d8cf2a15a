import { Injectable } from '@nestjs/common';
import { type CaseImport, type HandlerRequestOf, type startCaseImport } from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { importer } from './exchange-access';
import { ImportRecords } from './ports';

export type StartCaseImportCommand = HandlerRequestOf<typeof startCaseImport> & {
  readonly context: RequestContext;
};

/** Opens an import job in the importer's office. */
@Injectable()
export class StartCaseImport {
  constructor(
    private readonly records: ImportRecords,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: StartCaseImportCommand): Promise<CaseImport> {
    const principal = importer(command.context);
    const job: CaseImport = {
      id: this.ids.next(),
      office: principal.office,
      fileName: command.fileName,
      format: command.format,
      dryRun: command.dryRun,
      status: 'receiving',
      by: principal.sub,
      at: this.clock.now().toISOString(),
      rows: 0,
      badRows: 0,
      cases: 0,
      validCases: 0,
      imported: 0,
      alreadyImported: 0,
      failed: 0,
      problemCount: 0,
      problems: [],
    };
    await this.records.insert(job);
    return job;
  }
}
