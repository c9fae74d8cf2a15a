import { Schema } from 'mongoose';

export const PHOTO_MODEL = 'CasePhoto';
export const PHOTOS_COLLECTION = 'case_photos';
export const PHOTO_CHUNK_MODEL = 'CasePhotoChunk';
export const PHOTO_CHUNKS_COLLECTION = 'case_photo_chunks';
export const OPEN_UPLOAD_MODEL = 'CasePhotoOpenUpload';
export const OPEN_UPLOADS_COLLECTION = 'case_photo_open_uploads';

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
// No secondary index: a photo is read by `_id`, those of a case through the case's history, and
// the uploads the cleanup job looks at through case_photo_open_uploads.

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
// No secondary index: a chunk is read and deleted by `_id`, from 0 to its upload's count.

/**
 * An upload not complete yet, by its id: what the cleanup job reads instead of the photos. Its
 * marker is inserted before the upload and deleted once the upload is complete or discarded, so
 * the collection holds the uploads in flight only (declared bounded in app.module.ts).
 */
export interface OpenUploadDocument {
  _id: string;
  since: Date;
}

export const openUploadSchema = new Schema<OpenUploadDocument>(
  { _id: { type: String, required: true }, since: { type: Date, required: true } },
  { versionKey: false },
);
