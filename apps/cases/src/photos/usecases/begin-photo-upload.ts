import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type beginCasePhotoUpload,
  assertDeclaredTypeAccepted,
} from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { CaseRepository } from '../../cases/usecases/ports';
import { PHOTO_TYPES } from '../domain/photo-upload';
import { caseToAddPhotoTo } from './photo-access';
import { PhotoSettings, PhotoStore } from './ports';

export type BeginPhotoUploadCommand = HandlerRequestOf<typeof beginCasePhotoUpload> & {
  readonly context: RequestContext;
};

/** Opens an upload to a case the principal may edit; a declared type never accepted is refused. */
@Injectable()
export class BeginPhotoUpload {
  constructor(
    private readonly cases: CaseRepository,
    private readonly photos: PhotoStore,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly settings: PhotoSettings,
  ) {}

  async execute(
    command: BeginPhotoUploadCommand,
  ): Promise<HandlerReplyOf<typeof beginCasePhotoUpload>> {
    const { principal, kase } = await caseToAddPhotoTo(this.cases, command.context, command.caseId);
    assertDeclaredTypeAccepted(command.declaredType, PHOTO_TYPES);
    const now = this.clock.now();
    const id = this.ids.next();
    await this.photos.insert({
      id,
      caseId: kase.id,
      kind: command.kind,
      ...(command.caption === undefined ? {} : { caption: command.caption }),
      ...(command.declaredType === undefined ? {} : { declaredType: command.declaredType }),
      status: 'uploading',
      nextSequence: 0,
      received: 0,
      createdBy: principal.sub,
      createdAt: now,
      touchedAt: now,
    });
    return { uploadId: id, ...this.settings.limits };
  }
}
