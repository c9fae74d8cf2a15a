import { Injectable } from '@nestjs/common';
import { type CaseImport, type HandlerRequestOf, type finishCaseImport } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { importer } from './exchange-access';
import { ImportReferenceCache } from './import-reference-cache';
import { assertStatus, ownJob } from './import-job-access';
import { ImportJobs, ImportRecords } from './ports';
import { RunCaseImport } from './run-case-import';

export type FinishCaseImportCommand = HandlerRequestOf<typeof finishCaseImport> & {
  readonly context: RequestContext;
};

/**
 * Ends the rows of a job. A dry run is checked at once, storing no case, and answered when done
 * (status checked). A real run is handed to the import jobs, which run it in the background and
 * see it through a shutdown or a crash; the answer comes at once (status importing).
 */
@Injectable()
export class FinishCaseImport {
  constructor(
    private readonly records: ImportRecords,
    private readonly codes: ImportReferenceCache,
    private readonly jobs: ImportJobs,
    private readonly run: RunCaseImport,
  ) {}

  async execute(command: FinishCaseImportCommand): Promise<CaseImport> {
    const principal = importer(command.context);
    const job = await ownJob(this.records, command.importId, command.context);
    assertStatus(job, 'receiving');
    this.codes.forget(job.id);
    if (job.dryRun) {
      if (!(await this.records.move(job.id, 'receiving', 'checked'))) throw finishing(job);
      await this.run.execute(job, command.context);
      return (await this.records.find(job.id)) as CaseImport;
    }
    const context = { correlationId: command.context.correlationId, principal };
    if (!(await this.jobs.start(job.id, context))) throw finishing(job);
    return { ...job, status: 'importing' };
  }
}

const finishing = (job: CaseImport) =>
  ServiceError.conflict(`Import ${job.id} is already finishing`, [
    { path: 'importId', reason: 'another finish of this import came first' },
  ]);
