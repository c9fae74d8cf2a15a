import { Injectable } from '@nestjs/common';
import {
  type CaseDraftInput,
  type CaseImport,
  type HandlerRequestOf,
  type ImportProblem,
  caseDraftSchema,
  type finishCaseImport,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, isDuplicateKeyError } from '@opencen/nest-kit';
import { Logger } from '@nestjs/common';

import { CaseIds, CaseRepository, Clock } from '../../cases/usecases/ports';
import { CreateCase } from '../../cases/usecases/create-case';
import { caseFromRows } from '../domain/import-rows';
import { ImportReferenceCache } from './import-reference-cache';
import { assertStatus, ownJob } from './import-job-access';
import { type ImportCounts, ImportJobs, ImportKeys, ImportStaging } from './ports';

export type FinishCaseImportCommand = HandlerRequestOf<typeof finishCaseImport> & {
  readonly context: RequestContext;
};

type Outcome = 'imported' | 'alreadyImported' | { failed: string };

/**
 * Cases of a run created at the same time: a creation mostly waits on the store and the other
 * services, and one at a time left both idle (15 rows/s).
 */
const CASES_IN_FLIGHT = 8;

/**
 * Ends a job. A dry run groups the staged rows into cases and reports, storing no case. A real run
 * answers at once and imports in the background, a few cases at a time, counting as it goes: each case is
 * a draft made by the cases feature's own create use case, under a case id claimed first for the
 * office and source reference, so a rerun (or a run after a crash) never makes a second one.
 */
@Injectable()
export class FinishCaseImport {
  private readonly logger = new Logger(FinishCaseImport.name);
  /** Runs in progress in this process, for tests and shutdown. */
  readonly running = new Set<Promise<void>>();

  constructor(
    private readonly jobs: ImportJobs,
    private readonly staging: ImportStaging,
    private readonly keys: ImportKeys,
    private readonly codes: ImportReferenceCache,
    private readonly cases: CaseRepository,
    private readonly create: CreateCase,
    private readonly clock: Clock,
    private readonly ids: CaseIds,
  ) {}

  async execute(command: FinishCaseImportCommand): Promise<CaseImport> {
    const job = await ownJob(this.jobs, command.importId, command.context);
    assertStatus(job, 'receiving');
    this.codes.forget(job.id);
    if (job.dryRun) {
      if (!(await this.jobs.move(job.id, 'receiving', 'checked'))) assertStatus(job, 'receiving');
      await this.run(job, async () => 'alreadyImported');
      await this.jobs.record(job.id, {}, [], { finishedAt: this.clock.now().toISOString() });
      await this.staging.clear(job.id);
      return (await this.jobs.find(job.id)) as CaseImport;
    }
    if (!(await this.jobs.move(job.id, 'receiving', 'importing')))
      throw ServiceError.conflict(`Import ${job.id} is already finishing`);
    const context = {
      correlationId: command.context.correlationId,
      principal: command.context.principal,
    };
    const run = this.run(job, (draft, reference) => this.importOne(job, draft, reference, context))
      .then(async () => {
        await this.jobs.record(job.id, {}, [], {
          status: 'imported',
          finishedAt: this.clock.now().toISOString(),
        });
        await this.staging.clear(job.id);
      })
      .catch((error: unknown) => {
        // The job stays `importing`; running the file again is safe and finishes the work.
        this.logger.error(`Import ${job.id} stopped: ${(error as Error).message}`);
      });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { ...job, status: 'importing' };
  }

  /**
   * Goes through the cases of the job; `store` is called for each good one (not on a dry run).
   * Counts and problems are written to the job a batch of cases at a time: one write per case made
   * a 100-case dry run outlast the request timeout on FerretDB.
   */
  private async run(
    job: CaseImport,
    store: (draft: CaseDraftInput, reference: string) => Promise<Outcome>,
  ): Promise<void> {
    const progress = new ImportProgress((counts, problems) =>
      this.jobs.record(job.id, counts, problems),
    );
    const inFlight = new Set<Promise<void>>();
    for await (const rows of this.staging.groups(job.id)) {
      const { draft, problems } = caseFromRows(rows);
      const good = draft !== undefined && rows.every((row) => !row.bad);
      // Rows found bad when staged were counted then; only rows bad for a new reason count now.
      const alreadyBad = new Set(rows.filter((row) => row.bad).map((row) => row.row));
      const badRows = new Set(problems.map((p) => p.row).filter((row) => !alreadyBad.has(row)));
      const counts = { cases: 1, validCases: good ? 1 : 0, badRows: badRows.size };
      if (!good || job.dryRun) {
        await progress.add(counts, problems);
        continue;
      }
      const stored = store(draft, rows[0]!.reference).then((outcome) =>
        progress.add(
          {
            ...counts,
            ...(outcome === 'imported' ? { imported: 1 } : {}),
            ...(outcome === 'alreadyImported' ? { alreadyImported: 1 } : {}),
            ...(typeof outcome === 'object' ? { failed: 1 } : {}),
          },
          typeof outcome === 'object'
            ? [{ row: rows[0]!.row, column: 'reference', reason: outcome.failed }]
            : [],
        ),
      );
      const settled = stored.finally(() => inFlight.delete(settled));
      inFlight.add(settled);
      if (inFlight.size >= CASES_IN_FLIGHT) await Promise.race(inFlight);
    }
    // Every case started is settled before the run ends or stops (a failure stops it).
    const outcomes = await Promise.allSettled(inFlight);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
    await progress.flush();
  }

  private async importOne(
    job: CaseImport,
    draft: CaseDraftInput,
    reference: string,
    context: RequestContext,
  ): Promise<Outcome> {
    const caseId = await this.keys.claim(job.office, reference, this.ids.next(), job.id);
    if (await this.cases.exists(caseId)) return 'alreadyImported';
    try {
      await this.create.execute({ draft: caseDraftSchema.parse(draft), context, caseId });
      return 'imported';
    } catch (error) {
      // Another run created it between our check and our insert.
      if (isDuplicateKeyError(error)) return 'alreadyImported';
      if (error instanceof ServiceError && error.code === 'VALIDATION_FAILED') {
        return {
          failed: error.details.map((d) => `${d.path}: ${d.reason}`).join('; ') || error.message,
        };
      }
      throw error;
    }
  }
}

/** Counts and problems gathered in memory and written every few cases or every second. */
class ImportProgress {
  private static readonly CASES_PER_WRITE = 25;
  private static readonly MS_PER_WRITE = 1000;
  private counts: ImportCounts = {};
  private problems: ImportProblem[] = [];
  private cases = 0;
  private lastWrite = Date.now();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (counts: ImportCounts, problems: ImportProblem[]) => Promise<void>,
  ) {}

  async add(counts: ImportCounts, problems: ImportProblem[]): Promise<void> {
    for (const [name, value] of Object.entries(counts) as [keyof ImportCounts, number][]) {
      this.counts[name] = (this.counts[name] ?? 0) + value;
    }
    this.problems.push(...problems);
    this.cases += 1;
    if (
      this.cases >= ImportProgress.CASES_PER_WRITE ||
      Date.now() - this.lastWrite >= ImportProgress.MS_PER_WRITE
    ) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.cases === 0) return;
    const [counts, problems] = [this.counts, this.problems];
    this.counts = {};
    this.problems = [];
    this.cases = 0;
    this.lastWrite = Date.now();
    // One write after the other: increments of one job document could overlap and be lost.
    const written = this.writing.catch(() => undefined).then(() => this.write(counts, problems));
    this.writing = written;
    await written;
  }
}
