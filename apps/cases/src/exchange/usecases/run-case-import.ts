import { Injectable } from '@nestjs/common';
import {
  type CaseDraftInput,
  type CaseImport,
  type ImportProblem,
  caseDraftSchema,
} from '@opencen/contracts';
import {
  type RequestContext,
  isDuplicateKeyError,
  toServiceError,
  Clock,
  IdGenerator,
} from '@opencen/nest-kit';

import { CreateCase } from '../../cases/usecases/create-case';
import { CaseRepository } from '../../cases/usecases/ports';
import { caseFromRows } from '../domain/import-rows';
import { type ImportCounts, ImportKeys, ImportRecords, ImportStaging } from './ports';

type Outcome = 'imported' | 'alreadyImported' | { failed: string };

/** How a run ended: every case gone through, or stopped between two (shutdown) to be resumed. */
export type RunOutcome = 'finished' | 'stopped';

/**
 * Cases of a run created at the same time: a creation mostly waits on the store and the other
 * services, and one at a time left both idle (15 rows/s).
 */
const CASES_IN_FLIGHT = 8;

/**
 * Goes through the staged rows of a job, one case (reference) at a time, counting as it goes. A dry
 * run only groups and checks them. A real run makes each good case a draft with the cases
 * feature's CreateCase, under a case id claimed first for the office and source reference, so that
 * a rerun (or a run resumed after a crash) never makes a second one; a case this very import made
 * before it was interrupted counts as imported again (its counts were rewound). A finished run
 * records the end and clears the staged rows.
 */
@Injectable()
export class RunCaseImport {
  constructor(
    private readonly records: ImportRecords,
    private readonly staging: ImportStaging,
    private readonly keys: ImportKeys,
    private readonly cases: CaseRepository,
    private readonly create: CreateCase,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs the job as the principal of `context`; `stopping` is asked before each case, and a run
   * told to stop settles the cases in flight, writes their counts and returns `stopped`. A failure
   * (a service down, say) settles them too and is thrown.
   */
  async execute(
    job: CaseImport,
    context: RequestContext,
    stopping: () => boolean = () => false,
  ): Promise<RunOutcome> {
    const progress = new ImportProgress(
      (counts, problems) => this.records.record(job.id, counts, problems),
      () => this.clock.now().getTime(),
    );
    const inFlight = new Set<Promise<void>>();
    let stopped = false;
    let failure: { reason: unknown } | undefined;
    try {
      for await (const rows of this.staging.groups(job.id)) {
        // A failed case stops the run: it is tried again from the start (see ImportJobRunner).
        if (failure) break;
        if (stopping()) {
          stopped = true;
          break;
        }
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
        const first = rows[0]!;
        const stored = this.importOne(job, draft, first.reference, context).then((outcome) =>
          progress.add(
            {
              ...counts,
              ...(outcome === 'imported' ? { imported: 1 } : {}),
              ...(outcome === 'alreadyImported' ? { alreadyImported: 1 } : {}),
              ...(typeof outcome === 'object' ? { failed: 1 } : {}),
            },
            typeof outcome === 'object'
              ? [{ row: first.row, column: 'reference', reason: outcome.failed }]
              : [],
          ),
        );
        const settled: Promise<void> = stored.then(
          () => void inFlight.delete(settled),
          (error: unknown) => {
            inFlight.delete(settled);
            failure ??= { reason: error };
          },
        );
        inFlight.add(settled);
        if (inFlight.size >= CASES_IN_FLIGHT) await Promise.race(inFlight);
      }
    } catch (error) {
      failure = { reason: error };
    }
    // Every case started is settled and counted before the run ends, stops or fails.
    await Promise.all(inFlight);
    await progress.flush();
    if (failure) throw failure.reason;
    if (stopped) return 'stopped';
    const finishedAt = this.clock.now().toISOString();
    await this.records.record(
      job.id,
      {},
      [],
      job.dryRun ? { finishedAt } : { status: 'imported', finishedAt },
    );
    await this.staging.clear(job.id);
    return 'finished';
  }

  /**
   * Ends a job whose runs kept failing with what they did, and a problem (on the header row) that
   * says so: importing the file again makes the rest, the import keys skipping what was made.
   */
  async abandon(job: CaseImport, why: string): Promise<void> {
    const reason = `${why}; the cases not counted are not imported: import the file again`;
    await this.records.record(job.id, {}, [{ row: 1, column: '', reason }], {
      status: 'imported',
      finishedAt: this.clock.now().toISOString(),
    });
    await this.staging.clear(job.id);
  }

  private async importOne(
    job: CaseImport,
    draft: CaseDraftInput,
    reference: string,
    context: RequestContext,
  ): Promise<Outcome> {
    const key = await this.keys.claim(job.office, reference, this.ids.next(), job.id);
    if (await this.cases.exists(key.caseId)) {
      return key.importId === job.id ? 'imported' : 'alreadyImported';
    }
    try {
      await this.create.execute({
        draft: caseDraftSchema.parse(draft),
        context,
        caseId: key.caseId,
      });
      return 'imported';
    } catch (error) {
      // Another run created it between our check and our insert.
      if (isDuplicateKeyError(error)) return 'alreadyImported';
      const refusal = toServiceError(error);
      if (refusal.code === 'VALIDATION_FAILED') {
        return {
          failed:
            refusal.details.map((d) => `${d.path}: ${d.reason}`).join('; ') || refusal.message,
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
  private lastWrite: number;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (counts: ImportCounts, problems: ImportProblem[]) => Promise<void>,
    private readonly now: () => number,
  ) {
    this.lastWrite = now();
  }

  async add(counts: ImportCounts, problems: ImportProblem[]): Promise<void> {
    for (const [name, value] of Object.entries(counts) as [keyof ImportCounts, number][]) {
      this.counts[name] = (this.counts[name] ?? 0) + value;
    }
    this.problems.push(...problems);
    this.cases += 1;
    if (
      this.cases >= ImportProgress.CASES_PER_WRITE ||
      this.now() - this.lastWrite >= ImportProgress.MS_PER_WRITE
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
    this.lastWrite = this.now();
    // One write after the other: increments of one job document could overlap and be lost.
    const written = this.writing.catch(() => undefined).then(() => this.write(counts, problems));
    this.writing = written;
    await written;
  }
}
