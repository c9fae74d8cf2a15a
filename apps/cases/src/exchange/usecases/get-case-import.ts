import { Injectable } from '@nestjs/common';
import { type CaseImport, type HandlerRequestOf, type getCaseImport } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { ownJob } from './import-job-access';
import { ImportRecords } from './ports';

export type GetCaseImportCommand = HandlerRequestOf<typeof getCaseImport> & {
  readonly context: RequestContext;
};

/** An import job and its progress, for the one who started it. */
@Injectable()
export class GetCaseImport {
  constructor(private readonly records: ImportRecords) {}

  execute(command: GetCaseImportCommand): Promise<CaseImport> {
    return ownJob(this.records, command.importId, command.context);
  }
}
