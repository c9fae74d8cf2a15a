import { type CaseImport } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { importer } from './exchange-access';
import { type ImportRecords } from './ports';

/** The job, if the caller started it; another's job is not theirs to know of. */
export async function ownJob(
  records: ImportRecords,
  importId: string,
  context: RequestContext,
): Promise<CaseImport> {
  const principal = importer(context);
  const job = await records.find(importId);
  if (!job || job.by !== principal.sub) throw ServiceError.notFound(`No import ${importId}`);
  return job;
}

export function assertStatus(job: CaseImport, status: CaseImport['status']): void {
  if (job.status !== status)
    throw ServiceError.conflict(`Import ${job.id} is ${job.status}, not ${status}`, [
      { path: 'importId', reason: `the import is ${job.status}` },
    ]);
}
