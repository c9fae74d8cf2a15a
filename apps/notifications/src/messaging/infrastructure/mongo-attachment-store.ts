import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FileChunks, documentWriteLock } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { type AttachmentUpload } from '../domain/attachment-upload';
import { type AttachmentContentType } from '../domain/attachment-upload';
import { AttachmentStore } from '../usecases/ports';
import {
  ATTACHMENT_CHUNK_MODEL,
  ATTACHMENT_MODEL,
  ATTACHMENTS_COLLECTION,
  type AttachmentChunkDocument,
  type AttachmentDocument,
  OPEN_UPLOAD_MODEL,
  type OpenUploadDocument,
} from './conversation.schema';

function toUpload(document: AttachmentDocument): AttachmentUpload {
  return {
    id: document._id,
    conversationId: document.conversationId,
    name: document.name,
    ...(document.declaredType ? { declaredType: document.declaredType } : {}),
    ...(document.contentType ? { contentType: document.contentType as AttachmentContentType } : {}),
    status: document.status as AttachmentUpload['status'],
    nextSequence: document.nextSequence,
    received: document.received,
    uploadedBy: document.uploadedBy,
    createdAt: document.createdAt,
    touchedAt: document.touchedAt ?? document.createdAt,
    ...(document.sha256 ? { sha256: document.sha256 } : {}),
    ...(document.postedIn != null ? { postedIn: document.postedIn } : {}),
  };
}

/** Attachments and their chunks in MongoDB, by key; each state change guarded by the state before. */
@Injectable()
export class MongoAttachmentStore extends AttachmentStore {
  /** The files' bytes, a chunk a document by `<attachment>:<n>`, as the cases keep photos. */
  private readonly chunks: FileChunks;

  constructor(
    @InjectModel(ATTACHMENT_MODEL) private readonly attachments: Model<AttachmentDocument>,
    @InjectModel(ATTACHMENT_CHUNK_MODEL) chunkModel: Model<AttachmentChunkDocument>,
    @InjectModel(OPEN_UPLOAD_MODEL) private readonly openUploads: Model<OpenUploadDocument>,
  ) {
    super();
    this.chunks = new FileChunks(chunkModel.collection);
  }

  async insert(upload: AttachmentUpload): Promise<void> {
    const { id, ...fields } = upload;
    // The marker first: an upload the cleanup job cannot find would never be cleaned up.
    await this.openUploads.collection.insertOne({ _id: id, since: upload.createdAt } as never);
    await this.attachments.collection.insertOne({ _id: id, ...fields } as never);
  }

  async get(id: string): Promise<AttachmentUpload | null> {
    const document = await this.attachments.findById(id).lean<AttachmentDocument>();
    return document ? toUpload(document) : null;
  }

  async putChunk(id: string, sequence: number, data: Buffer): Promise<void> {
    await this.chunks.put(id, sequence, data);
  }

  async advance(
    id: string,
    sequence: number,
    bytes: number,
    contentType: string,
    at: Date,
  ): Promise<boolean> {
    const result = await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.updateOne(
        { _id: id, status: 'uploading', nextSequence: sequence },
        {
          $set: { nextSequence: sequence + 1, contentType, touchedAt: at },
          $inc: { received: bytes },
        },
      ),
    );
    return result.matchedCount === 1;
  }

  async chunk(id: string, sequence: number): Promise<Buffer | null> {
    return this.chunks.get(id, sequence);
  }

  async markFinished(id: string, sha256: string, at: Date): Promise<boolean> {
    const result = await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.updateOne(
        { _id: id, status: 'uploading' },
        { $set: { status: 'finished', sha256, touchedAt: at } },
      ),
    );
    return result.matchedCount === 1;
  }

  async markPosted(id: string, number: number): Promise<void> {
    await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.updateOne(
        { _id: id, status: 'finished' },
        { $set: { status: 'posted', postedIn: number } },
      ),
    );
    await this.openUploads.deleteOne({ _id: id });
  }

  discard(id: string): Promise<boolean> {
    return this.discardIn(id, ['uploading']);
  }

  discardUnposted(id: string): Promise<boolean> {
    return this.discardIn(id, ['uploading', 'finished']);
  }

  async idleSince(before: Date, limit: number): Promise<AttachmentUpload[]> {
    // Only uploads not posted have a marker, so this reads a handful of documents whatever the
    // number of attachments; a marker a crash left (its upload gone or posted) goes here.
    const markers = await this.openUploads.find({}, { _id: 1 }).lean<{ _id: string }[]>();
    const idle: AttachmentUpload[] = [];
    for (const { _id: id } of markers) {
      const upload = await this.get(id);
      if (!upload || upload.status === 'posted') await this.openUploads.deleteOne({ _id: id });
      else if (upload.touchedAt < before) idle.push(upload);
    }
    return idle.sort((a, b) => a.touchedAt.getTime() - b.touchedAt.getTime()).slice(0, limit);
  }

  private async discardIn(id: string, statuses: readonly string[]): Promise<boolean> {
    // The upload first: once it is gone no chunk can be counted, so its chunks can go, by key
    // up to the count read before (and the one a crash may have stored beyond it).
    const upload = await this.attachments
      .findById(id, { nextSequence: 1 })
      .lean<AttachmentDocument>();
    const result = await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.deleteOne({ _id: id, status: { $in: [...statuses] } }),
    );
    if (result.deletedCount !== 1) return false;
    await this.chunks.remove(id, upload?.nextSequence ?? 0);
    await this.openUploads.deleteOne({ _id: id });
    return true;
  }
}
