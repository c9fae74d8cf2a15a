import { Schema } from 'mongoose';

export const PHOTO_MODEL = 'CasePhoto';
export const PHOTOS_COLLECTION = 'case_photos';
export const PHOTO_CHUNK_MODEL = 'CasePhotoChunk';
export const PHOTO_CHUNKS_COLLECTION = 'case_photo_chunks';

/**
 * An upload and, once complete, the photo it became (domain/photo-upload): one document each,
 * with the thumbnail's bytes. The file's bytes are in `case_photo_chunks`.
 *
 * Why not GridFS: a GridFS upload stream lives in one process, while the chunks of an upload are
 * separate NATS requests that replicas of this service share; our own chunk documents let any
 * replica take the next chunk, and use nothing FerretDB lacks.
 */
export interface PhotoDocument {
  _id: string;
  caseId: string;
  kind: string;
  caption?: string;
  declaredType?: string;
  contentType?: string;
  status: string;
  nextSequence: number;
  received: number;
  createdBy: string;
  createdAt: Date;
  touchedAt: Date;
  sha256?: string;
  thumbnail?: { width: number; height: number; size: number; data: Buffer };
  uploadedAt?: Date;
}

export const photoSchema = new Schema<PhotoDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    kind: { type: String, required: true },
    caption: String,
    declaredType: String,
    contentType: String,
    status: { type: String, required: true },
    nextSequence: { type: Number, required: true },
    received: { type: Number, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    touchedAt: { type: Date, required: true },
    sha256: String,
    thumbnail: Schema.Types.Mixed,
    uploadedAt: Date,
  },
  { versionKey: false },
);
// Photos of a case: { caseId, status: 'complete' } sorted by createdAt.
photoSchema.index({ caseId: 1, status: 1, createdAt: 1 });
// Cleanup job: { status: { $in: ['uploading', 'stored'] }, touchedAt: { $lt: cutoff } }.
photoSchema.index({ status: 1, touchedAt: 1 });

/** One chunk of a file: `_id` is `<photo id>:<sequence>`, so storing it again replaces it. */
export interface PhotoChunkDocument {
  _id: string;
  photoId: string;
  sequence: number;
  data: Buffer;
}

export const photoChunkSchema = new Schema<PhotoChunkDocument>(
  {
    _id: { type: String, required: true },
    photoId: { type: String, required: true },
    sequence: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { versionKey: false },
);
// A file in order, and all chunks of an upload to discard: { photoId } sorted by sequence.
photoChunkSchema.index({ photoId: 1, sequence: 1 });
