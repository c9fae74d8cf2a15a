import { Injectable } from '@nestjs/common';
import { type CaseImport, type HandlerRequestOf, type addCaseImportRows } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { parseImportRow } from '../domain/import-rows';
import { ImportReferenceCache } from './import-reference-cache';
import { assertStatus, ownJob } from './import-job-access';
import { ImportRecords, ImportStaging } from './ports';

export type AddCaseImportRowsCommand = HandlerRequestOf<typeof addCaseImportRows> & {
  readonly context: RequestContext;
};

/**
 * Checks a batch of rows (cells, then reference codes in bulk) and stages them until the job ends;
 * every bad row is recorded with its row number, column and reason.
 */
@Injectable()
export class AddCaseImportRows {
  constructor(
    private readonly records: ImportRecords,
    private readonly staging: ImportStaging,
    private readonly codes: ImportReferenceCache,
  ) {}

  async execute(command: AddCaseImportRowsCommand): Promise<CaseImport> {
    const job = await ownJob(this.records, command.importId, command.context);
    assertStatus(job, 'receiving');
    const parsed = command.rows.map(({ row, cells }) => parseImportRow(row, cells));
    const codeProblems = await this.codes.problems(
      job.id,
      parsed.flatMap((row) => row.codes.map((code) => ({ ...code, row: row.row }))),
    );
    const problems = [...parsed.flatMap((row) => row.problems), ...codeProblems].sort(
      (a, b) => a.row - b.row,
    );
    const badRows = new Set(problems.map((p) => p.row));
    await this.staging.add(
      job.id,
      parsed
        .filter((row) => row.reference !== '')
        .map((row) => ({
          row: row.row,
          reference: row.reference,
          bad: badRows.has(row.row),
          caseCells: row.caseCells,
          item: row.item,
        })),
    );
    await this.records.record(job.id, { rows: parsed.length, badRows: badRows.size }, problems);
    return (await this.records.find(job.id)) as CaseImport;
  }
}
