import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FileChunks, binaryToBuffer, documentWriteLock } from '@opencen/nest-kit';
import { type Model, mongo } from 'mongoose';

import { type PhotoUpload } from '../domain/photo-upload';
import { type PhotoContentSummary, PhotoStore } from '../usecases/ports';
import {
  OPEN_UPLOAD_MODEL,
  type OpenUploadDocument,
  PHOTO_CHUNK_MODEL,
  PHOTO_MODEL,
  PHOTOS_COLLECTION,
  type PhotoChunkDocument,
  type PhotoDocument,
} from './photo.schema';

/** Everything but the thumbnail's bytes. */
const WITHOUT_THUMBNAIL_DATA = { 'thumbnail.data': 0 } as const;

function toUpload(document: PhotoDocument): PhotoUpload {
  const { _id, thumbnail, ...fields } = document;
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null));
  return {
    ...(present as Omit<PhotoUpload, 'id' | 'thumbnail'>),
    id: _id,
    ...(thumbnail
      ? { thumbnail: { width: thumbnail.width, height: thumbnail.height, size: thumbnail.size } }
      : {}),
  };
}

@Injectable()
export class MongoPhotoStore extends PhotoStore {
  /** The files' bytes, a chunk a document by `<photo>:<n>` (the kit's FileChunks). */
  private readonly fileChunks: FileChunks;

  constructor(
    @InjectModel(PHOTO_MODEL) private readonly uploads: Model<PhotoDocument>,
    @InjectModel(PHOTO_CHUNK_MODEL) chunkModel: Model<PhotoChunkDocument>,
    @InjectModel(OPEN_UPLOAD_MODEL) private readonly openUploads: Model<OpenUploadDocument>,
  ) {
    super();
    this.fileChunks = new FileChunks(chunkModel.collection);
  }

  async insert(upload: PhotoUpload): Promise<void> {
    const { id, thumbnail: _thumbnail, ...fields } = upload;
    // The marker first: an upload the cleanup job cannot find would never be cleaned up.
    await this.openUploads.collection.insertOne({ _id: id, since: upload.createdAt } as never);
    await this.uploads.collection.insertOne({ _id: id, ...fields } as never);
  }

  async find(id: string): Promise<PhotoUpload | null> {
    const document = await this.uploads.findById(id, WITHOUT_THUMBNAIL_DATA).lean<PhotoDocument>();
    return document ? toUpload(document) : null;
  }

  async putChunk(id: string, sequence: number, data: Buffer): Promise<void> {
    await this.fileChunks.put(id, sequence, data, { photoId: id, sequence });
  }

  async advance(
    id: string,
    sequence: number,
    bytes: number,
    contentType: string,
    at: Date,
  ): Promise<boolean> {
    const result = await documentWriteLock.run(PHOTOS_COLLECTION, id, () =>
      this.uploads.updateOne(
        { _id: id, status: 'uploading', nextSequence: sequence },
        {
          $set: { nextSequence: sequence + 1, touchedAt: at, contentType },
          $inc: { received: bytes },
        },
      ),
    );
    return result.matchedCount === 1;
  }

  async *chunks(id: string): AsyncIterable<Buffer> {
    // One chunk in memory at a time, each read by key: the upload counts them.
    const upload = await this.uploads.findById(id, { nextSequence: 1 }).lean<PhotoDocument>();
    yield* this.fileChunks.read(id, upload?.nextSequence ?? 0);
  }

  async chunk(id: string, sequence: number): Promise<Buffer | null> {
    return this.fileChunks.get(id, sequence);
  }

  async markStored(id: string, summary: PhotoContentSummary, uploadedAt: Date): Promise<boolean> {
    const { data, width, height } = summary.thumbnail;
    const result = await documentWriteLock.run(PHOTOS_COLLECTION, id, () =>
      this.uploads.collection.updateOne({ _id: id, status: 'uploading' } as never, {
        $set: {
          status: 'stored',
          sha256: summary.sha256,
          thumbnail: { width, height, size: data.length, data: new mongo.Binary(data) },
          uploadedAt,
          touchedAt: uploadedAt,
        },
      }),
    );
    return result.matchedCount === 1;
  }

  async markComplete(id: string): Promise<void> {
    await documentWriteLock.run(PHOTOS_COLLECTION, id, () =>
      this.uploads.updateOne({ _id: id, status: 'stored' }, { $set: { status: 'complete' } }),
    );
    await this.openUploads.deleteOne({ _id: id });
  }

  async thumbnail(id: string): Promise<Buffer | null> {
    const document = await this.uploads
      .findById(id, { thumbnail: 1 })
      .lean<{ thumbnail?: { data?: unknown } }>();
    return document?.thumbnail?.data ? binaryToBuffer(document.thumbnail.data) : null;
  }

  async listComplete(caseId: string, photoIds: readonly string[]): Promise<PhotoUpload[]> {
    // Each read by key: the case's history names the photos recorded for it.
    const photos: PhotoUpload[] = [];
    for (const id of new Set(photoIds)) {
      const photo = await this.find(id);
      if (photo?.status === 'complete' && photo.caseId === caseId) photos.push(photo);
    }
    return photos.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async idleSince(before: Date, limit: number): Promise<PhotoUpload[]> {
    // Only uploads in flight have a marker, so this reads a handful of documents whatever the
    // number of photos; a marker left by a crash (its upload gone or complete) goes here.
    const markers = await this.openUploads.find({}, { _id: 1 }).lean<{ _id: string }[]>();
    const idle: PhotoUpload[] = [];
    for (const { _id: id } of markers) {
      const upload = await this.find(id);
      if (!upload || upload.status === 'complete') {
        await this.openUploads.deleteOne({ _id: id });
      } else if (upload.touchedAt < before) {
        idle.push(upload);
      }
    }
    return idle.sort((a, b) => a.touchedAt.getTime() - b.touchedAt.getTime()).slice(0, limit);
  }

  async discard(id: string): Promise<boolean> {
    // The upload first: once it is gone no chunk can be counted, so the chunks can go, each by
    // key up to the count read before (and the one a crash may have stored beyond it). A photo
    // that is stored or complete keeps its chunks. A crash between the two leaves chunks that
    // nothing reaches (a chunk is read only through its upload).
    const upload = await this.uploads.findById(id, { nextSequence: 1 }).lean<PhotoDocument>();
    const result = await documentWriteLock.run(PHOTOS_COLLECTION, id, () =>
      this.uploads.deleteOne({ _id: id, status: 'uploading' }),
    );
    if (result.deletedCount !== 1) return false;
    await this.fileChunks.remove(id, upload?.nextSequence ?? 0);
    await this.openUploads.deleteOne({ _id: id });
    return true;
  }
}
