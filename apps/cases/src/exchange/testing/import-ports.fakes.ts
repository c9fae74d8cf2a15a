import { type CaseImport, IMPORT_PROBLEMS_KEPT, type ImportProblem } from '@opencen/contracts';

import { type StagedRow } from '../domain/import-rows';
import {
  type ImportContext,
  type ImportCounts,
  ImportJobs,
  type ImportKey,
  ImportKeys,
  ImportRecords,
  type ImportRun,
  ImportRuns,
  type ImportRunStart,
  ImportStaging,
} from '../usecases/ports';

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/** Import jobs in memory, counted and capped as the store counts them. */
export class InMemoryImportRecords extends ImportRecords {
  readonly jobs = new Map<string, CaseImport>();

  async insert(job: CaseImport): Promise<void> {
    this.jobs.set(job.id, { ...job, problems: [...job.problems] });
  }

  async find(id: string): Promise<CaseImport | null> {
    const job = this.jobs.get(id);
    return job ? { ...job, problems: [...job.problems].sort((a, b) => a.row - b.row) } : null;
  }

  async record(
    id: string,
    counts: ImportCounts,
    problems: ImportProblem[],
    set: Partial<Pick<CaseImport, 'status' | 'finishedAt'>> = {},
  ): Promise<void> {
    const job = this.get(id);
    for (const [name, value] of Object.entries(counts) as [keyof ImportCounts, number][]) {
      job[name] += value;
    }
    job.problems.push(...problems.slice(0, Math.max(0, IMPORT_PROBLEMS_KEPT - job.problemCount)));
    job.problemCount += problems.length;
    Object.assign(job, set);
  }

  async move(id: string, from: CaseImport['status'], to: CaseImport['status']): Promise<boolean> {
    const job = this.get(id);
    if (job.status !== from) return false;
    job.status = to;
    return true;
  }

  async rewind(id: string, to: ImportRunStart): Promise<void> {
    const job = this.get(id);
    Object.assign(job, {
      cases: 0,
      validCases: 0,
      imported: 0,
      alreadyImported: 0,
      failed: 0,
      badRows: to.badRows,
      problemCount: to.problemCount,
      problems: job.problems.slice(0, to.problemsKept),
    });
  }

  get(id: string): CaseImport {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no import ${id}`);
    return job;
  }
}

/** Staged rows in memory; the groups come one per turn of the event loop, as from a cursor. */
export class InMemoryImportStaging extends ImportStaging {
  readonly rows = new Map<string, StagedRow[]>();

  async add(importId: string, rows: StagedRow[]): Promise<void> {
    const staged = this.rows.get(importId) ?? [];
    for (const row of rows) if (!staged.some((s) => s.row === row.row)) staged.push(row);
    this.rows.set(importId, staged);
  }

  async *groups(importId: string): AsyncIterable<StagedRow[]> {
    const sorted = [...(this.rows.get(importId) ?? [])].sort(
      (a, b) => a.reference.localeCompare(b.reference) || a.row - b.row,
    );
    const references = [...new Set(sorted.map((row) => row.reference))];
    for (const reference of references) {
      await yieldToOthers();
      yield sorted.filter((row) => row.reference === reference);
    }
  }

  async clear(importId: string): Promise<void> {
    this.rows.delete(importId);
  }
}

export class InMemoryImportKeys extends ImportKeys {
  readonly keys = new Map<string, ImportKey>();

  async claim(
    office: string,
    reference: string,
    caseId: string,
    importId: string,
  ): Promise<ImportKey> {
    const key = `${office}#${reference}`;
    const claimed = this.keys.get(key) ?? { caseId, importId };
    this.keys.set(key, claimed);
    return claimed;
  }
}

export class InMemoryImportRuns extends ImportRuns {
  readonly runs = new Map<string, ImportRun>();

  async open(run: ImportRun): Promise<boolean> {
    if (this.runs.has(run.importId)) return false;
    this.runs.set(run.importId, run);
    return true;
  }

  async all(): Promise<ImportRun[]> {
    return [...this.runs.values()];
  }

  async renew(owner: string, at: Date): Promise<void> {
    for (const run of this.runs.values()) {
      if (run.owner === owner) this.runs.set(run.importId, { ...run, renewedAt: at });
    }
  }

  async takeOver(seen: ImportRun, owner: string, at: Date): Promise<boolean> {
    const run = this.runs.get(seen.importId);
    if (!run || run.owner !== seen.owner || run.renewedAt.getTime() !== seen.renewedAt.getTime())
      return false;
    this.runs.set(run.importId, { ...run, owner, renewedAt: at });
    return true;
  }

  async release(importId: string, owner: string, failed: boolean): Promise<void> {
    const run = this.runs.get(importId);
    if (run?.owner !== owner) return;
    this.runs.set(importId, { ...run, owner: null, failures: run.failures + (failed ? 1 : 0) });
  }

  async close(importId: string): Promise<void> {
    this.runs.delete(importId);
  }
}

/** Import jobs that only note what they were asked to start (and say whether it was new). */
export class NotedImportJobs extends ImportJobs {
  readonly started: { importId: string; context: ImportContext }[] = [];

  constructor(private readonly records: ImportRecords) {
    super();
  }

  async start(importId: string, context: ImportContext): Promise<boolean> {
    if (!(await this.records.move(importId, 'receiving', 'importing'))) return false;
    this.started.push({ importId, context });
    return true;
  }
}
