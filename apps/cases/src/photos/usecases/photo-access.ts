import { type Case, type Principal } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { assertMayEdit } from '../../cases/domain/case-workflow';
import { readableCase } from '../../cases/usecases/access';
import { type CaseRepository } from '../../cases/usecases/ports';
import { type PhotoUpload } from '../domain/photo-upload';

/** Adding a photo is an edit of the case: the cases feature's rules decide who may. */
export async function caseToAddPhotoTo(
  cases: CaseRepository,
  principal: Principal,
  caseId: string,
): Promise<Case> {
  const kase = await readableCase(cases, principal, caseId);
  assertMayEdit(principal, kase);
  return kase;
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
