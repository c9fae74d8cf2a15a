import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FileChunks, documentWriteLock } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { type AttachmentUpload } from '../domain/attachment-upload';
import { type AttachmentContentType } from '../domain/file-type';
import { AttachmentStore } from '../usecases/ports';
import {
  ATTACHMENT_CHUNK_MODEL,
  ATTACHMENT_MODEL,
  ATTACHMENTS_COLLECTION,
  type AttachmentChunkDocument,
  type AttachmentDocument,
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
  ) {
    super();
    this.chunks = new FileChunks(chunkModel.collection);
  }

  async insert(upload: AttachmentUpload): Promise<void> {
    const { id, ...fields } = upload;
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
  ): Promise<boolean> {
    const result = await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.updateOne(
        { _id: id, status: 'uploading', nextSequence: sequence },
        { $set: { nextSequence: sequence + 1, contentType }, $inc: { received: bytes } },
      ),
    );
    return result.matchedCount === 1;
  }

  async chunk(id: string, sequence: number): Promise<Buffer | null> {
    return this.chunks.get(id, sequence);
  }

  async markFinished(id: string, sha256: string): Promise<boolean> {
    const result = await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.updateOne(
        { _id: id, status: 'uploading' },
        { $set: { status: 'finished', sha256 } },
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
  }

  async discard(id: string): Promise<boolean> {
    // The upload first: once it is gone no chunk can be counted, so its chunks can go, by key.
    const upload = await this.attachments
      .findById(id, { nextSequence: 1 })
      .lean<AttachmentDocument>();
    const result = await documentWriteLock.run(ATTACHMENTS_COLLECTION, id, () =>
      this.attachments.deleteOne({ _id: id, status: 'uploading' }),
    );
    if (result.deletedCount !== 1) return false;
    await this.chunks.remove(id, upload?.nextSequence ?? 0);
    return true;
  }
}
