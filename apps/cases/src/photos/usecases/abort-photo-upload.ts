import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type abortCasePhotoUpload,
} from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { ownUpload } from './photo-access';
import { PhotoStore } from './ports';

/** Discards an unfinished upload of the principal's; a finished one stays (aborted: false). */
@Injectable()
export class AbortPhotoUpload {
  constructor(private readonly photos: PhotoStore) {}

  async execute(
    command: HandlerRequestOf<typeof abortCasePhotoUpload> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof abortCasePhotoUpload>> {
    const principal = requirePrincipal(command.context, 'Photo uploads');
    const upload = ownUpload(await this.photos.find(command.uploadId), principal, command.uploadId);
    return { aborted: await this.photos.discard(upload.id) };
  }
}
