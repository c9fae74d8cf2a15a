import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Injectable } from '@nestjs/common';
import sharp from 'sharp';

import { type PhotoContentSummary, PhotoContent, UnreadableImageError } from '../usecases/ports';

/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_PX = 256;

/**
 * Streams the chunks to a temporary file while hashing them, then lets sharp read the file: given
 * a stream, sharp would gather the whole image in memory first; given a file, libvips reads it as
 * it decodes (and shrinks JPEGs on load).
 */
@Injectable()
export class SharpPhotoContent extends PhotoContent {
  async summarise(chunks: AsyncIterable<Buffer>): Promise<PhotoContentSummary> {
    const file = join(tmpdir(), `opencen-photo-${randomUUID()}`);
    try {
      const hash = createHash('sha256');
      let size = 0;
      const counted = Readable.from(
        (async function* () {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        })(),
      );
      await pipeline(counted, createWriteStream(file));
      const thumbnail = await this.thumbnail(file);
      return { sha256: hash.digest('hex'), size, thumbnail };
    } finally {
      await rm(file, { force: true });
    }
  }

  private async thumbnail(file: string): Promise<PhotoContentSummary['thumbnail']> {
    try {
      const { data, info } = await sharp(file, { failOn: 'error' })
        .rotate() // upright, as EXIF says
        .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height };
    } catch (error) {
      throw new UnreadableImageError((error as Error).message);
    }
  }
}
