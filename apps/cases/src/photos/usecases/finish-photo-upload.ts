import { Injectable } from '@nestjs/common';
import {
  type CasePhoto,
  type HandlerRequestOf,
  type finishCasePhotoUpload,
  assertAllReceived,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, requirePrincipal, Clock } from '@opencen/nest-kit';

import { CaseRepository } from '../../cases/usecases/ports';
import { type PhotoUpload, toCasePhoto } from '../domain/photo-upload';
import { caseToAddPhotoTo, ownUpload } from './photo-access';
import { PhotoContent, PhotoStore, UnreadableImageError } from './ports';
import { recordPhotoAdded } from './record-photo-added';

export type FinishPhotoUploadCommand = HandlerRequestOf<typeof finishCasePhotoUpload> & {
  readonly context: RequestContext;
};

/**
 * Completes an upload in three steps, each safe to repeat after a crash: the digest and thumbnail
 * are kept with the upload (stored), the case records the photo and its event (once per photo),
 * and the photo is listed (complete). Finishing a complete upload again replies with the photo.
 */
@Injectable()
export class FinishPhotoUpload {
  constructor(
    private readonly cases: CaseRepository,
    private readonly photos: PhotoStore,
    private readonly content: PhotoContent,
    private readonly clock: Clock,
  ) {}

  async execute(command: FinishPhotoUploadCommand): Promise<CasePhoto> {
    const principal = requirePrincipal(command.context, 'Photo uploads');
    let upload = ownUpload(await this.photos.find(command.uploadId), principal, command.uploadId);
    if (upload.status === 'complete') return toCasePhoto(upload);
    const kase = (await caseToAddPhotoTo(this.cases, command.context, upload.caseId)).kase;
    if (upload.status === 'uploading') {
      assertAllReceived(upload, command.chunks, command.size);
      upload = await this.store(upload);
    }
    await recordPhotoAdded(this.cases, kase, upload, command.context);
    await this.photos.markComplete(upload.id);
    return toCasePhoto({ ...upload, status: 'complete' });
  }

  /** Reads the chunks once for the digest and the thumbnail, and keeps them with the upload. */
  private async store(upload: PhotoUpload): Promise<PhotoUpload> {
    let summary;
    try {
      summary = await this.content.summarise(this.photos.chunks(upload.id));
    } catch (error) {
      if (!(error instanceof UnreadableImageError)) throw error;
      await this.photos.discard(upload.id);
      throw ServiceError.validation('The file is refused: the image cannot be read', [
        { path: 'file', reason: `not a readable image (${error.message})`, code: 'unreadable' },
      ]);
    }
    const uploadedAt = this.clock.now();
    if (!(await this.photos.markStored(upload.id, summary, uploadedAt))) {
      // Another finish of the same upload got there first: carry on from what it stored.
      const current = await this.photos.find(upload.id);
      if (!current || current.status === 'uploading') {
        throw ServiceError.conflict(`Upload ${upload.id} changed meanwhile`);
      }
      return current;
    }
    const { data, ...thumbnail } = summary.thumbnail;
    return {
      ...upload,
      status: 'stored',
      sha256: summary.sha256,
      thumbnail: { ...thumbnail, size: data.length },
      uploadedAt,
    };
  }
}
