import { Injectable } from '@nestjs/common';
import { Clock } from '@opencen/nest-kit';

import { AttachmentSettings, AttachmentStore } from './ports';

/** How many idle uploads one pass looks at. */
const BATCH = 100;

/**
 * The cleanup job's pass: an upload not posted and idle for longer than the setting (still
 * uploading, or finished and never posted) is discarded with its chunks.
 */
@Injectable()
export class CleanAbandonedUploads {
  constructor(
    private readonly attachments: AttachmentStore,
    private readonly settings: AttachmentSettings,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ discarded: number }> {
    const before = new Date(this.clock.now().getTime() - this.settings.abandonAfterMs);
    let discarded = 0;
    for (const upload of await this.attachments.idleSince(before, BATCH)) {
      if (await this.attachments.discardUnposted(upload.id)) discarded += 1;
    }
    return { discarded };
  }
}
