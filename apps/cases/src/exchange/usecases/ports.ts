import {
  type CaseExport,
  type CaseImport,
  type CloudEvent,
  type ImportProblem,
  type Principal,
} from '@opencen/contracts';

import { type CompanyFacts, type ConveyanceFacts, type PersonFacts } from '../domain/non-nominal';
import { type StagedRow } from '../domain/import-rows';

export interface StoredExport extends CaseExport {
  office?: string;
}

export abstract class ExportRecords {
  abstract insert(record: StoredExport): Promise<void>;
  abstract find(id: string): Promise<StoredExport | null>;
  /**
   * Adds a page's case ids and its event if the record has served `pagesBefore` pages (so a page
   * is recorded once); false when another page got there first.
   */
  abstract addPage(
    id: string,
    pagesBefore: number,
    caseIds: string[],
    last: boolean,
    at: Date,
    event: CloudEvent,
  ): Promise<boolean>;
}

/** The persons service, for the non-nominal facts of the subjects a case names. */
export abstract class SubjectFactsSource {
  abstract person(id: string): Promise<PersonFacts | null>;
  abstract company(id: string): Promise<CompanyFacts | null>;
  abstract conveyance(id: string): Promise<ConveyanceFacts | null>;
}

export type ImportCounts = Partial<
  Record<
    | 'rows'
    | 'badRows'
    | 'cases'
    | 'validCases'
    | 'imported'
    | 'alreadyImported'
    | 'failed'
    | 'problemCount',
    number
  >
>;

/** The counts a job had when its run started, to go back to when a run is taken over. */
export interface ImportRunStart {
  readonly badRows: number;
  readonly problemCount: number;
  /** How many problems were kept in the job then (the rows' own, found while staging). */
  readonly problemsKept: number;
}

/** The import jobs: their state, counts and problems, as the importer reads them. */
export abstract class ImportRecords {
  abstract insert(job: CaseImport): Promise<void>;
  abstract find(id: string): Promise<CaseImport | null>;
  /** Adds to the counts, appends problems (up to the kept maximum) and sets fields. */
  abstract record(
    id: string,
    counts: ImportCounts,
    problems: ImportProblem[],
    set?: Partial<Pick<CaseImport, 'status' | 'finishedAt'>>,
  ): Promise<void>;
  /**
   * Moves a job from one status to another; false when it was not in `from` (so two finishes
   * cannot both run it).
   */
  abstract move(id: string, from: CaseImport['status'], to: CaseImport['status']): Promise<boolean>;
  /**
   * Puts the counts and problems of a run back to what they were when it started, so that a run
   * taken over after a crash counts every case once.
   */
  abstract rewind(id: string, to: ImportRunStart): Promise<void>;
}

export abstract class ImportStaging {
  /** Stores the rows of a batch; a row sent again keeps its first version. */
  abstract add(importId: string, rows: StagedRow[]): Promise<void>;
  /** The rows of a job in reference then row order, one reference at a time. */
  abstract groups(importId: string): AsyncIterable<StagedRow[]>;
  abstract clear(importId: string): Promise<void>;
}

/** The import keys: which case was made for an office's source reference. */
export abstract class ImportKeys {
  /**
   * Claims `caseId` for the office and reference for this import, or returns the claim made
   * before (by this import before it was interrupted, or by an earlier one).
   */
  abstract claim(
    office: string,
    reference: string,
    caseId: string,
    importId: string,
  ): Promise<ImportKey>;
}

/** Which case an import claimed for an office's source reference. */
export interface ImportKey {
  readonly caseId: string;
  readonly importId: string;
}

/**
 * The real imports, run in the background by a runner the application starts and stops: a run
 * outlives the request that finished the job's rows, stops between two cases at shutdown, and is
 * resumed by a replica (this one after a restart) when it was stopped or its replica died.
 */
export abstract class ImportJobs {
  /**
   * Moves the job from receiving to importing and runs it as the principal of `context`, once the
   * run is recorded (so that a crash from then on resumes it); false when the job was no longer
   * receiving (another finish got there first).
   */
  abstract start(importId: string, context: ImportContext): Promise<boolean>;
}

/** Who runs an import, kept with the run so that a resumed run acts as the importer did. */
export interface ImportContext {
  readonly correlationId: string;
  readonly principal: Principal;
}

/**
 * The record of a real import running (one per job, deleted when it ends): who runs it, what its
 * counts were when it started, and the lease of the replica running it. A lease whose replica has
 * not renewed it in time, or that was released at shutdown, is taken over by another.
 */
export interface ImportRun {
  readonly importId: string;
  readonly context: ImportContext;
  readonly start: ImportRunStart;
  /** The runner holding the lease; null once released. */
  readonly owner: string | null;
  readonly renewedAt: Date;
  /** Runs that ended in a failure so far. */
  readonly failures: number;
}

export abstract class ImportRuns {
  /** Records a run; false when the job has one already. */
  abstract open(run: ImportRun): Promise<boolean>;
  /** Every run recorded (a handful: the imports running now). */
  abstract all(): Promise<ImportRun[]>;
  /** Renews the leases `owner` holds. */
  abstract renew(owner: string, at: Date): Promise<void>;
  /** Takes the lease of a run as it was read (owner and renewal), so one replica at most gets it. */
  abstract takeOver(seen: ImportRun, owner: string, at: Date): Promise<boolean>;
  /** Gives the lease up (at shutdown, or after a failure) for any runner to take it over. */
  abstract release(importId: string, owner: string, failed: boolean): Promise<void>;
  abstract close(importId: string): Promise<void>;
}
