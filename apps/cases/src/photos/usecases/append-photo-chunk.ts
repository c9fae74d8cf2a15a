import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type appendCasePhotoChunk,
  DomainRefusal,
  decideChunk,
} from '@opencen/contracts';
import { type RequestContext, ServiceError, requirePrincipal, Clock } from '@opencen/nest-kit';

import { PHOTO_TYPES } from '../domain/photo-upload';
import { ownUpload } from './photo-access';
import { PhotoSettings, PhotoStore } from './ports';

export type AppendPhotoChunkCommand = HandlerRequestOf<typeof appendCasePhotoChunk> & {
  readonly context: RequestContext;
};

/**
 * Stores the next chunk of an upload. A file refused (not an accepted image, type disagreeing
 * with the declared one, over the limit) discards the whole upload: nothing of it is kept.
 */
@Injectable()
export class AppendPhotoChunk {
  constructor(
    private readonly photos: PhotoStore,
    private readonly clock: Clock,
    private readonly settings: PhotoSettings,
  ) {}

  async execute(
    command: AppendPhotoChunkCommand,
  ): Promise<HandlerReplyOf<typeof appendCasePhotoChunk>> {
    const principal = requirePrincipal(command.context, 'Photo uploads');
    const upload = ownUpload(await this.photos.find(command.uploadId), principal, command.uploadId);
    const data = Buffer.from(command.data, 'base64');
    const decision = await this.decide(upload.id, () =>
      decideChunk(upload, command.sequence, data, this.settings.limits, PHOTO_TYPES),
    );
    if (decision.action === 'repeat') {
      return {
        uploadId: upload.id,
        received: upload.received,
        nextSequence: upload.nextSequence,
      };
    }
    // The chunk first, then the count: a crash between them leaves a chunk that the same
    // sequence number overwrites when the sender tries again.
    await this.photos.putChunk(upload.id, command.sequence, data);
    const counted = await this.photos.advance(
      upload.id,
      command.sequence,
      data.length,
      decision.contentType,
      this.clock.now(),
    );
    if (!counted) {
      throw ServiceError.conflict(`Upload ${upload.id} changed meanwhile`, [
        { path: 'sequence', reason: 'another chunk was counted meanwhile', code: 'out_of_order' },
      ]);
    }
    return {
      uploadId: upload.id,
      received: upload.received + data.length,
      nextSequence: command.sequence + 1,
    };
  }

  /** Runs the chunk rule; a refusal of the file discards the upload before it is reported. */
  private async decide<T>(uploadId: string, run: () => T): Promise<T> {
    try {
      return run();
    } catch (error) {
      if (error instanceof DomainRefusal && error.details.some((d) => d.path === 'file')) {
        await this.photos.discard(uploadId);
      }
      throw error;
    }
  }
}
