import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type getCasePhoto,
  type getCasePhotoThumbnail,
  type listCasePhotos,
  type readCasePhotoChunk,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, requireRole } from '@opencen/nest-kit';

import { readableCase } from '../../cases/usecases/access';
import { CaseRepository } from '../../cases/usecases/ports';
import { type PhotoUpload, toCasePhoto } from '../domain/photo-upload';
import { PhotoStore } from './ports';

type Command<C> = C & {
  context: RequestContext;
};

/** Reading photos needs the case to be readable by the principal; only complete photos exist. */
@Injectable() // so that its constructor's parameter types are recorded for the subclasses
abstract class PhotoReader {
  constructor(
    protected readonly cases: CaseRepository,
    protected readonly photos: PhotoStore,
  ) {}

  protected async photoOf(
    context: RequestContext,
    caseId: string,
    photoId: string,
  ): Promise<PhotoUpload> {
    const kase = await readableCase(
      this.cases,
      requireRole(context, 'caseReaders', 'Reading photos'),
      caseId,
    );
    const photo = await this.photos.find(photoId);
    if (!photo || photo.caseId !== kase.id || photo.status !== 'complete') {
      throw ServiceError.notFound(`No photo ${photoId} in case ${caseId}`);
    }
    return photo;
  }
}

/** The photos of a case, oldest first. */
@Injectable()
export class ListCasePhotos extends PhotoReader {
  async execute(
    command: Command<HandlerRequestOf<typeof listCasePhotos>>,
  ): Promise<HandlerReplyOf<typeof listCasePhotos>> {
    const kase = await readableCase(
      this.cases,
      requireRole(command.context, 'caseReaders', 'Reading photos'),
      command.caseId,
    );
    const photos = await this.photos.listComplete(kase.id, await this.cases.photoIds(kase.id));
    return { items: photos.map(toCasePhoto) };
  }
}

/** One photo, with the number of chunks to read for its download. */
@Injectable()
export class GetCasePhoto extends PhotoReader {
  async execute(
    command: Command<HandlerRequestOf<typeof getCasePhoto>>,
  ): Promise<HandlerReplyOf<typeof getCasePhoto>> {
    const photo = await this.photoOf(command.context, command.caseId, command.photoId);
    return { ...toCasePhoto(photo), chunks: photo.nextSequence };
  }
}

/** One chunk of a photo's file. */
@Injectable()
export class ReadCasePhotoChunk extends PhotoReader {
  async execute(
    command: Command<HandlerRequestOf<typeof readCasePhotoChunk>>,
  ): Promise<HandlerReplyOf<typeof readCasePhotoChunk>> {
    const photo = await this.photoOf(command.context, command.caseId, command.photoId);
    const data =
      command.sequence < photo.nextSequence
        ? await this.photos.chunk(photo.id, command.sequence)
        : null;
    if (!data) {
      throw ServiceError.notFound(
        `Photo ${photo.id} has chunks 0 to ${photo.nextSequence - 1}, not ${command.sequence}`,
      );
    }
    return { sequence: command.sequence, data: data.toString('base64') };
  }
}

/** A photo's JPEG thumbnail. */
@Injectable()
export class GetCasePhotoThumbnail extends PhotoReader {
  async execute(
    command: Command<HandlerRequestOf<typeof getCasePhotoThumbnail>>,
  ): Promise<HandlerReplyOf<typeof getCasePhotoThumbnail>> {
    const photo = await this.photoOf(command.context, command.caseId, command.photoId);
    const data = await this.photos.thumbnail(photo.id);
    if (!data) throw new Error(`Photo ${photo.id} is complete but has no thumbnail`);
    return { contentType: 'image/jpeg', data: data.toString('base64') };
  }
}
