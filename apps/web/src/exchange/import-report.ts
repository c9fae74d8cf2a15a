import { type CaseImport, type ImportProblem } from '@opencen/contracts';

/** A data row of an import file as the report shows it: its problems, or none. */
export interface ReportRow {
  /** The row number in the file (the header is row 1). */
  row: number;
  /**
   * `good` without problems; `bad` with at least one; `unlisted` when the job kept only its first
   * problems (IMPORT_PROBLEMS_KEPT) and this row comes after the last one kept, so it may have more.
   */
  outcome: 'good' | 'bad' | 'unlisted';
  problems: ImportProblem[];
}

/**
 * Every data row of the job, in file order, with its problems: the job counts its rows and names
 * only the bad ones, so the good ones are the numbers between them (row 2 to `rows` + 1).
 */
export function reportRows(job: Pick<CaseImport, 'rows' | 'problems' | 'problemCount'>) {
  const byRow = new Map<number, ImportProblem[]>();
  for (const problem of job.problems) {
    byRow.set(problem.row, [...(byRow.get(problem.row) ?? []), problem]);
  }
  const truncated = job.problemCount > job.problems.length;
  const lastListed = Math.max(0, ...byRow.keys());
  const numbers = new Set<number>(byRow.keys());
  for (let row = 2; row <= job.rows + 1; row += 1) numbers.add(row);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((row): ReportRow => {
      const problems = byRow.get(row) ?? [];
      const outcome =
        problems.length > 0 ? 'bad' : truncated && row > lastListed ? 'unlisted' : 'good';
      return { row, outcome, problems };
    });
}

/** How far a real run is: the cases it has dealt with out of those it will import. */
export function importProgress(job: CaseImport): { done: number; total: number; percent: number } {
  const done = job.imported + job.alreadyImported + job.failed;
  const total = job.validCases;
  const percent =
    job.status === 'imported' ? 100 : total === 0 ? 0 : Math.min(100, (done / total) * 100);
  return { done, total, percent };
}
