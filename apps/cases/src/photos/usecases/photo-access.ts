import { type Case, type Principal } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { assertMayEdit } from '../../cases/domain/case-workflow';
import { caseToChange } from '../../cases/usecases/access';
import { type CaseRepository } from '../../cases/usecases/ports';
import { type PhotoUpload } from '../domain/photo-upload';

/** Adding a photo is an edit of the case: the cases feature's rules decide who may. */
export async function caseToAddPhotoTo(
  cases: CaseRepository,
  context: RequestContext,
  caseId: string,
): Promise<{ principal: Principal; kase: Case }> {
  const change = await caseToChange(cases, context, caseId, 'caseWriters', 'Adding photos');
  assertMayEdit(change.principal, change.kase);
  return change;
}

/** An upload is its uploader's own: another principal is told it does not exist. */
export function ownUpload(
  upload: PhotoUpload | null,
  principal: Principal,
  id: string,
): PhotoUpload {
  if (!upload || upload.createdBy !== principal.sub) {
    throw ServiceError.notFound(`No upload ${id}`);
  }
  return upload;
}
