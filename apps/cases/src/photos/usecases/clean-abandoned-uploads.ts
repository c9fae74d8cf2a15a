import { Injectable } from '@nestjs/common';
import { newCorrelationId, Clock } from '@opencen/nest-kit';

import { CaseRepository } from '../../cases/usecases/ports';
import { PhotoSettings, PhotoStore } from './ports';
import { recordPhotoAdded } from './record-photo-added';

/** How many idle uploads one pass looks at. */
const BATCH = 100;

/**
 * The cleanup job's pass. An upload idle for too long is abandoned: still uploading, it is
 * discarded with its chunks; stored (its finish crashed after keeping everything), it is
 * completed, so that a photo whose finish was interrupted is not lost.
 */
@Injectable()
export class CleanAbandonedUploads {
  constructor(
    private readonly cases: CaseRepository,
    private readonly photos: PhotoStore,
    private readonly clock: Clock,
    private readonly settings: PhotoSettings,
  ) {}

  async execute(): Promise<{ discarded: number; completed: number }> {
    const before = new Date(this.clock.now().getTime() - this.settings.abandonAfterMs);
    let discarded = 0;
    let completed = 0;
    for (const upload of await this.photos.idleSince(before, BATCH)) {
      if (upload.status === 'uploading') {
        if (await this.photos.discard(upload.id)) discarded += 1;
        continue;
      }
      const kase = await this.cases.findById(upload.caseId);
      if (kase) {
        await recordPhotoAdded(this.cases, kase, upload, { correlationId: newCorrelationId() });
      }
      await this.photos.markComplete(upload.id);
      completed += 1;
    }
    return { discarded, completed };
  }
}
