import {
  type CaseExport,
  type CaseImport,
  type CloudEvent,
  type ImportProblem,
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

export abstract class ImportJobs {
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
   * Claims `caseId` for the office and reference, or returns the case id claimed before.
   */
  abstract claim(
    office: string,
    reference: string,
    caseId: string,
    importId: string,
  ): Promise<string>;
}
