import { type Case, type CloudEvent, buildEvent, casePhotoAdded } from '@opencen/contracts';

import { subjectsOf } from '../../cases/domain/dimensions';
import { type PhotoUpload, toCasePhoto } from '../domain/photo-upload';
import { type CaseRepository } from '../../cases/usecases/ports';

/** Who caused it: the uploader, and the ids to follow the chain. */
export interface PhotoCause {
  correlationId: string;
  causationId?: string;
}

/** The photo-added event: the case's event data and the photo, without its caption. */
export function photoAddedEvent(kase: Case, upload: PhotoUpload, cause: PhotoCause): CloudEvent {
  const photo = toCasePhoto(upload);
  return buildEvent(casePhotoAdded, {
    subject: kase.id,
    correlationId: cause.correlationId,
    ...(cause.causationId ? { causationId: cause.causationId } : {}),
    actor: upload.createdBy,
    time: photo.uploadedAt,
    data: {
      caseId: kase.id,
      number: kase.number,
      office: kase.office,
      type: kase.type,
      status: kase.status,
      version: kase.version,
      classification: kase.classification,
      subjects: subjectsOf(kase),
      photo: {
        id: photo.id,
        kind: photo.kind,
        contentType: photo.contentType,
        size: photo.size,
        sha256: photo.sha256,
      },
    },
  });
}

/**
 * Writes the history line and the event into the case (at most once per photo). A photo does not
 * change the case's version, like a comment: it never makes an edit stale; the line carries the
 * version the case had.
 */
export async function recordPhotoAdded(
  cases: CaseRepository,
  kase: Case,
  upload: PhotoUpload,
  cause: PhotoCause,
): Promise<void> {
  await cases.recordPhoto(
    kase.id,
    upload.id,
    {
      version: kase.version,
      at: upload.uploadedAt!,
      by: upload.createdBy,
      change: 'photo-added',
      fields: ['photos'],
    },
    [photoAddedEvent(kase, upload, cause)],
  );
}
