import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { documentWriteLock } from '@opencen/nest-kit';
import { type Model, mongo } from 'mongoose';

import { type PhotoUpload } from '../domain/photo-upload';
import { type PhotoContentSummary, PhotoStore } from '../usecases/ports';
import {
  PHOTO_CHUNK_MODEL,
  PHOTO_MODEL,
  PHOTOS_COLLECTION,
  type PhotoChunkDocument,
  type PhotoDocument,
} from './photo.schema';

/** Chunks read per round trip when streaming a file: a few chunks in memory, never the file. */
const CHUNKS_PER_BATCH = 2;

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

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof mongo.Binary) return Buffer.from(data.buffer);
  throw new Error('A stored chunk is not binary');
}

@Injectable()
export class MongoPhotoStore extends PhotoStore {
  constructor(
    @InjectModel(PHOTO_MODEL) private readonly uploads: Model<PhotoDocument>,
    @InjectModel(PHOTO_CHUNK_MODEL) private readonly chunkModel: Model<PhotoChunkDocument>,
  ) {
    super();
  }

  async insert(upload: PhotoUpload): Promise<void> {
    const { id, thumbnail: _thumbnail, ...fields } = upload;
    await this.uploads.collection.insertOne({ _id: id, ...fields } as never);
  }

  async find(id: string): Promise<PhotoUpload | null> {
    const document = await this.uploads.findById(id, WITHOUT_THUMBNAIL_DATA).lean<PhotoDocument>();
    return document ? toUpload(document) : null;
  }

  async putChunk(id: string, sequence: number, data: Buffer): Promise<void> {
    await this.chunkModel.collection.replaceOne(
      { _id: `${id}:${sequence}` } as never,
      { photoId: id, sequence, data: new mongo.Binary(data) },
      { upsert: true },
    );
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
    const cursor = this.chunkModel.collection
      .find({ photoId: id }, { projection: { data: 1 }, batchSize: CHUNKS_PER_BATCH })
      .sort({ sequence: 1 });
    try {
      for await (const chunk of cursor) yield toBuffer(chunk.data);
    } finally {
      await cursor.close();
    }
  }

  async chunk(id: string, sequence: number): Promise<Buffer | null> {
    const document = await this.chunkModel.collection.findOne({
      _id: `${id}:${sequence}`,
    } as never);
    return document ? toBuffer(document.data) : null;
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
  }

  async thumbnail(id: string): Promise<Buffer | null> {
    const document = await this.uploads
      .findById(id, { thumbnail: 1 })
      .lean<{ thumbnail?: { data?: unknown } }>();
    return document?.thumbnail?.data ? toBuffer(document.thumbnail.data) : null;
  }

  async listComplete(caseId: string): Promise<PhotoUpload[]> {
    const documents = await this.uploads
      .find({ caseId, status: 'complete' }, WITHOUT_THUMBNAIL_DATA)
      .sort({ createdAt: 1 })
      .lean<PhotoDocument[]>();
    return documents.map(toUpload);
  }

  async idleSince(before: Date, limit: number): Promise<PhotoUpload[]> {
    const documents = await this.uploads
      .find(
        { status: { $in: ['uploading', 'stored'] }, touchedAt: { $lt: before } },
        WITHOUT_THUMBNAIL_DATA,
      )
      .sort({ touchedAt: 1 })
      .limit(limit)
      .lean<PhotoDocument[]>();
    return documents.map(toUpload);
  }

  async discard(id: string): Promise<boolean> {
    // The upload first: once it is gone no chunk can be counted, so the chunks can go. A photo
    // that is stored or complete keeps its chunks; chunks left by an interrupted discard go too.
    const result = await documentWriteLock.run(PHOTOS_COLLECTION, id, () =>
      this.uploads.deleteOne({ _id: id, status: 'uploading' }),
    );
    const gone = result.deletedCount === 1 || !(await this.uploads.exists({ _id: id }));
    if (gone) await this.chunkModel.collection.deleteMany({ photoId: id });
    return result.deletedCount === 1;
  }
}
