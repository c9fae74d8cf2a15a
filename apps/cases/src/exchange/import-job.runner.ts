import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type CaseImport } from '@opencen/contracts';
import {
  Clock,
  IdGenerator,
  IntervalJob,
  KIT_LOGGER,
  type ServiceLogger,
  ServiceError,
  runWithContext,
} from '@opencen/nest-kit';

import {
  type ImportContext,
  ImportJobs,
  ImportRecords,
  type ImportRun,
  ImportRuns,
  type ImportRunStart,
} from './usecases/ports';
import { RunCaseImport } from './usecases/run-case-import';

/** How often the runner renews its leases and looks for runs to take over. */
export const SWEEP_EVERY_MS = 10_000;
/** A lease not renewed for this long is its replica's no more (it died): another takes it over. */
export const LEASE_MS = 60_000;
/** Failed runs of an import before it is ended with what it did, and a problem saying why. */
export const MAX_FAILURES = 3;

const startOf = (job: CaseImport): ImportRunStart => ({
  badRows: job.badRows,
  problemCount: job.problemCount,
  problemsKept: job.problems.length,
});

/**
 * Runs the real imports in the background, within the application's lifecycle. A run is recorded
 * with the importer's principal and a lease before it starts. At shutdown the runner stops each run
 * between two cases, writes its counts and gives its lease up; every few seconds it renews its own
 * leases and takes over the runs whose lease was given up or ran out (a replica that died), which
 * start again from the rewound counts: the import keys make every case once, whoever runs it.
 */
@Injectable()
export class ImportJobRunner extends ImportJobs implements OnModuleDestroy {
  /** This runner's name on the leases it holds. */
  private readonly owner: string;
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private sweeping?: Promise<void>;

  constructor(
    private readonly runs: ImportRuns,
    private readonly records: ImportRecords,
    private readonly run: RunCaseImport,
    private readonly clock: Clock,
    ids: IdGenerator,
    @Inject(KIT_LOGGER) private readonly logger: ServiceLogger,
  ) {
    super();
    this.owner = ids.next();
  }

  /** Before the connections close: the runs stop between two cases and give their leases up. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.sweeping?.catch(() => undefined);
    await Promise.all(this.running.values());
  }

  async start(importId: string, context: ImportContext): Promise<boolean> {
    if (this.stopping) {
      throw new ServiceError('UNAVAILABLE', 'The service is stopping; finish the import again');
    }
    const job = await this.records.find(importId);
    if (!job) return false;
    // The run first: a crash before the job moves leaves a run the sweep ends (job not importing).
    const opened = await this.runs.open({
      importId,
      context,
      start: startOf(job),
      owner: this.owner,
      renewedAt: this.clock.now(),
      failures: 0,
    });
    if (!opened) return false;
    if (!(await this.records.move(importId, 'receiving', 'importing'))) {
      await this.runs.close(importId);
      return false;
    }
    this.launch({ ...job, status: 'importing' }, context);
    return true;
  }

  /**
   * One pass of the timer: takes over every run whose lease was given up or ran out, and resumes
   * it, or ends it when it failed too often.
   */
  async sweep(): Promise<void> {
    for (const seen of await this.runs.all()) {
      if (this.stopping) return;
      if (this.running.has(seen.importId)) continue;
      const leaseEnd = seen.renewedAt.getTime() + LEASE_MS;
      if (seen.owner !== null && leaseEnd > this.clock.now().getTime()) continue;
      if (!(await this.runs.takeOver(seen, this.owner, this.clock.now()))) continue;
      await this.resume(seen);
    }
  }

  /** What the timer does (ImportRunsSweep): renews this runner's leases, then sweeps. */
  async renewAndSweep(): Promise<void> {
    if (this.sweeping || this.stopping) return;
    this.sweeping = (async () => {
      if (this.running.size > 0) await this.runs.renew(this.owner, this.clock.now());
      await this.sweep();
    })().finally(() => {
      this.sweeping = undefined;
    });
    await this.sweeping;
  }

  private async resume(run: ImportRun): Promise<void> {
    const job = await this.records.find(run.importId);
    if (!job || job.status !== 'importing') {
      // A finish that crashed before moving the job, or a run that ended but was not closed.
      await this.runs.close(run.importId);
      return;
    }
    if (run.failures >= MAX_FAILURES) {
      await this.run.abandon(job, `The import failed ${run.failures} times`);
      await this.runs.close(run.importId);
      this.logger.warn({ importId: job.id, failures: run.failures }, 'import abandoned');
      return;
    }
    await this.records.rewind(job.id, run.start);
    this.logger.info({ importId: job.id }, 'import resumed');
    this.launch(job, run.context);
  }

  private launch(job: CaseImport, context: ImportContext): void {
    const settled = runWithContext(context, () =>
      this.run.execute(job, context, () => this.stopping),
    )
      .then(
        async (outcome) => {
          if (outcome === 'finished') {
            await this.runs.close(job.id);
            this.logger.info({ importId: job.id }, 'import finished');
          } else {
            await this.runs.release(job.id, this.owner, false);
            this.logger.info({ importId: job.id }, 'import stopped by the shutdown, to be resumed');
          }
        },
        async (error: unknown) => {
          this.logger.error({ err: error, importId: job.id }, 'import failed, to be tried again');
          await this.runs.release(job.id, this.owner, true);
        },
      )
      .catch((error: unknown) =>
        // Its lease then runs out, and another runner takes the import over.
        this.logger.error({ err: error, importId: job.id }, 'import run could not be recorded'),
      )
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, settled);
  }
}

/** The runner's timer: every few seconds, and once at start (the runs a shutdown stopped). */
@Injectable()
export class ImportRunsSweep extends IntervalJob {
  constructor(
    @Inject(ImportJobs) private readonly runner: ImportJobRunner,
    @Inject(KIT_LOGGER) logger: ServiceLogger,
  ) {
    super(logger, { name: 'import runs sweep', everyMs: SWEEP_EVERY_MS });
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    void this.runPass();
  }

  protected pass(): Promise<void> {
    return this.runner.renewAndSweep();
  }
}
